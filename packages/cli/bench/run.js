#!/usr/bin/env node
// CLI benchmarks (issue 11). Every figure is a ratio against a baseline measured in the same run, in
// interleaved rounds (one run of each command per round, so a machine that slows down or speeds up
// affects both sides of a ratio alike); each ratio is taken round by round and printed as min / median /
// max. The median is what the goal is checked against.
//   1. `challenge --version` vs `node -e 0`                                               goal <= 1.3
//   2. `challenge --help` vs `node -e 0`                                                   goal <= 2.0
//   3. no-change `challenge apply --yes` on a 20-resource provider-less root vs the floor: a bare
//      `node -e` script spawning the one `terraform plan` the CLI needs (same data dir, workspace,
//      var file)                                                                            goal <= 1.15
//   4. the same apply vs raw `terraform plan -out && terraform apply` and vs the seed's five-command
//      flow (workspace new, init, validate, plan, apply), and the same apply run through oclif instead of
//      bin/run.js's oclif-free path (any DEBUG value sends it to oclif): printed, no goal.
// BENCH_ROUNDS (default 15) sets the number of rounds; BENCH_CLI another build's bin/run.js.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const cli = process.env.BENCH_CLI ?? join(here, '..', 'bin', 'run.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const scratch = mkdtempSync(join(tmpdir(), 'challenge-bench-'));
const env = {
  ...process.env,
  TF_CLI_CONFIG_FILE: execFileSync('bash', [join(repo, '.ci', 'terraform-cli-config.sh')], {
    encoding: 'utf8',
  }).trim(),
  // The CLI's caches (terraform version, parsed variables) start empty, as on a fresh machine.
  XDG_CACHE_HOME: join(scratch, 'cache'),
  CHECKPOINT_DISABLE: '1',
  NO_COLOR: '1',
  CI: 'true',
};

/** Wall time of one process (ms); `ok` lists the exit codes that are not failures. */
function time(command, args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!(options.ok ?? [0]).includes(result.status)) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return ms;
}

function steps(list, cwd) {
  return list.reduce((sum, [command, args, ok]) => sum + time(command, args, { cwd, ok }), 0);
}

function fixture(dir) {
  mkdirSync(join(dir, 'vars'), { recursive: true });
  writeFileSync(
    join(dir, 'main.tf'),
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
    join(dir, 'vars', 'mock.tfvars.json'),
    JSON.stringify({ names: Array.from({ length: 20 }, (_, i) => `item-${i}`) }),
  );
  return dir;
}

const ours = fixture(join(scratch, 'ours'));
const apply = ['apply', '--dir', ours, '--env', 'mock', '--yes'];
time(process.execPath, [cli, ...apply]); // creates the 20 resources (and inits the env)

// The floor: the one process the CLI cannot avoid, with the CLI's own arguments and environment.
const dataDir = join(ours, '.terraform', 'envs', 'mock');
const floorScript = `
const { spawnSync } = require('node:child_process');
const { rmSync } = require('node:fs');
const out = ${JSON.stringify(join(dataDir, 'plans', 'floor.tfplan'))};
const r = spawnSync('terraform', ['plan', '-input=false', '-lock-timeout=60s', '-var-file=vars/mock.tfvars.json',
  '-out=' + out, '-detailed-exitcode', '-no-color'], {
  cwd: ${JSON.stringify(ours)},
  env: { ...process.env, TF_DATA_DIR: ${JSON.stringify(dataDir)}, TF_IN_AUTOMATION: '1', TF_INPUT: '0' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
rmSync(out, { force: true });
if (r.status !== 0) { process.stderr.write(String(r.stderr)); process.exit(1); }
`;

const raw = fixture(join(scratch, 'raw'));
steps(
  [
    ['terraform', ['init', '-input=false']],
    ['terraform', ['workspace', 'new', 'mock']],
    ['terraform', ['apply', '-input=false', '-auto-approve', '-var-file=vars/mock.tfvars.json']],
  ],
  raw,
);
const seed = join(scratch, 'seed');
cpSync(raw, seed, { recursive: true });

const commands = {
  node: () => time(process.execPath, ['-e', '0']),
  version: () => time(process.execPath, [cli, '--version']),
  help: () => time(process.execPath, [cli, '--help']),
  floor: () => time(process.execPath, ['-e', floorScript]),
  apply: () => time(process.execPath, [cli, ...apply]),
  oclif: () => time(process.execPath, [cli, ...apply], { env: { ...env, DEBUG: 'none' } }),
  raw: () =>
    steps(
      [
        ['terraform', ['plan', '-input=false', '-var-file=vars/mock.tfvars.json', '-out=bench.tfplan']],
        ['terraform', ['apply', '-input=false', 'bench.tfplan']],
      ],
      raw,
    ),
  seed: () =>
    steps(
      [
        ['terraform', ['workspace', 'new', 'mock'], [0, 1]], // the seed's first step; fails once it exists
        ['terraform', ['init', '-input=false']],
        ['terraform', ['validate']],
        ['terraform', ['plan', '-input=false', '-var-file=vars/mock.tfvars.json']],
        ['terraform', ['apply', '-input=false', '-auto-approve', '-var-file=vars/mock.tfvars.json']],
      ],
      seed,
    ),
};

const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (let round = -1; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(commands)) {
    const ms = run();
    if (round >= 0) samples[name].push(ms); // round -1 warms the file cache and the CLI's caches
  }
}
rmSync(scratch, { recursive: true, force: true });

const sorted = (values) => [...values].sort((a, b) => a - b);
const stats = (values) => {
  const s = sorted(values);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const ms = (value) => `${value.toFixed(0)} ms`;

console.log(`challenge bench: ${ROUNDS} interleaved rounds; min / median / max`);
for (const [name, values] of Object.entries(samples)) {
  const { min, median, max } = stats(values);
  console.log(`  ${name.padEnd(8)} ${ms(min).padStart(8)} ${ms(median).padStart(8)} ${ms(max).padStart(8)}`);
}

let missed = 0;
function ratio(label, a, b, goal) {
  const { min, median, max } = stats(samples[a].map((value, i) => value / samples[b][i]));
  const verdict =
    goal === undefined ? '' : median <= goal ? `  goal <= ${goal}: met` : `  goal <= ${goal}: MISSED`;
  if (goal !== undefined && median > goal) missed += 1;
  console.log(`${label.padEnd(72)} ${min.toFixed(2)} / ${median.toFixed(2)} / ${max.toFixed(2)}${verdict}`);
}
console.log('ratios, round by round:');
ratio('challenge --version vs node -e 0', 'version', 'node', 1.3);
ratio('challenge --help vs node -e 0', 'help', 'node', 2.0);
ratio('no-change challenge apply --yes vs the floor (node + its terraform plan)', 'apply', 'floor', 1.15);
ratio('no-change challenge apply --yes vs raw terraform plan -out + apply', 'apply', 'raw');
ratio("no-change challenge apply --yes vs the seed's five-command flow", 'apply', 'seed');
ratio('the same apply through oclif (DEBUG=none) vs the floor', 'oclif', 'floor');
if (missed > 0) console.log(`${missed} goal(s) missed on this run (see above).`);
