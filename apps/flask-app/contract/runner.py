"""Runs the contract checks of checks.json against a base URL (standard library only).

The TypeScript runner of `challenge smoke` (packages/delivery/src/smoke) reads the same file and gives the
same names, verdicts and failure texts; packages/delivery/test/contract-runners.test.ts holds them to that.
"""

from __future__ import annotations

import http.client
import json
import re
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

CHECKS_FILE = Path(__file__).resolve().parent / "checks.json"
DEFAULT_TIMEOUT_SECONDS = 5.0
_NEXT_LINK = re.compile(r'<([^>]*)>\s*;\s*rel="?next"?')
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    ms: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class CheckFailed(Exception):
    """The answer broke the contract; the message says how."""


@dataclass(frozen=True)
class _Exchange:
    url: str
    status: int
    content_type: str
    body: str
    next_url: str | None


def load_spec(path: Path = CHECKS_FILE) -> dict[str, Any]:
    spec = json.loads(path.read_text(encoding="utf-8"))
    if spec.get("version") != 1 or not isinstance(spec.get("checks"), list):
        raise ValueError(f"{path} is not a version 1 contract (a 'checks' list)")
    return spec


def new_candidate(spec: dict[str, Any]) -> str:
    return f"{spec.get('candidatePrefix', 'smoke-')}{uuid.uuid4()}"


def _encode_segment(value: str) -> str:
    # The characters encodeURIComponent leaves alone, so both runners request the same path.
    return quote(value, safe="-_.!~*'()")


def _render(template: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def _shown(value: Any) -> str:
    """A value as failure texts show it: JSON, compact, unescaped (JSON.stringify in the TS runner)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _request(method: str, url: str, timeout: float) -> _Exchange:
    parts = urlsplit(url)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname or "", parts.port, timeout=timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(method, target)
        response = connection.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        link = response.getheader("Link")
        match = _NEXT_LINK.search(link) if link else None
        return _Exchange(
            url=url,
            status=response.status,
            content_type=response.getheader("Content-Type", ""),
            body=body,
            next_url=urljoin(url, match.group(1)) if match else None,
        )
    finally:
        connection.close()


def _expect_status(exchange: _Exchange, status: int) -> None:
    if exchange.status != status:
        raise CheckFailed(f"expected HTTP {status}, got {exchange.status}: {exchange.body[:200].strip()}")


def _json_body(exchange: _Exchange) -> Any:
    if "json" not in exchange.content_type:
        raise CheckFailed(f"content type is {exchange.content_type or 'missing'}, not JSON")
    try:
        return json.loads(exchange.body)
    except ValueError:
        raise CheckFailed("the body is not valid JSON") from None


def _check_fields(body: Any, fields: dict[str, str], values: dict[str, str]) -> None:
    if not isinstance(body, dict):
        raise CheckFailed("expected a JSON object")
    for field, wanted_template in fields.items():
        wanted = _render(wanted_template, values)
        if field not in body:
            raise CheckFailed(f"{_shown(field)} is missing, expected {_shown(wanted)}")
        if body[field] != wanted:
            raise CheckFailed(f"{_shown(field)} is {_shown(body[field])}, expected {_shown(wanted)}")


def _has_item(body: Any, item: dict[str, str]) -> bool:
    if not isinstance(body, list):
        raise CheckFailed("expected a JSON list")
    return any(isinstance(entry, dict) and all(entry.get(k) == v for k, v in item.items()) for entry in body)


def _describe_item(item: dict[str, str]) -> str:
    return " and ".join(f"{key} {_shown(value)}" for key, value in item.items())


def _run_one(check: dict[str, Any], url_of, values: dict[str, str], timeout: float) -> str:
    request = check["request"]
    expect = check["expect"]
    json_expect = expect.get("json") or {}
    method = request.get("method", "GET")
    url = url_of(_render(request["path"], {**values, "candidate": _encode_segment(values["candidate"])}))
    details = dict(values)
    item = {key: _render(value, values) for key, value in (json_expect.get("listItem") or {}).items()}
    max_pages = int(request.get("followNextPages", 1))
    listed = 0
    page = 0
    next_url: str | None = url
    while next_url is not None and page < max_pages:
        page += 1
        exchange = _request(method, next_url, timeout)
        _expect_status(exchange, expect["status"])
        next_url = exchange.next_url
        if not json_expect:
            break
        body = _json_body(exchange)
        if "fields" in json_expect:
            _check_fields(body, json_expect["fields"], values)
        if isinstance(body, dict):
            details.update({f"body.{key}": v if isinstance(v, str) else _shown(v) for key, v in body.items()})
        if not item:
            break
        found = _has_item(body, item)
        listed += len(body)
        if found:
            break
        if max_pages == 1:
            raise CheckFailed(f"no item with {_describe_item(item)}")
    else:
        if item:
            more = f" (first {max_pages} pages)" if next_url is not None else ""
            raise CheckFailed(f"no item with {_describe_item(item)} among {listed} listed{more}")
    details.update({"listed": str(listed), "pages": str(page), "s:pages": "" if page == 1 else "s"})
    return _PLACEHOLDER.sub(lambda match: details.get(match.group(1), "missing"), check["passed"])


def run_checks(
    base_url: str,
    *,
    spec: dict[str, Any] | None = None,
    candidate: str | None = None,
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
) -> list[CheckResult]:
    """Every check in order (later ones read what the insert stored); a failure does not stop the rest."""
    spec = spec or load_spec()
    values = {"candidate": candidate or new_candidate(spec)}
    base = base_url if base_url.endswith("/") else f"{base_url}/"

    def url_of(path: str) -> str:
        return urljoin(base, path.lstrip("/"))

    results: list[CheckResult] = []
    for check in spec["checks"]:
        name = _render(check["name"], values)
        started = time.monotonic()
        try:
            detail = _run_one(check, url_of, values, timeout_seconds)
            ok = True
        except CheckFailed as failure:
            detail, ok = str(failure), False
        except (OSError, http.client.HTTPException) as error:
            detail, ok = f"request failed: {error}", False
        results.append(CheckResult(name=name, ok=ok, detail=detail, ms=round((time.monotonic() - started) * 1000)))
    return results
