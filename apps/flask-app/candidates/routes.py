"""HTTP routes; paths, status codes and bodies follow the original service's contract."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify, request

from .instance_id import InstanceIdProvider
from .names import InvalidName, validate_name
from .page_token import InvalidToken, decode_token, encode_token
from .store import CandidateStore, StoreError

logger = logging.getLogger(__name__)

routes = Blueprint("candidates", __name__)

# Items per `GET /candidates` answer: one bounded DynamoDB Scan per request, however large the table.
CANDIDATES_PAGE_LIMIT = 100


@routes.after_app_request
def no_sniffing(response: Response) -> Response:
    """Every answer, errors included: browsers must not second-guess the declared content type."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _store() -> CandidateStore:
    return current_app.extensions["candidate_store"]


def _instance_ids() -> InstanceIdProvider:
    return current_app.extensions["instance_id_provider"]


def _text(body: str, status: int) -> Response:
    return Response(body, status=status, mimetype="text/plain")


def _invalid(error: ValueError) -> tuple[Response, int]:
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
        return _invalid(error)
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
        return _invalid(error)
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
    """A JSON list of up to CANDIDATES_PAGE_LIMIT items. When more may follow, the answer carries
    `Link: </candidates?next=<token>>; rel="next"`; the last page has no Link header (and may be empty)."""
    tokens = request.args.getlist("next")
    try:
        if len(tokens) > 1:
            raise InvalidToken("give next once")
        start_after = decode_token(tokens[0]) if tokens else None
    except InvalidToken as error:
        return _invalid(error)
    try:
        items, last_name = _store().page(CANDIDATES_PAGE_LIMIT, start_after)
    except StoreError:
        logger.exception("listing candidates failed")
        return _text("Unable to read", 500)
    if not items and start_after is None:
        return _text("Not Found", 404)
    response = jsonify(items)
    if last_name is not None:
        response.headers["Link"] = f'</candidates?next={encode_token(last_name)}>; rel="next"'
    return response, 200
