"""HTTP routes; paths, status codes and bodies follow the original service's contract."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify, request

from .instance_id import InstanceIdProvider
from .names import InvalidName, validate_name
from .store import CandidateStore, StoreError

logger = logging.getLogger(__name__)

routes = Blueprint("candidates", __name__)


def _store() -> CandidateStore:
    return current_app.extensions["candidate_store"]


def _instance_ids() -> InstanceIdProvider:
    return current_app.extensions["instance_id_provider"]


def _text(body: str, status: int) -> Response:
    return Response(body, status=status, mimetype="text/plain")


def _invalid_name(error: InvalidName) -> tuple[Response, int]:
    return jsonify({"status": "invalid request", "reason": str(error)}), 400


@routes.get("/")
def default():
    return jsonify({"status": "invalid request"}), 400


@routes.get("/gtg")
def good_to_go():
    if "details" in request.args:
        return jsonify({"connected": "true", "instance-id": _instance_ids().get()}), 200
    return Response(status=200)


@routes.post("/candidate/<name>")
def add_candidate(name: str):
    try:
        name = validate_name(name)
    except InvalidName as error:
        return _invalid_name(error)
    try:
        _store().put(name)
    except StoreError:
        logger.exception("storing candidate %r failed", name)
        return _text("Unable to update", 500)
    return jsonify({"CandidateName": name}), 200


@routes.get("/candidate/<name>")
def get_candidate(name: str):
    try:
        name = validate_name(name)
    except InvalidName as error:
        return _invalid_name(error)
    try:
        items = _store().find(name)
    except StoreError:
        logger.exception("reading candidate %r failed", name)
        return _text("Unable to read", 500)
    if not items:
        return _text("Not Found", 404)
    return jsonify(items), 200


@routes.get("/candidates")
def list_candidates():
    try:
        items = _store().all()
    except StoreError:
        logger.exception("listing candidates failed")
        return _text("Unable to read", 500)
    if not items:
        return _text("Not Found", 404)
    return jsonify(items), 200
