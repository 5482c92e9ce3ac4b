"""The candidates service: a small Flask API over one DynamoDB table."""

from .app import create_app

__all__ = ["create_app"]
