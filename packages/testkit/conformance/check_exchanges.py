"""Check recorded fake-AWS exchanges against botocore's service models.

Usage: python check_exchanges.py EXCHANGES.json  -> prints a JSON report; exit 1 when anything mismatches.

Each exchange is one request a testkit fake answered and its answer, as they went over the wire
(packages/testkit/src/fake-aws/server.ts, FakeAwsExchange). For each one:
- the protocol, signing name, JSON target and content type match the service model's metadata;
- the request, decoded for the model's protocol (json, query, ec2, rest-xml), passes botocore's
  ParamValidator (required members, types, unknown parameters, minimums);
- a success body is walked strictly against the output shape: no member AWS does not define, every
  required member, the wire type of each value, enum values, length/value bounds;
- an error has the protocol's error envelope, a code the operation declares (or one AWS documents for
  every operation of the service, listed below), the modeled HTTP status, and only modeled members.
"""

# Walkers over shape kinds branch and return per kind; the XML parsed is the testkit fakes' own output.
# ruff: noqa: PLR0911, PLR0912, PLR0913, PLR0917, S314

from __future__ import annotations

import base64
import json
import re
import sys
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit
from xml.etree import ElementTree

import botocore.session
from botocore.validate import ParamValidator

# Error codes AWS returns for any operation, which the models do not list per operation.
# https://docs.aws.amazon.com/general/latest/gr/api-retries.html and each API reference's "Common Errors".
COMMON_ERRORS = {
    "AccessDeniedException": 400,
    "ExpiredToken": 403,
    "ExpiredTokenException": 400,
    "IncompleteSignature": 400,
    "InternalFailure": 500,
    "InvalidAction": 400,
    "InvalidClientTokenId": 403,
    "MissingAuthenticationToken": 403,
    "NotAuthorized": 400,
    "OptInRequired": 403,
    "RequestExpired": 400,
    "ServiceUnavailable": 503,
    "ThrottlingException": 400,
    "UnrecognizedClientException": 400,
    "ValidationError": 400,
}

# Codes documented per service but absent from its model.
DOCUMENTED_ERRORS = {
    # https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html
    "dynamodb": {"ValidationException": 400},
    # https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
    "ec2": {"InvalidKeyPair.NotFound": 400, "InvalidKeyPair.Duplicate": 400, "InvalidKey.Format": 400},
    # https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
    "s3": {
        "AccessDenied": 403,
        "NoSuchBucket": 404,
        "ServerSideEncryptionConfigurationNotFoundError": 404,
        "InvalidLocationConstraint": 400,
        "IllegalLocationConstraintException": 400,
        "BucketAlreadyExists": 409,
        "BucketAlreadyOwnedByYou": 409,
        "NoSuchKey": 404,
        "PreconditionFailed": 412,
        "PermanentRedirect": 301,
        "BadDigest": 400,
        "NotImplemented": 501,
        # https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetPublicAccessBlock.html
        "NoSuchPublicAccessBlockConfiguration": 404,
    },
    # CodeCommit is closed to accounts that never had a repository: every call answers this (the model
    # defines the shape, declared for none of the calls the CLI makes).
    # https://aws.amazon.com/blogs/devops/how-to-migrate-your-aws-codecommit-repository-to-another-git-provider/
    "codecommit": {"OperationNotAllowedException": 400},
    # SSM answers input that breaks a constraint (a Path without the leading slash, MaxResults > 10)
    # with ValidationException; the model defines the shape but lists it for few operations.
    "ssm": {"ValidationException": 400},
    # IAM (awsQuery) refuses a caller without the action's permission with AccessDenied, HTTP 403 ("User: ...
    # is not authorized to perform: iam:..."), the code the AWS CLI prints for it.
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
    "iam": {"AccessDenied": 403},
}

PROTOCOLS = {"json": {"json"}, "query": {"query", "ec2"}, "rest": {"rest-xml", "rest-json"}}

session = botocore.session.get_session()
models: dict[str, Any] = {}


def model_of(name: str):
    if name not in models:
        models[name] = session.get_service_model(name)
    return models[name]


class Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")


# --- wire values -------------------------------------------------------------------------------------


def check_bounds(shape, value, where: str, problems: Problems) -> None:
    meta = shape.metadata
    if shape.type_name == "string" and isinstance(value, str):
        if "min" in meta and len(value) < meta["min"]:
            problems.add(where, f"string shorter than the model's minimum {meta['min']}: {value!r}")
        if "max" in meta and len(value) > meta["max"]:
            problems.add(where, f"string longer than the model's maximum {meta['max']}")
    if shape.type_name in ("integer", "long") and isinstance(value, int):
        if "min" in meta and value < meta["min"]:
            problems.add(where, f"{value} is below the model's minimum {meta['min']}")
        if "max" in meta and value > meta["max"]:
            problems.add(where, f"{value} is above the model's maximum {meta['max']}")
    enum = getattr(shape, "enum", None)
    if enum and value not in enum:
        problems.add(where, f"{value!r} is not one of {enum}")


def walk_json(shape, value, where: str, problems: Problems, error_shape: bool = False) -> None:
    """A JSON-protocol value against its shape, strictly."""
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            problems.add(where, f"expected an object ({shape.name}), got {type(value).__name__}")
            return
        by_wire_name = {member.serialization.get("name", name): name for name, member in shape.members.items()}
        for key, item in value.items():
            if error_shape and key in ("__type", "message", "Message"):
                continue
            name = by_wire_name.get(key)
            if name is None:
                problems.add(where, f"member {key!r} is not in {shape.name} (AWS never sends it)")
                continue
            walk_json(shape.members[name], item, f"{where}.{name}", problems)
        for required in shape.required_members:
            wire = shape.members[required].serialization.get("name", required)
            if wire not in value:
                problems.add(where, f"required member {required!r} of {shape.name} is missing")
        return
    if kind == "list":
        if not isinstance(value, list):
            problems.add(where, f"expected a list ({shape.name}), got {type(value).__name__}")
            return
        for index, item in enumerate(value):
            walk_json(shape.member, item, f"{where}[{index}]", problems)
        return
    if kind == "map":
        if not isinstance(value, dict):
            problems.add(where, f"expected a map ({shape.name}), got {type(value).__name__}")
            return
        for key, item in value.items():
            walk_json(shape.key, key, f"{where}<key>", problems)
            walk_json(shape.value, item, f"{where}[{key!r}]", problems)
        return
    expected = {
        "string": (str,),
        "blob": (str,),
        "boolean": (bool,),
        "integer": (int,),
        "long": (int,),
        "float": (int, float),
        "double": (int, float),
        "timestamp": (int, float),
    }[kind]
    if isinstance(value, bool) and kind != "boolean":
        problems.add(where, f"expected {kind}, got a boolean")
        return
    if not isinstance(value, expected):
        # awsJson timestamps are epoch seconds unless the shape says otherwise.
        if kind == "timestamp" and shape.serialization.get("timestampFormat") == "iso8601" and isinstance(value, str):
            return
        problems.add(where, f"expected {kind} ({shape.name}), got {type(value).__name__} {value!r}")
        return
    if kind == "blob":
        try:
            base64.b64decode(value, validate=True)
        except ValueError:
            problems.add(where, "blob is not base64")
    check_bounds(shape, value, where, problems)


def local(tag: str) -> str:
    return tag.split("}", 1)[-1]


def xml_name(member_name: str, member) -> str:
    return member.serialization.get("name", member_name)


def xml_scalar(shape, text: str, where: str, problems: Problems) -> None:
    kind = shape.type_name
    try:
        if kind in ("integer", "long"):
            check_bounds(shape, int(text), where, problems)
        elif kind in ("float", "double"):
            float(text)
        elif kind == "boolean":
            if text not in ("true", "false"):
                raise ValueError(text)
        elif kind == "timestamp":
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        elif kind == "blob":
            base64.b64decode(text, validate=True)
        else:
            check_bounds(shape, text, where, problems)
    except ValueError:
        problems.add(where, f"{text!r} is not a valid {kind} ({shape.name})")


def list_items(shape, element, protocol: str) -> list:
    item_name = shape.member.serialization.get("name", "item" if protocol == "ec2" else "member")
    items = [child for child in element if local(child.tag) == item_name]
    if len(items) != len(list(element)):
        return [None]
    return items


def walk_xml(shape, element, where: str, problems: Problems, protocol: str, skip: set[str] | None = None) -> None:
    """An XML element against its shape, strictly (query, ec2 and rest-xml encodings)."""
    kind = shape.type_name
    if kind == "structure":
        children: dict[str, list] = {}
        for child in element:
            children.setdefault(local(child.tag), []).append(child)
        known = set()
        for name, member in shape.members.items():
            if member.serialization.get("location"):
                continue
            tag = xml_name(name, member)
            flattened = member.type_name == "list" and member.serialization.get("flattened")
            if flattened:
                tag = member.member.serialization.get("name", tag)
            known.add(tag)
            found = children.get(tag, [])
            if not found:
                if name in shape.required_members:
                    problems.add(where, f"required member {name!r} of {shape.name} is missing")
                continue
            if flattened:
                for index, item in enumerate(found):
                    walk_xml(member.member, item, f"{where}.{name}[{index}]", problems, protocol)
                continue
            if len(found) > 1:
                problems.add(where, f"member {tag!r} appears {len(found)} times")
            walk_xml(member, found[0], f"{where}.{name}", problems, protocol)
        for tag in children:
            if tag not in known and tag not in (skip or set()):
                problems.add(where, f"element <{tag}> is not in {shape.name} (AWS never sends it)")
        return
    if kind == "list":
        items = list_items(shape, element, protocol)
        if items == [None]:
            problems.add(where, f"list {shape.name} holds elements other than its items")
            return
        for index, item in enumerate(items):
            walk_xml(shape.member, item, f"{where}[{index}]", problems, protocol)
        return
    if kind == "map":
        for index, entry in enumerate(element):
            key = entry.find("key")
            value = entry.find("value")
            if local(entry.tag) != "entry" or key is None or value is None:
                problems.add(where, f"map {shape.name} entry {index} is not <entry><key/><value/></entry>")
                continue
            walk_xml(shape.value, value, f"{where}[{key.text!r}]", problems, protocol)
        return
    if len(list(element)) > 0:
        problems.add(where, f"expected a {kind} ({shape.name}), got nested elements")
        return
    xml_scalar(shape, element.text or "", where, problems)


# --- requests ----------------------------------------------------------------------------------------


def convert_scalar(shape, text: str):
    kind = shape.type_name
    if kind in ("integer", "long"):
        return int(text) if re.fullmatch(r"-?\d+", text) else text
    if kind in ("float", "double"):
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "boolean":
        return {"true": True, "false": False}.get(text, text)
    if kind == "blob":
        try:
            return base64.b64decode(text)
        except ValueError:
            return text
    return text


def unflatten_query(shape, form: dict[str, str], prefix: str, used: set[str], ec2: bool):
    """Form parameters (awsQuery / ec2Query) back into the nested value they encode."""
    kind = shape.type_name
    if kind == "structure":
        value = {}
        for name, member in shape.members.items():
            if ec2:
                key = member.serialization.get("queryName") or (
                    member.serialization.get("name", name)[:1].upper() + member.serialization.get("name", name)[1:]
                )
            else:
                key = member.serialization.get("name", name)
            full = f"{prefix}.{key}" if prefix else key  # a structure inside a list: Name.member.1.Key
            if not any(k == full or k.startswith(f"{full}.") for k in form):
                continue
            value[name] = unflatten_query(member, form, full, used, ec2)
        return value
    if kind == "list":
        if ec2 or shape.serialization.get("flattened"):
            item_prefix = prefix
        else:
            item_prefix = f"{prefix}.{shape.member.serialization.get('name', 'member')}"
        items = []
        index = 1
        while any(k == f"{item_prefix}.{index}" or k.startswith(f"{item_prefix}.{index}.") for k in form):
            items.append(unflatten_query(shape.member, form, f"{item_prefix}.{index}", used, ec2))
            index += 1
        if not items and prefix in form:
            used.add(prefix)  # an empty list is sent as "Name="
        return items
    if kind == "map":
        result = {}
        index = 1
        while f"{prefix}.entry.{index}.key" in form:
            used.add(f"{prefix}.entry.{index}.key")
            result[form[f"{prefix}.entry.{index}.key"]] = unflatten_query(
                shape.value, form, f"{prefix}.entry.{index}.value", used, ec2
            )
            index += 1
        return result
    used.add(prefix)
    return convert_scalar(shape, form.get(prefix, ""))


def xml_to_params(shape, element):
    kind = shape.type_name
    if kind == "structure":
        value = {}
        for name, member in shape.members.items():
            found = [c for c in element if local(c.tag) == xml_name(name, member)]
            if found:
                value[name] = xml_to_params(member, found[0])
        return value
    if kind == "list":
        return [xml_to_params(shape.member, child) for child in element]
    return convert_scalar(shape, element.text or "")


def rest_params(operation, exchange, problems: Problems, where: str):
    shape = operation.input_shape
    if shape is None:
        return {}
    request = exchange["request"]
    url = urlsplit(request["url"])
    template = operation.http["requestUri"]
    path_template, _, query_template = template.partition("?")
    labels: list[str] = []

    def label(match: re.Match) -> str:
        labels.append(match.group(1))
        return "(.+)" if match.group(2) else "([^/]+)"

    # re.escape also escapes the "+" of greedy labels ({Key+}); undo it with the braces.
    escaped = re.escape(path_template).replace(r"\{", "{").replace(r"\}", "}").replace(r"\+}", "+}")
    pattern = re.sub(r"\{([^}+]+)(\+)?\}", label, escaped)
    # Path-style bucket requests may end in "/" (the JS SDK sends "/bucket/"); S3 treats both alike.
    match = re.fullmatch(pattern + "/?", url.path)
    if not match:
        problems.add(where, f"path {url.path} does not match {template}")
        return {}
    uri_values = {name: unquote(value) for name, value in zip(labels, match.groups(), strict=True)}
    query = dict(parse_qsl(url.query, keep_blank_values=True))
    for literal in filter(None, query_template.split("&")):
        key = literal.split("=")[0]
        if key not in query:
            problems.add(where, f"query parameter {key!r} of {template} is missing")
    headers = {k.lower(): v for k, v in request["headers"].items()}
    params: dict[str, Any] = {}
    payload = shape.serialization.get("payload")
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        key = member.serialization.get("name", name)
        if location == "uri" and key in uri_values:
            params[name] = uri_values[key]
        elif location == "querystring" and key in query:
            params[name] = convert_scalar(member, query[key])
        elif location == "header" and key.lower() in headers:
            params[name] = convert_scalar(member, headers[key.lower()])
        elif name == payload and request["body"]:
            if member.type_name == "structure":
                params[name] = xml_to_params(member, ElementTree.fromstring(request["body"]))
            else:
                params[name] = request["body"]
    return params


def request_params(model, operation, exchange, problems: Problems, where: str):
    protocol = model.metadata["protocol"]
    body = exchange["request"]["body"]
    if protocol == "json":
        return json.loads(body or "{}")
    if protocol in ("query", "ec2"):
        form = dict(parse_qsl(body, keep_blank_values=True))
        if form.get("Action") != operation.name:
            problems.add(where, f"Action={form.get('Action')!r}, expected {operation.name}")
        if form.get("Version") != model.metadata["apiVersion"]:
            problems.add(where, f"Version={form.get('Version')!r}, expected {model.metadata['apiVersion']}")
        used = {"Action", "Version"}
        params = (
            unflatten_query(operation.input_shape, form, "", used, protocol == "ec2") if operation.input_shape else {}
        )
        for key in form:
            if key not in used:
                problems.add(where, f"form parameter {key!r} is not in {operation.name}'s input")
        return params
    return rest_params(operation, exchange, problems, where)


# --- responses ---------------------------------------------------------------------------------------


def error_code_and_body(protocol: str, response, problems: Problems, where: str):
    body = response["body"]
    if protocol == "json":
        try:
            parsed = json.loads(body)
        except ValueError:
            problems.add(where, "error body is not JSON")
            return None, None
        raw = parsed.get("__type") or response["headers"].get("x-amzn-errortype", "")
        return raw.split("#")[-1].split(":")[0], parsed
    if not body:
        return None, None
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        problems.add(where, "error body is not XML")
        return None, None
    if protocol == "query":
        error = root.find("{*}Error") if local(root.tag) == "ErrorResponse" else None
        if error is None:
            problems.add(where, f"query error root is <{local(root.tag)}>, expected <ErrorResponse><Error>")
            return None, None
    elif protocol == "ec2":
        error = root.find("Errors/Error") if local(root.tag) == "Response" else None
        if error is None:
            problems.add(where, f"ec2 error root is <{local(root.tag)}>, expected <Response><Errors><Error>")
            return None, None
    else:
        error = root if local(root.tag) == "Error" else None
        if error is None:
            problems.add(where, f"rest-xml error root is <{local(root.tag)}>, expected <Error>")
            return None, None
    code = error.find("{*}Code") if protocol == "query" else error.find("Code")
    if code is None or not (code.text or "").strip():
        problems.add(where, "error has no <Code>")
        return None, None
    return code.text.strip(), error


# S3's conditional reads: a failed If-Match / If-Unmodified-Since is 412, a held If-None-Match /
# If-Modified-Since is 304 Not Modified without a body (https://www.rfc-editor.org/rfc/rfc9110#section-13.2.2).
CONDITIONAL_READS = {"GetObject", "HeadObject"}
NOT_MODIFIED_IF = ("if-none-match", "if-modified-since")
PRECONDITION_IF = ("if-match", "if-unmodified-since")


def check_error(model, operation, exchange, problems: Problems, where: str) -> None:
    protocol = model.metadata["protocol"]
    response = exchange["response"]
    status = response["status"]
    headers = {k.lower() for k in exchange["request"]["headers"]}
    conditional = model.service_name == "s3" and operation.name in CONDITIONAL_READS
    if status == 304:
        if not (conditional and headers & set(NOT_MODIFIED_IF)) or response["body"]:
            problems.add(where, "304 Not Modified answers only a conditional GET/HEAD of an object, without a body")
        return
    if exchange["request"]["method"] == "HEAD" and not response["body"]:
        allowed = (301, 400, 403, 404, 412) if conditional and headers & set(PRECONDITION_IF) else (301, 400, 403, 404)
        if status not in allowed:
            problems.add(where, f"HEAD answered {status}")
        return
    before = len(problems.items)
    code, body = error_code_and_body(protocol, response, problems, where)
    if code is None:
        if len(problems.items) == before:
            problems.add(where, f"HTTP {status} without an error code")
        return
    modeled = {}
    for shape in operation.error_shapes:
        modeled[shape.metadata.get("error", {}).get("code", shape.name)] = shape
    documented = {**COMMON_ERRORS, **DOCUMENTED_ERRORS.get(model.service_name, {})}
    if code in modeled:
        shape = modeled[code]
        expected_status = shape.metadata.get("error", {}).get("httpStatusCode")
        if expected_status is not None and status != expected_status:
            problems.add(where, f"{code} answered with HTTP {status}, the model says {expected_status}")
        elif expected_status is None and not 400 <= status < 600:
            problems.add(where, f"{code} answered with HTTP {status}")
        if protocol == "json":
            walk_json(shape, body, f"{where}<{code}>", problems, error_shape=True)
            if not any(key in body for key in ("message", "Message")):
                problems.add(where, f"{code} has no message")
    elif code in documented:
        if status != documented[code]:
            problems.add(where, f"{code} answered with HTTP {status}, AWS documents {documented[code]}")
    else:
        problems.add(
            where,
            f"error code {code!r} is neither declared by {operation.name} ({sorted(modeled)})"
            " nor documented for every operation",
        )
    if protocol == "json":
        content_type = response["headers"].get("content-type", "")
        if content_type != f"application/x-amz-json-{model.metadata['jsonVersion']}":
            problems.add(where, f"error content-type {content_type!r}")


def check_json_success(model, operation, exchange, problems: Problems, where: str) -> None:
    response = exchange["response"]
    content_type = response["headers"].get("content-type", "")
    if content_type != f"application/x-amz-json-{model.metadata['jsonVersion']}":
        problems.add(where, f"content-type {content_type!r}")
    value = json.loads(response["body"] or "{}")
    if operation.output_shape is None:
        if value:
            problems.add(where, "body for an operation without output")
        return
    walk_json(operation.output_shape, value, where, problems)


def check_query_success(model, operation, exchange, problems: Problems, where: str) -> None:
    protocol = model.metadata["protocol"]
    shape = operation.output_shape
    root = ElementTree.fromstring(exchange["response"]["body"])
    if local(root.tag) != f"{operation.name}Response":
        problems.add(where, f"root <{local(root.tag)}>, expected <{operation.name}Response>")
    if shape is None:
        return
    if protocol == "ec2":
        walk_xml(shape, root, where, problems, protocol, skip={"requestId"})
        return
    wrapper = shape.serialization.get("resultWrapper")
    result = root.find(f"{{*}}{wrapper}") if wrapper else root
    if result is None:
        problems.add(where, f"<{wrapper}> is missing")
        return
    extra = {local(child.tag) for child in root} - {wrapper, "ResponseMetadata"}
    if wrapper and extra:
        problems.add(where, f"unexpected elements {sorted(extra)} next to <{wrapper}>")
    walk_xml(shape, result, where, problems, protocol)


def check_rest_xml_success(operation, exchange, problems: Problems, where: str) -> None:
    response = exchange["response"]
    shape = operation.output_shape
    if shape is None:
        return
    payload = shape.serialization.get("payload")
    for name, member in shape.members.items():
        if member.serialization.get("location") != "header":
            continue
        value = response["headers"].get(member.serialization.get("name", name).lower())
        if value is not None and member.type_name != "timestamp":
            xml_scalar(member, value, f"{where}.{name}", problems)
        elif value is None and name in shape.required_members:
            problems.add(where, f"required header member {name!r} is missing")
    if payload is not None and shape.members[payload].type_name != "structure":
        return  # a streaming payload (GetObject's Body): the object's bytes, not XML
    if not response["body"]:
        for name, member in shape.members.items():
            in_body = not member.serialization.get("location") and payload in (None, name)
            if in_body and name in shape.required_members:
                problems.add(where, f"required member {name!r} is missing (empty body)")
        return
    root = ElementTree.fromstring(response["body"])
    if payload is None:
        walk_xml(shape, root, where, problems, "rest-xml")
        return
    member = shape.members[payload]
    if member.type_name == "structure":
        expected_root = member.serialization.get("name", payload)
        if local(root.tag) != expected_root:
            problems.add(where, f"payload root <{local(root.tag)}>, expected <{expected_root}>")
        walk_xml(member, root, f"{where}.{payload}", problems, "rest-xml")


def check_success(model, operation, exchange, problems: Problems, where: str) -> None:
    expected_status = operation.http.get("responseCode")
    if expected_status is not None and exchange["response"]["status"] != expected_status:
        problems.add(where, f"HTTP {exchange['response']['status']}, the model says {expected_status}")
    protocol = model.metadata["protocol"]
    if protocol == "json":
        check_json_success(model, operation, exchange, problems, where)
    elif protocol in ("query", "ec2"):
        check_query_success(model, operation, exchange, problems, where)
    else:
        check_rest_xml_success(operation, exchange, problems, where)


def check_metadata(model, exchange, problems: Problems, where: str) -> None:
    meta = model.metadata
    protocols = set(meta.get("protocols", [meta["protocol"]]))
    if not protocols & PROTOCOLS[exchange["protocol"]]:
        problems.add(where, f"answered over {exchange['protocol']}, the model speaks {sorted(protocols)}")
    signing = meta.get("signingName", meta["endpointPrefix"])
    if exchange["signingName"] != signing:
        problems.add(where, f"signed for {exchange['signingName']!r}, the model's signing name is {signing!r}")
    if meta["protocol"] == "json":
        target = exchange["request"]["headers"].get("x-amz-target")
        if target != f"{meta['targetPrefix']}.{exchange['operation']}":
            problems.add(where, f"X-Amz-Target {target!r}, expected {meta['targetPrefix']}.{exchange['operation']}")


def check(exchange) -> list[str]:
    where = f"{exchange['model']} {exchange['operation']} (HTTP {exchange['response']['status']})"
    problems = Problems()
    try:
        model = model_of(exchange["model"])
    except Exception as error:  # noqa: BLE001 (report any lookup failure)
        problems.add(where, f"no botocore model: {error}")
        return problems.items
    if exchange["operation"] not in model.operation_names:
        problems.add(where, f"{model.service_name} has no operation {exchange['operation']}")
        return problems.items
    operation = model.operation_model(exchange["operation"])
    check_metadata(model, exchange, problems, where)
    try:
        params = request_params(model, operation, exchange, problems, f"{where} request")
        if operation.input_shape is not None:
            report = ParamValidator().validate(params, operation.input_shape)
            if report.has_errors():
                problems.add(f"{where} request", report.generate_report())
    except Exception as error:  # noqa: BLE001
        problems.add(f"{where} request", f"cannot be decoded: {error!r}")
    try:
        if 200 <= exchange["response"]["status"] < 300:
            check_success(model, operation, exchange, problems, f"{where} response")
        else:
            check_error(model, operation, exchange, problems, f"{where} response")
    except Exception as error:  # noqa: BLE001
        problems.add(f"{where} response", f"cannot be decoded: {error!r}")
    return problems.items


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as handle:
        exchanges = json.load(handle)
    problems = [problem for exchange in exchanges for problem in check(exchange)]
    print(json.dumps({"checked": len(exchanges), "problems": problems}, indent=2))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
