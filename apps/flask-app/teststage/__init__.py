"""The pipeline's Test stage helpers (scripts/test-stage.sh): temporary DynamoDB tables, the image to test,
the ECR login and the wait for /gtg. Uses boto3 from the app's venv; not part of the container image."""
