#!/usr/bin/env node
// Issue 2 benchmarks, each a ratio against a baseline measured in the same run (medians of N runs):
//   1. `challenge --version` cold start vs `node -e 0`                                   (goal <= 2.5x)
//   2. re-apply of an unchanged root: `challenge apply --yes` vs raw plan -out + apply   (goal <= 1.10)
//   3. the same vs the original five-command flow                                          (goal <= 0.5)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const cli = join(here, '..', 'bin', 'run.js');
const env = {
  ...process.env,
  TF_CLI_CONFIG_FILE: execFileSync('bash', [join(repo, '.ci', 'terraform-cli-config.sh')], {
    encoding: 'utf8',
  }).trim(),
  CHECKPOINT_DISABLE: '1',
  NO_COLOR: '1',
  CI: 'true',
};
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function time(command, args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return ms;
}

function timeSteps(steps, cwd) {
  return steps.reduce((sum, [command, args, allowFail]) => {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status !== 0 && !allowFail) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
    return sum + Number(process.hrtime.bigint() - start) / 1e6;
  }, 0);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function measure(fn) {
  fn(); // warm-up: file cache, first init
  return median(Array.from({ length: RUNS }, fn));
}

function fixture() {
  const root = mkdtempSync(join(tmpdir(), 'challenge-bench-'));
  mkdirSync(join(root, 'vars'));
  writeFileSync(
    join(root, 'main.tf'),
    `variable "names" {
  type        = list(string)
  description = "Names of the resources"
}
resource "terraform_data" "item" {
  for_each = toset(var.names)
  input    = each.value
}
output "count" {
  value = length(terraform_data.item)
}
`,
  );
  writeFileSync(
    join(root, 'vars', 'mock.tfvars.json'),
    JSON.stringify({ names: Array.from({ length: 20 }, (_, i) => `item-${i}`) }),
  );
  return root;
}

function report(name, value, baseline, goal, unit = 'ms') {
  const ratio = value / baseline;
  const verdict = ratio <= goal ? 'meets goal' : 'MISSES goal';
  console.log(
    `${name}: ${value.toFixed(0)} ${unit} vs ${baseline.toFixed(0)} ${unit} -> ratio ${ratio.toFixed(2)} (goal <= ${goal}, ${verdict})`,
  );
}

console.log(`challenge bench (median of ${RUNS} runs each, measured now on this machine)`);

const node = measure(() => time(process.execPath, ['-e', '0']));
const version = measure(() => time(process.execPath, [cli, '--version']));
report('cold start: challenge --version vs node -e 0', version, node, 2.5);

const ours = fixture();
time(process.execPath, [cli, 'apply', '--dir', ours, '--env', 'mock', '--yes']);
const challengeApply = measure(() =>
  time(process.execPath, [cli, 'apply', '--dir', ours, '--env', 'mock', '--yes']),
);

const raw = join(mkdtempSync(join(tmpdir(), 'challenge-bench-raw-')), 'root');
cpSync(ours, raw, {
  recursive: true,
  filter: (src) => !src.includes('.terraform') && !src.includes('tfstate'),
});
timeSteps(
  [
    ['terraform', ['init', '-input=false']],
    ['terraform', ['workspace', 'new', 'mock']],
    ['terraform', ['apply', '-input=false', '-auto-approve', '-var-file=vars/mock.tfvars.json']],
  ],
  raw,
);
const rawPlanApply = measure(() =>
  timeSteps(
    [
      ['terraform', ['plan', '-input=false', '-var-file=vars/mock.tfvars.json', '-out=bench.tfplan']],
      ['terraform', ['apply', '-input=false', 'bench.tfplan']],
    ],
    raw,
  ),
);
report(
  're-apply unchanged: challenge apply --yes vs terraform plan -out + apply',
  challengeApply,
  rawPlanApply,
  1.1,
);

const fiveCommands = measure(() =>
  timeSteps(
    [
      ['terraform', ['workspace', 'new', 'mock'], true], // the seed's first step; fails once it exists
      ['terraform', ['init', '-input=false']],
      ['terraform', ['validate']],
      ['terraform', ['plan', '-input=false', '-var-file=vars/mock.tfvars.json']],
      ['terraform', ['apply', '-input=false', '-auto-approve', '-var-file=vars/mock.tfvars.json']],
    ],
    raw,
  ),
);
report(
  're-apply unchanged: challenge apply --yes vs the original five-command flow',
  challengeApply,
  fiveCommands,
  0.5,
);
