import { jsonError, jsonResult } from './responses.js';
import type { FakeAwsRequest, FakeAwsResponse } from './server.js';

const MAX_RESULTS = 10;

/**
 * SSM GetParametersByPath over `parameters` (name -> String value), read at call time so a test can add
 * one between two plans. Like AWS: only names directly under Path unless Recursive, pages of MaxResults
 * (at most 10) with NextToken, and an empty list (no error) for a path that holds nothing. One operation
 * of the SSM service definition in ssm.ts, which answers GetParameter over the same parameters.
 */
export function getParametersByPath(
  parameters: Record<string, string>,
  request: FakeAwsRequest,
): FakeAwsResponse {
  const path = String(request.json?.['Path'] ?? '');
  if (!path.startsWith('/')) {
    return jsonError(400, 'ValidationException', `Parameter path: ${path} must begin with a slash /.`);
  }
  const recursive = request.json?.['Recursive'] === true;
  const maxResults = Number(request.json?.['MaxResults'] ?? MAX_RESULTS);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS) {
    return jsonError(400, 'ValidationException', 'MaxResults must be between 1 and 10.');
  }
  const base = path.endsWith('/') ? path : `${path}/`;
  const names = Object.keys(parameters)
    .filter((name) => name.startsWith(base) && (recursive || !name.slice(base.length).includes('/')))
    .sort();
  const start = request.json?.['NextToken'] === undefined ? 0 : Number(request.json['NextToken']);
  if (!Number.isInteger(start) || start < 0 || start > names.length) {
    return jsonError(400, 'InvalidNextToken', 'The specified token is not valid.');
  }
  const page = names.slice(start, start + maxResults);
  const next = start + maxResults < names.length ? String(start + maxResults) : undefined;
  return jsonResult({
    Parameters: page.map((name) => ({
      Name: name,
      Type: 'String',
      Value: parameters[name],
      Version: 1,
      LastModifiedDate: 1_700_000_000,
      ARN: `arn:aws:ssm:${request.region}:123456789012:parameter${name}`,
      DataType: 'text',
    })),
    ...(next === undefined ? {} : { NextToken: next }),
  });
}
