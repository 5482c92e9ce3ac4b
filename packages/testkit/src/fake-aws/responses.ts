import type { FakeAwsResponse } from './server.js';

/** XML-escapes text for hand-written response bodies. */
export function xmlEscape(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** awsQuery success (STS, ELBv2...): <ActionResponse><ActionResult>...</ActionResult></ActionResponse>. */
export function queryResult(action: string, namespace: string, resultXml: string): FakeAwsResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: `<${action}Response xmlns="${namespace}"><${action}Result>${resultXml}</${action}Result><ResponseMetadata><RequestId>fake-request-id</RequestId></ResponseMetadata></${action}Response>`,
  };
}

/** awsQuery error envelope. */
export function queryError(status: number, code: string, message: string, type = 'Sender'): FakeAwsResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse><Error><Type>${type}</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>fake-request-id</RequestId></ErrorResponse>`,
  };
}

/** ec2Query success: <ActionResponse> holds the fields directly. */
export function ec2Result(action: string, innerXml: string): FakeAwsResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake-request-id</requestId>${innerXml}</${action}Response>`,
  };
}

/** ec2Query error envelope. */
export function ec2Error(status: number, code: string, message: string): FakeAwsResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body: `<Response><Errors><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>fake-request-id</RequestID></Response>`,
  };
}

/** awsJson success. */
export function jsonResult(body: unknown): FakeAwsResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(body),
  };
}

/** awsJson error: `__type` carries the exception name the SDK maps to an error class. */
export function jsonError(status: number, type: string, message: string): FakeAwsResponse {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type },
    body: JSON.stringify({ __type: type, message }),
  };
}

/** restXml (S3) error. */
export function restXmlError(status: number, code: string, message: string): FakeAwsResponse {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message><RequestId>fake-request-id</RequestId></Error>`,
  };
}
