"""Local-development helpers: a dynalite DynamoDB and its table. Not part of the container image."""
