"""Application factory of the candidates service."""

from __future__ import annotations

import logging
import sys

from flask import Flask

from .instance_id import InstanceIdProvider
from .json_provider import DynamoJSONProvider
from .routes import routes
from .settings import Settings
from .store import CandidateStore

logger = logging.getLogger("candidates")


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    _configure_logging()

    app = Flask("candidates")
    app.json = DynamoJSONProvider(app)
    app.extensions["settings"] = settings
    app.extensions["candidate_store"] = CandidateStore.from_settings(settings)
    app.extensions["instance_id_provider"] = InstanceIdProvider.from_settings(settings)
    app.register_blueprint(routes)

    if settings.region is None and settings.dynamodb_endpoint_url is None:
        logger.warning("no AWS_REGION or AWS_DEFAULT_REGION set; DynamoDB requests will fail until one is")
    logger.info(
        "serving table %r (region %s, endpoint %s)",
        settings.table_name,
        settings.region or "unset",
        settings.dynamodb_endpoint_url or "AWS default",
    )
    return app


def _configure_logging() -> None:
    """Send the service's logs to stderr (the container log) unless something else already does."""
    if logger.handlers or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
