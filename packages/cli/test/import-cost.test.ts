import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  codePipelineHandler,
  type FakeAws,
  startFakeAws,
  stsHandler,
  terraformEnv,
} from '@challenge/testkit';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBin, fakeAwsEnv, makeRoot, SIMPLE_ROOT } from './helpers/cli.js';

const recorder = join(import.meta.dirname, 'helpers', 'record-imports.mjs');
/** Modules the STARTUP RULE keeps out of every command that does not use them. */
const HEAVY =
  /node_modules\/(@aws-sdk\/client-[^/]+|@aws-sdk\/credential-providers|@cdktf\/hcl2json|listr2)\//;

/** Runs the built CLI with the import recorder; returns the result and the heavy modules it loaded. */
async function runRecorded(args: string[], env: NodeJS.ProcessEnv = {}) {
  const file = join(mkdtempSync(join(tmpdir(), 'imports-')), 'resolved.txt');
  writeFileSync(file, '');
  const result = await execa('node', ['--import', recorder, cliBin, ...args], {
    env: terraformEnv({ CI: 'true', NO_COLOR: '1', CHALLENGE_RECORD_IMPORTS: file, ...env }),
    reject: false,
    stdin: 'ignore',
  });
  const resolved = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const heavy = [...new Set(resolved.map((line) => HEAVY.exec(line)?.[1]).filter(Boolean))].sort();
  return { result, resolved, heavy };
}

/** A terraform that logs each invocation's arguments before running the real one. */
function countingTerraform(): { bin: string; calls: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'tf-count-'));
  const log = join(dir, 'calls.txt');
  const bin = join(dir, 'terraform');
  const real = terraformEnv()
    .PATH?.split(':')
    .map((folder) => join(folder, 'terraform'))
    .find((path) => existsSync(path));
  writeFileSync(log, '');
  writeFileSync(bin, `#!/bin/sh\necho "$1" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(bin, 0o755);
  return { bin, calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

let fake: FakeAws;
beforeAll(async () => {
  fake = await startFakeAws({ handlers: { sts: stsHandler(), codepipeline: codePipelineHandler([]) } });
});
afterAll(async () => {
  await fake?.close();
});

describe('import cost: what a command loads', () => {
  it('--version loads no library and no heavy module', async () => {
    const { result, resolved, heavy } = await runRecorded(['--version']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(heavy).toEqual([]);
    expect(resolved.some((line) => line.includes('@oclif/core'))).toBe(false);
    expect(resolved.some((line) => /packages\/(infra|delivery)\//.test(line))).toBe(false);
  });

  it("the root help loads none of the CLI's ES modules (one CommonJS bundle with oclif in it)", async () => {
    const { result, resolved, heavy } = await runRecorded(['--help']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('COMMANDS');
    expect(heavy).toEqual([]);
    expect(resolved.filter((line) => /packages\/cli\/dist\/.*\.js$/.test(line))).toEqual([]);
  });

  it('a no-change apply of a provider-less root runs one terraform process and loads no heavy module', async () => {
    const root = await makeRoot(SIMPLE_ROOT);
    const terraform = countingTerraform();
    const env = {
      CHALLENGE_TERRAFORM_BIN: terraform.bin,
      XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'cache-')),
    };
    const apply = ['apply', '--dir', root, '--env', 'mock', '--yes'];

    // First run, empty caches: init, a plan with changes, apply. Parsing variables.tf needs hcl2json,
    // which the recorder must see (so the assertions below can fail).
    const first = await runRecorded(apply, env);
    expect(first.result.exitCode, first.result.stderr).toBe(0);
    expect(first.heavy).toEqual(['@cdktf/hcl2json']);
    expect(terraform.calls()).toEqual(['version', 'init', 'workspace', 'plan', 'show', 'apply', 'output']);

    const before = terraform.calls().length;
    const again = await runRecorded(apply, env);
    expect(again.result.exitCode, again.result.stderr).toBe(0);
    expect(again.result.stdout).toContain('No changes for env mock');
    expect(again.heavy).toEqual([]);
    // bin/run.js runs it without oclif (src/fast-path.ts), from the two CommonJS bundles of that path.
    expect(again.resolved.filter((line) => line.includes('@oclif/core'))).toEqual([]);
    const bundles = new Set(again.resolved.filter((line) => /packages\/(cli|infra)\/dist\//.test(line)));
    expect([...bundles].sort()).toEqual([
      expect.stringMatching(/packages\/cli\/dist\/code-cache\.cjs$/),
      expect.stringMatching(/packages\/infra\/dist\/plan-and-apply\.cjs$/),
    ]);
    // No `terraform version` (cached per binary), no init (fingerprint), no show (no changes).
    expect(terraform.calls().slice(before)).toEqual(['plan']);
  });

  it('drift of a clean provider-less root runs one refresh-only plan (no show) and loads no heavy module', async () => {
    const root = await makeRoot(SIMPLE_ROOT);
    const terraform = countingTerraform();
    const env = {
      CHALLENGE_TERRAFORM_BIN: terraform.bin,
      XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'cache-')),
    };
    const applied = await runRecorded(['apply', '--dir', root, '--env', 'mock', '--yes'], env);
    expect(applied.result.exitCode, applied.result.stderr).toBe(0);
    const before = terraform.calls().length;
    const drift = await runRecorded(['drift', '--dir', root, '--env', 'mock'], env);
    expect(drift.result.exitCode, drift.result.stderr).toBe(0);
    expect(drift.result.stdout).toContain('No drift: 1 resource of env mock matches its recorded state.');
    expect(drift.heavy).toEqual([]);
    expect(terraform.calls().slice(before)).toEqual(['plan']);
  });

  it('status loads the AWS client it calls (the recorder sees lazy imports)', async () => {
    const root = await makeRoot({
      'main.tf': 'output "pipeline_name" {\n  value = "missing-pipeline"\n}\n',
      'vars/mock.tfvars.json': '{}',
    });
    const applied = await runRecorded(['apply', '--dir', root, '--yes']);
    expect(applied.result.exitCode, applied.result.stderr).toBe(0);
    const { result, heavy } = await runRecorded(['status', '--dir', root], fakeAwsEnv(fake.url));
    expect(result.stdout).toMatch(/pipeline\s*│\s*not created yet/);
    expect(heavy).toContain('@aws-sdk/client-codepipeline');
    expect(heavy).not.toContain('@cdktf/hcl2json');
    expect(heavy).not.toContain('listr2');
  });
});
