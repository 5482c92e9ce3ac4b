import type { FakeAwsRequest, FakeAwsResponse } from './exchange.js';
import { jsonError, jsonResult } from './responses.js';
import type { ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

/** A resource of the account as the Resource Groups Tagging API lists it: its ARN and its tags. */
export interface FakeTaggedResource {
  arn: string;
  tags: Record<string, string>;
}

const PAGE = 100;

/**
 * GetResources: every resource whose tags match all TagFilters (a filter without Values matches any
 * value of its key), paged by ResourcesPerPage (1-100) and PaginationToken. AWS answers an empty token
 * on the last page.
 * https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 */
function getResources(resources: FakeTaggedResource[], request: FakeAwsRequest): FakeAwsResponse {
  const body = request.json ?? {};
  const filters = (body['TagFilters'] as Array<{ Key?: string; Values?: string[] }> | undefined) ?? [];
  const perPage = body['ResourcesPerPage'] ?? PAGE;
  if (typeof perPage !== 'number' || perPage < 1 || perPage > PAGE) {
    return jsonError(400, 'InvalidParameterException', 'ResourcesPerPage must be between 1 and 100.');
  }
  const matching = resources.filter((resource) =>
    filters.every((filter) => {
      const value = resource.tags[filter.Key ?? ''];
      return value !== undefined && (!filter.Values?.length || filter.Values.includes(value));
    }),
  );
  const token = typeof body['PaginationToken'] === 'string' ? body['PaginationToken'] : '';
  const start = token === '' ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0) {
    return jsonError(400, 'PaginationTokenExpiredException', 'The pagination token is invalid or expired.');
  }
  const end = start + perPage;
  return jsonResult({
    PaginationToken: end < matching.length ? String(end) : '',
    ResourceTagMappingList: matching.slice(start, end).map((resource) => ({
      ResourceARN: resource.arn,
      Tags: Object.entries(resource.tags).map(([Key, Value]) => ({ Key, Value })),
    })),
  });
}

const TAGGING = defineFakeService<FakeTaggedResource[]>({
  model: 'resourcegroupstaggingapi',
  signingName: 'tagging',
  protocol: 'json',
  operations: { GetResources: getResources },
});

/** Resource Groups Tagging API (awsJson1_1, ResourceGroupsTaggingAPI_20170126): GetResources. */
export function taggingHandler(resources: FakeTaggedResource[]): ServiceHandler {
  return TAGGING.handler(resources);
}
