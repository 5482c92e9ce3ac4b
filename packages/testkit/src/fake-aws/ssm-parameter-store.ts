import { jsonError, jsonResult } from './responses.js';
import type { FakeAwsRequest, FakeAwsResponse } from './server.js';

/** One parameter as SSM keeps it (every version but the latest is forgotten). */
export interface FakeSsmParameter {
  name: string;
  type: 'String' | 'StringList' | 'SecureString';
  value: string;
  version: number;
  description?: string | undefined;
  /** SecureString only: the KMS key (SSM's default is the account's alias/aws/ssm). */
  keyId?: string | undefined;
  allowedPattern?: string | undefined;
  tier: 'Standard' | 'Advanced' | 'Intelligent-Tiering';
  dataType: string;
  /** Seconds since the epoch, as the JSON protocol sends timestamps. */
  lastModified: number;
  tags: Record<string, string>;
}

/**
 * The SSM state of a fake: parameters written through PutParameter (and by a test, "outside Terraform",
 * with `change`), plus a read-only map of String parameters (name -> value) read at call time, which the
 * data-source fakes of a plan give (an AMI id under /aws/service/...).
 */
export interface FakeSsmState {
  parameters: Map<string, FakeSsmParameter>;
  strings: Record<string, string>;
}

const ACCOUNT = '123456789012';
const now = () => Math.floor(Date.now() / 1000);

function arn(request: FakeAwsRequest, name: string): string {
  return `arn:aws:ssm:${request.region}:${ACCOUNT}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

/** A parameter by name: a written one, else a read-only String one. */
function findParameter(state: FakeSsmState, name: string): FakeSsmParameter | undefined {
  const written = state.parameters.get(name);
  if (written) return written;
  const value = state.strings[name];
  if (value === undefined) return undefined;
  return {
    name,
    type: 'String',
    value,
    version: 1,
    tier: 'Standard',
    dataType: value.startsWith('ami-') ? 'aws:ec2:image' : 'text',
    lastModified: 1_700_000_000,
    tags: {},
  };
}

const notFound = (name: string) => jsonError(400, 'ParameterNotFound', `Parameter ${name} not found.`);

/** What SSM returns for a SecureString read without WithDecryption: the ciphertext, base64. */
function ciphertext(parameter: FakeSsmParameter): string {
  return Buffer.from(`kms:${parameter.keyId ?? 'alias/aws/ssm'}:${parameter.value}`).toString('base64');
}

function asParameter(request: FakeAwsRequest, parameter: FakeSsmParameter, decrypt: boolean) {
  return {
    Name: parameter.name,
    Type: parameter.type,
    Value: parameter.type === 'SecureString' && !decrypt ? ciphertext(parameter) : parameter.value,
    Version: parameter.version,
    LastModifiedDate: parameter.lastModified,
    ARN: arn(request, parameter.name),
    DataType: parameter.dataType,
  };
}

export function getParameter(state: FakeSsmState, request: FakeAwsRequest): FakeAwsResponse {
  const name = String(request.json?.['Name'] ?? '');
  const parameter = findParameter(state, name);
  if (!parameter) return notFound(name);
  return jsonResult({
    Parameter: asParameter(request, parameter, request.json?.['WithDecryption'] === true),
  });
}

export function getParameters(state: FakeSsmState, request: FakeAwsRequest): FakeAwsResponse {
  const names = (request.json?.['Names'] as string[] | undefined) ?? [];
  const decrypt = request.json?.['WithDecryption'] === true;
  const found = names.map((name) => findParameter(state, name));
  return jsonResult({
    Parameters: found.filter((p) => p !== undefined).map((p) => asParameter(request, p, decrypt)),
    InvalidParameters: names.filter((_, i) => found[i] === undefined),
  });
}

const TAGS_AND_OVERWRITE =
  "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.";

/** A string member of a request; an empty one counts as not given (the AWS provider sends AllowedPattern ""). */
function given(body: Record<string, unknown>, member: string): string | undefined {
  const value = body[member];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function putParameter(state: FakeSsmState, request: FakeAwsRequest): FakeAwsResponse {
  const body = request.json ?? {};
  const name = String(body['Name'] ?? '');
  const value = body['Value'];
  if (name === '' || typeof value !== 'string') {
    return jsonError(
      400,
      'ValidationException',
      '2 validation errors detected: Name and Value must not be null.',
    );
  }
  const tags = (body['Tags'] as Array<{ Key: string; Value: string }> | undefined) ?? [];
  const overwrite = body['Overwrite'] === true;
  if (tags.length > 0 && overwrite) return jsonError(400, 'ValidationException', TAGS_AND_OVERWRITE);
  const existing = state.parameters.get(name);
  if (existing && !overwrite) {
    return jsonError(
      400,
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this request value, set the overwrite option in the request to true.',
    );
  }
  const type = (body['Type'] as FakeSsmParameter['type'] | undefined) ?? existing?.type;
  if (type === undefined) {
    return jsonError(400, 'ValidationException', 'A parameter type is required when you create a parameter.');
  }
  if (!['String', 'StringList', 'SecureString'].includes(type)) {
    return jsonError(400, 'UnsupportedParameterType', `The parameter type ${type} is not supported.`);
  }
  const pattern = given(body, 'AllowedPattern') ?? existing?.allowedPattern;
  if (pattern !== undefined && !new RegExp(`^(?:${pattern})$`).test(value)) {
    return jsonError(
      400,
      'ParameterPatternMismatchException',
      `Parameter value, cannot be validated against allowedPattern: ${pattern}`,
    );
  }
  const tier = (given(body, 'Tier') as FakeSsmParameter['tier'] | undefined) ?? existing?.tier ?? 'Standard';
  const parameter: FakeSsmParameter = {
    name,
    type,
    value,
    version: (existing?.version ?? 0) + 1,
    description: given(body, 'Description') ?? existing?.description,
    keyId: type === 'SecureString' ? (given(body, 'KeyId') ?? existing?.keyId ?? 'alias/aws/ssm') : undefined,
    allowedPattern: pattern,
    tier: tier === 'Intelligent-Tiering' ? 'Standard' : tier,
    dataType: given(body, 'DataType') ?? existing?.dataType ?? 'text',
    lastModified: now(),
    tags: existing?.tags ?? Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value])),
  };
  state.parameters.set(name, parameter);
  return jsonResult({ Version: parameter.version, Tier: parameter.tier });
}

export function deleteParameter(state: FakeSsmState, request: FakeAwsRequest): FakeAwsResponse {
  const name = String(request.json?.['Name'] ?? '');
  if (!state.parameters.delete(name)) return notFound(name);
  return jsonResult({});
}

type Filter = { Key?: string; Option?: string; Values?: string[] };

/** The filter keys this fake answers, with the field each one compares and the options AWS accepts. */
const FILTER_FIELDS: Record<string, { field: (p: FakeSsmParameter) => string; options: string[] }> = {
  Name: { field: (p) => p.name, options: ['Equals', 'BeginsWith', 'Contains'] },
  Type: { field: (p) => p.type, options: ['Equals', 'BeginsWith'] },
  KeyId: { field: (p) => p.keyId ?? '', options: ['Equals', 'BeginsWith'] },
  Tier: { field: (p) => p.tier, options: ['Equals', 'BeginsWith'] },
  DataType: { field: (p) => p.dataType, options: ['Equals', 'BeginsWith'] },
};

/** AWS's key syntax (ParameterStringFilterKey); Path, Label and tag: keys are valid there but not kept here. */
const FILTER_KEY = /^(tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType)$/;

function matchesFilter(parameter: FakeSsmParameter, filter: Filter): boolean {
  const field = FILTER_FIELDS[filter.Key ?? '']?.field(parameter) ?? '';
  const values = filter.Values ?? [];
  if (filter.Option === 'BeginsWith') return values.some((value) => field.startsWith(value));
  if (filter.Option === 'Contains') return values.some((value) => field.includes(value));
  return values.includes(field);
}

/**
 * DescribeParameters with ParameterFilters as the AWS provider sends them (Key Name, Option Equals, one
 * value: the parameter's metadata) and the console does (BeginsWith, Type...). A key AWS accepts that
 * this fake does not keep (Path, Label, tag:...) or the legacy Filters member fails the test loudly.
 */
export function describeParameters(state: FakeSsmState, request: FakeAwsRequest): FakeAwsResponse {
  if (request.json?.['Filters'] !== undefined) {
    throw new Error('fake SSM: DescribeParameters Filters (legacy) is not implemented; use ParameterFilters');
  }
  const filters = (request.json?.['ParameterFilters'] as Filter[] | undefined) ?? [];
  for (const filter of filters) {
    const key = filter.Key ?? '';
    if (!FILTER_KEY.test(key)) {
      return jsonError(400, 'InvalidFilterKey', `The following filter key is not valid: ${key}.`);
    }
    const known = FILTER_FIELDS[key];
    if (!known) throw new Error(`fake SSM: DescribeParameters filter key ${key} is not implemented`);
    if (filter.Option !== undefined && !known.options.includes(filter.Option)) {
      return jsonError(
        400,
        'InvalidFilterOption',
        `The following filter option is not valid: ${filter.Option}. Valid options include: [${known.options.join(', ')}].`,
      );
    }
  }
  const maxResults = Number(request.json?.['MaxResults'] ?? 50);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) {
    return jsonError(
      400,
      'ValidationException',
      `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50`,
    );
  }
  const matches = (parameter: FakeSsmParameter) =>
    filters.every((filter) => matchesFilter(parameter, filter));
  const all = [...state.parameters.values()].filter(matches).sort((a, b) => a.name.localeCompare(b.name));
  const start = request.json?.['NextToken'] === undefined ? 0 : Number(request.json['NextToken']);
  if (!Number.isInteger(start) || start < 0 || start > all.length) {
    return jsonError(400, 'InvalidNextToken', 'The specified token is not valid.');
  }
  const page = all.slice(start, start + maxResults);
  return jsonResult({
    Parameters: page.map((parameter) => ({
      Name: parameter.name,
      ARN: arn(request, parameter.name),
      Type: parameter.type,
      ...(parameter.keyId ? { KeyId: parameter.keyId } : {}),
      LastModifiedDate: parameter.lastModified,
      LastModifiedUser: `arn:aws:iam::${ACCOUNT}:user/fake`,
      ...(parameter.description ? { Description: parameter.description } : {}),
      ...(parameter.allowedPattern ? { AllowedPattern: parameter.allowedPattern } : {}),
      Version: parameter.version,
      Tier: parameter.tier,
      Policies: [],
      DataType: parameter.dataType,
    })),
    ...(start + maxResults < all.length ? { NextToken: String(start + maxResults) } : {}),
  });
}

const TAGGABLE = [
  'Document',
  'ManagedInstance',
  'MaintenanceWindow',
  'Parameter',
  'PatchBaseline',
  'OpsItem',
  'OpsMetadata',
  'Automation',
  'Association',
  'CloudConnector',
];

/** The parameter a tagging call names, or its error (of AWS's resource types, this fake keeps Parameter). */
function taggedParameter(state: FakeSsmState, request: FakeAwsRequest): FakeSsmParameter | FakeAwsResponse {
  const type = String(request.json?.['ResourceType'] ?? '');
  if (!TAGGABLE.includes(type)) {
    return jsonError(
      400,
      'InvalidResourceType',
      'The resource type is not valid. For example, if you are attempting to tag an EC2 instance, the instance must be a registered managed node.',
    );
  }
  if (type !== 'Parameter') throw new Error(`fake SSM: tags of a ${type} are not implemented`);
  const parameter = state.parameters.get(String(request.json?.['ResourceId'] ?? ''));
  return (
    parameter ??
    jsonError(
      400,
      'InvalidResourceId',
      'The resource ID is not valid. Verify that you entered the correct ID and try again.',
    )
  );
}

export function listTagsForResource(state: FakeSsmState, request: FakeAwsRequest): FakeAwsResponse {
  const parameter = taggedParameter(state, request);
  if ('status' in parameter) return parameter;
  return jsonResult({ TagList: Object.entries(parameter.tags).map(([Key, Value]) => ({ Key, Value })) });
}

export function addTagsToResource(state: FakeSsmState, request: FakeAwsRequest): FakeAwsResponse {
  const parameter = taggedParameter(state, request);
  if ('status' in parameter) return parameter;
  for (const tag of (request.json?.['Tags'] as Array<{ Key: string; Value: string }> | undefined) ?? []) {
    parameter.tags[tag.Key] = tag.Value;
  }
  return jsonResult({});
}

export function removeTagsFromResource(state: FakeSsmState, request: FakeAwsRequest): FakeAwsResponse {
  const parameter = taggedParameter(state, request);
  if ('status' in parameter) return parameter;
  for (const key of (request.json?.['TagKeys'] as string[] | undefined) ?? []) delete parameter.tags[key];
  return jsonResult({});
}
