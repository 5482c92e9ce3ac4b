import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FakeAwsExchange, fakeServiceDefinitions, repoRoot } from '../src/index.js';
import { driveEveryFake } from './model-conformance-drive.js';

const PYTHON_CHECK = join(repoRoot(), 'packages', 'testkit', 'conformance', 'check_exchanges.py');

beforeAll(() => {
  // botocore (the reference models) lives in the app's virtualenv.
  execFileSync('bash', [join(repoRoot(), 'apps', 'flask-app', 'scripts', 'ensure-venv.sh')], {
    stdio: 'ignore',
  });
}, 300_000);

function checkWithBotocore(exchanges: FakeAwsExchange[]): { checked: number; problems: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-aws-exchanges-'));
  const file = join(dir, 'exchanges.json');
  writeFileSync(file, JSON.stringify(exchanges));
  const python = join(repoRoot(), 'apps', 'flask-app', '.venv', 'bin', 'python');
  try {
    return JSON.parse(execFileSync(python, [PYTHON_CHECK, file], { encoding: 'utf8' }));
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout;
    if (stdout) return JSON.parse(stdout);
    throw error;
  }
}

describe('every fake AWS operation against botocore service models', () => {
  it('answers every operation of every fake with requests and responses AWS itself would accept', async () => {
    const exchanges = await driveEveryFake();
    const declared = fakeServiceDefinitions().flatMap((definition) =>
      definition.operations.map((operation) => `${definition.model} ${operation}`),
    );
    const answeredOk = new Set(
      exchanges.filter((e) => e.response.status < 300).map((e) => `${e.model} ${e.operation}`),
    );
    // A new operation in any fake fails here until the drive exercises it (and botocore accepts it).
    expect(declared.filter((operation) => !answeredOk.has(operation))).toEqual([]);
    const report = checkWithBotocore(exchanges);
    expect(report.problems).toEqual([]);
    expect(report.checked).toBe(exchanges.length);
  }, 120_000);

  it('catches a response AWS would never send (the checker is not blind)', () => {
    const broken: FakeAwsExchange = {
      model: 'ecs',
      operation: 'DescribeServices',
      protocol: 'json',
      signingName: 'ecs',
      request: {
        method: 'POST',
        url: '/',
        headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DescribeServices' },
        body: JSON.stringify({ cluster: 'c', services: ['s'] }),
      },
      response: {
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({
          services: [
            { serviceName: 's', runningCount: '2', deployments: [{ rolloutState: 'DONE' }], colour: 'red' },
          ],
        }),
      },
    };
    const unknownError: FakeAwsExchange = {
      ...broken,
      response: {
        status: 400,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({ __type: 'NoSuchThingException', message: 'x' }),
      },
    };
    const badRequest: FakeAwsExchange = {
      ...broken,
      request: { ...broken.request, body: JSON.stringify({ services: 's', colour: 1 }) },
      response: { ...broken.response, body: '{}' },
    };
    // 304 answers only a conditional read: a GetObject without If-None-Match never gets one.
    const notModified: FakeAwsExchange = {
      model: 's3',
      operation: 'GetObject',
      protocol: 'rest',
      signingName: 's3',
      request: {
        method: 'GET',
        url: '/state/env%3A/a/terraform.tfstate?x-id=GetObject',
        headers: {},
        body: '',
      },
      response: { status: 304, headers: {}, body: '' },
    };
    const { problems } = checkWithBotocore([broken, unknownError, badRequest, notModified]);
    const text = problems.join('\n');
    expect(text).toContain('s3 GetObject (HTTP 304) response: 304 Not Modified answers only a conditional');
    expect(text).toContain("expected integer (Integer), got str '2'");
    expect(text).toContain("'DONE' is not one of");
    expect(text).toContain("member 'colour' is not in Service");
    expect(text).toContain("error code 'NoSuchThingException' is neither declared by DescribeServices");
    expect(text).toMatch(/Invalid type for parameter services/);
    expect(text).toMatch(/Unknown parameter in input: "colour"/);
  }, 60_000);
});
