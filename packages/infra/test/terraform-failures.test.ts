import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyTerraformFailure, type FailureContext } from '../src/terraform/failures.js';
import { lockInfoFromJson, parseLockInfo } from '../src/terraform/lock-info.js';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, 'fixtures', 'terraform-errors', `${name}.txt`), 'utf8');

const CONTEXT: FailureContext = {
  env: 'a',
  profile: { name: 'dev', source: 'settings' },
  rerun: 'challenge apply --env a',
  lockTimeoutFlag: true,
};

const classify = (name: string, context: Partial<FailureContext> = {}) =>
  classifyTerraformFailure(fixture(name), { ...CONTEXT, ...context });

describe('classifyTerraformFailure on real Terraform 1.11 error texts', () => {
  it('a held lock (local backend): who, operation, since when, lock ID, and challenge unlock', () => {
    const failure = classify('lock-held-local');
    expect(failure).toMatchObject({
      code: 'TERRAFORM_STATE_LOCKED',
      message:
        'The state of env a is locked: apply by root@vm since 2026-12-01T08:06:44.958Z (lock ID 46673ef5-e8c6-6e62-7983-d1da63ba913c).',
      lock: { id: '46673ef5-e8c6-6e62-7983-d1da63ba913c', operation: 'OperationTypeApply', who: 'root@vm' },
    });
    expect(failure?.hint).toContain('Another apply of env a is probably still running (root@vm)');
    expect(failure?.hint).toContain('--lock-timeout 5m');
    expect(failure?.hint).toContain('`challenge unlock --env a 46673ef5-e8c6-6e62-7983-d1da63ba913c`');
  });

  it('a held lock (S3 lock file, wrapped error text), without --lock-timeout for commands that lack it', () => {
    const failure = classify('lock-held-s3', { lockTimeoutFlag: false });
    expect(failure?.code).toBe('TERRAFORM_STATE_LOCKED');
    expect(failure?.lock?.path).toBe('state-b/env:/a/challenge/a/terraform.tfstate');
    expect(failure?.hint).not.toContain('--lock-timeout');
    expect(failure?.hint).toContain('challenge unlock --env a 4cd44f2b-03b2-b9d5-11ae-b80ee37fd95d');
  });

  it('a stale saved plan says nothing was applied and to run the command again', () => {
    expect(classify('stale-plan')).toEqual({
      code: 'TERRAFORM_STALE_PLAN',
      message:
        'The saved plan of env a is stale: another Terraform run changed the state after it was made, so nothing was applied.',
      hint: 'Run `challenge apply --env a` again: it plans from the current state.',
    });
  });

  it('the state migration prompt of a fresh data dir is refused with the deliberate way to migrate', () => {
    const failure = classify('state-migration-prompt');
    expect(failure?.code).toBe('STATE_MIGRATION_REFUSED');
    expect(failure?.hint).toContain('terraform init -migrate-state');
  });

  it('a missing state bucket names the bucket and the init flags that create one', () => {
    expect(classify('s3-bucket-missing')).toMatchObject({
      code: 'STATE_BUCKET_MISSING',
      message: expect.stringContaining('state bucket "missing-bucket" of env a does not exist'),
      hint: expect.stringContaining('challenge init --env a --state-bucket <name> --create-state-bucket'),
    });
  });

  it('access denied to the state names the bucket, the profile and the IAM actions', () => {
    const failure = classify('s3-access-denied');
    expect(failure?.code).toBe('STATE_BACKEND_ACCESS_DENIED');
    expect(failure?.message).toContain('bucket "state-b"');
    expect(failure?.message).toContain('AWS profile "dev" (saved for env a in .challenge/a.json)');
    expect(failure?.hint).toContain('s3:PutObject');
  });

  it.each([
    ['backend-expired-token', 'AWS_EXPIRED_CREDENTIALS'],
    ['provider-expired-token', 'AWS_EXPIRED_CREDENTIALS'],
    ['backend-invalid-key', 'AWS_INVALID_CREDENTIALS'],
    ['provider-invalid-key', 'AWS_INVALID_CREDENTIALS'],
    ['backend-no-credentials', 'AWS_NO_CREDENTIALS'],
    ['provider-no-credentials', 'AWS_NO_CREDENTIALS'],
    ['backend-profile-missing', 'AWS_UNKNOWN_PROFILE'],
    ['provider-profile-missing', 'AWS_UNKNOWN_PROFILE'],
  ])('%s -> %s, with a fix naming flags and commands that exist', (name, code) => {
    const failure = classify(name);
    expect(failure?.code).toBe(code);
    expect(failure?.hint).toMatch(/--profile <name>/);
    expect(failure?.hint).toMatch(/challenge init --env a --profile <name>/);
  });

  it('expired credentials of a profile say how to refresh that profile', () => {
    expect(classify('provider-expired-token')?.hint).toContain('aws sso login --profile dev');
    const fromEnv = classify('provider-expired-token', {
      profile: { name: undefined, source: 'default chain' },
    });
    expect(fromEnv?.hint).toContain('AWS_SESSION_TOKEN');
    expect(classify('backend-profile-missing')?.message).toContain('"ghost"');
  });

  it('an unreachable registry and a provider no source has are told apart', () => {
    const offline = classify('registry-unreachable-direct');
    expect(offline).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      message: expect.stringContaining('provider example-corp/tls'),
    });
    expect(offline?.message).toContain('registry.terraform.io) is unreachable');
    expect(offline?.hint).toContain('HTTPS_PROXY');
    expect(classify('registry-unreachable')?.code).toBe('PROVIDER_UNAVAILABLE');
  });

  it('CodeCommit closed to the account is explained, with the doctor check', () => {
    const failure = classify('codecommit-not-allowed');
    expect(failure?.code).toBe('CODECOMMIT_NOT_ALLOWED');
    expect(failure?.hint).toContain('challenge doctor --env a');
  });

  it('a file Terraform may not write is named', () => {
    expect(classify('permission-denied')).toMatchObject({
      code: 'TERRAFORM_PERMISSION_DENIED',
      message: expect.stringContaining('terraform.tfstate.d'),
    });
  });

  it('a read-only root is read-only, with the path, not "locked by another Terraform run"', () => {
    const failure = classify('read-only-root');
    expect(failure).toMatchObject({
      code: 'TERRAFORM_PERMISSION_DENIED',
      message:
        'Terraform could not write terraform.tfstate.d/mock/terraform.tfstate in the root of env a: the file system is read-only.',
    });
    expect(failure?.hint).toContain('--dir <copy>');
  });

  it('a held local lock names no `challenge unlock` (it refuses local state), but how to end the run', () => {
    const failure = classify('lock-held-local', { backend: 'local' });
    expect(failure?.code).toBe('TERRAFORM_STATE_LOCKED');
    expect(failure?.hint).not.toContain('challenge unlock');
    expect(failure?.hint).toContain('A local lock ends with the process that holds it');
    expect(classify('lock-held-s3', { backend: 's3' })?.hint).toContain('challenge unlock --env a 4cd44f2b');
  });

  it('leaves configuration errors to Terraform (no rule matches)', () => {
    expect(classify('undeclared-resource')).toBeUndefined();
  });
});

describe('lock info', () => {
  it('reads the lock file JSON Terraform writes', () => {
    expect(
      lockInfoFromJson(
        '{"ID":"46673ef5","Operation":"OperationTypeApply","Info":"","Who":"root@vm","Version":"1.11.4","Created":"2026-12-01T08:06:44.958719637Z","Path":"terraform.tfstate.d/a/terraform.tfstate"}',
      ),
    ).toEqual({
      id: '46673ef5',
      operation: 'OperationTypeApply',
      who: 'root@vm',
      version: '1.11.4',
      created: '2026-12-01T08:06:44.958Z',
      path: 'terraform.tfstate.d/a/terraform.tfstate',
      info: undefined,
    });
    expect(lockInfoFromJson('not json')).toBeUndefined();
    expect(parseLockInfo(fixture('stale-plan'))).toBeUndefined();
  });
});
