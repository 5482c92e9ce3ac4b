import { describe, expect, it } from 'vitest';
import { driftedResources } from '../src/index.js';

/** The fields of an aws_ssm_parameter as `terraform show -json` of a refresh-only plan gives them. */
const parameter = (overrides: Record<string, unknown>) => ({
  arn: 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/token',
  id: '/app/token',
  insecure_value: null,
  name: '/app/token',
  tags: null,
  tags_all: {},
  type: 'SecureString',
  value: 's3cret',
  version: 1,
  ...overrides,
});

const SENSITIVE = { tags_all: {}, value: true, value_wo: true };

describe('driftedResources: what a refresh-only plan says changed outside Terraform', () => {
  it('names each changed attribute; a sensitive one never shows its values', () => {
    const drifted = driftedResources([
      {
        address: 'aws_ssm_parameter.token',
        mode: 'managed',
        type: 'aws_ssm_parameter',
        name: 'token',
        change: {
          actions: ['update'],
          before: parameter({}),
          after: parameter({ value: 'rotated', version: 2 }),
          before_sensitive: SENSITIVE,
          after_sensitive: SENSITIVE,
        },
      },
    ]);
    expect(drifted).toEqual([
      {
        address: 'aws_ssm_parameter.token',
        type: 'aws_ssm_parameter',
        name: 'token',
        action: 'update',
        attributes: [
          { path: 'value', before: null, after: null, sensitive: true },
          { path: 'version', before: 1, after: 2, sensitive: false },
        ],
      },
    ]);
    expect(JSON.stringify(drifted)).not.toContain('s3cret');
    expect(JSON.stringify(drifted)).not.toContain('rotated');
  });

  it('goes down maps and lists to the leaf that changed, and masks a sensitive leaf only', () => {
    const [resource] = driftedResources([
      {
        address: 'module.net.aws_security_group.web',
        type: 'aws_security_group',
        name: 'web',
        change: {
          actions: ['update'],
          before: {
            tags: { Env: 'dev', 'owner.team': 'a' },
            ingress: [{ cidr_blocks: ['10.0.0.0/8'], secret: 'x' }],
          },
          after: {
            tags: { Env: 'prod', 'owner.team': 'a', Added: 'y' },
            ingress: [{ cidr_blocks: ['10.0.0.0/8', '0.0.0.0/0'], secret: 'z' }],
          },
          before_sensitive: { ingress: [{ secret: true }] },
          after_sensitive: { ingress: [{ secret: true }] },
        },
      },
    ]);
    expect(resource?.attributes).toEqual([
      { path: 'ingress[0].cidr_blocks[1]', before: null, after: '0.0.0.0/0', sensitive: false },
      { path: 'ingress[0].secret', before: null, after: null, sensitive: true },
      { path: 'tags.Added', before: null, after: 'y', sensitive: false },
      { path: 'tags.Env', before: 'dev', after: 'prod', sensitive: false },
    ]);
  });

  it('does not count null read back as {} (AWS provider tags after creation) as drift', () => {
    const drifted = driftedResources([
      {
        address: 'aws_ssm_parameter.token',
        type: 'aws_ssm_parameter',
        name: 'token',
        change: {
          actions: ['update'],
          before: parameter({ tags: null }),
          after: parameter({ tags: {} }),
          before_sensitive: SENSITIVE,
          after_sensitive: { ...SENSITIVE, tags: {} },
        },
      },
    ]);
    expect(drifted).toEqual([]);
  });

  it('reports a resource deleted outside Terraform, and ignores data sources', () => {
    const drifted = driftedResources([
      {
        address: 'aws_ssm_parameter.gone',
        mode: 'managed',
        type: 'aws_ssm_parameter',
        name: 'gone',
        change: { actions: ['delete'], before: parameter({}), after: null },
      },
      {
        address: 'data.aws_ami.app',
        mode: 'data',
        type: 'aws_ami',
        name: 'app',
        change: { actions: ['update'], before: { id: 'a' }, after: { id: 'b' } },
      },
    ]);
    expect(drifted).toEqual([
      {
        address: 'aws_ssm_parameter.gone',
        type: 'aws_ssm_parameter',
        name: 'gone',
        action: 'delete',
        attributes: [],
      },
    ]);
  });
});
