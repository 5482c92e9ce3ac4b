// Cost of the offline tfvars check in a fresh process (as each CLI command runs it), with and without the
// parsed-variables cache, against `node -e 0` and a bare import of @challenge/infra measured in the same run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = 7;
const dist = new URL('../dist/index.js', import.meta.url).href;
const repoVariables = new URL('../../../terraform/variables.tf', import.meta.url);

const root = mkdtempSync(join(tmpdir(), 'tfvars-bench-'));
const seedVariables = `
variable "tags" {
  type    = map(string)
  default = { project = "project_name", env = "mock" }
}
variable "ec2_key_pair_name" {
  type = string
  validation {
    condition     = length(var.ec2_key_pair_name) > 0
    error_message = "Required."
  }
}
variable "ecs_cluster_name" {
  type    = string
  default = "cluster"
}
variable "region" {
  type    = string
  default = "us-east-2"
  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-\\\\d$", var.region))
    error_message = "A region."
  }
}
variable "app_port" {
  type    = number
  default = 8000
}
variable "instance_type" {
  type    = string
  default = "t3.micro"
}
variable "desired_instance_capacity" {
  type    = number
  default = 2
  validation {
    condition     = var.desired_instance_capacity >= 0 && var.desired_instance_capacity <= 2
    error_message = "0 to 2."
  }
}
variable "desired_tasks" {
  type    = number
  default = 2
}
variable "artifact_store" {
  type = string
}
variable "codebuild_image" {
  type    = string
  default = "aws/codebuild/standard:5.0"
}
variable "healthcheck_path" {
  type    = string
  default = "/gtg"
}
`;
const usesRepoRoot = existsSync(repoVariables);
writeFileSync(join(root, 'variables.tf'), usesRepoRoot ? readFileSync(repoVariables, 'utf8') : seedVariables);
writeFileSync(
  join(root, 'bench.tfvars.json'),
  JSON.stringify({ ec2_key_pair_name: 'k', artifact_store: 'b' }),
);

const validate = `const m = await import(${JSON.stringify(dist)});
try { await m.validateEnvTfvars(${JSON.stringify(root)}, ${JSON.stringify(join(root, 'bench.tfvars.json'))}); }
catch (e) { if (e.code !== 'TFVARS_INVALID') throw e; }`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeNode(script, env) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, ...env() },
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

const scratch = [root];
const tempDir = (prefix) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};
const warmCache = tempDir('tfvars-bench-cache-');
const baseline = timeNode('', () => ({}));
const importOnly = timeNode(`await import(${JSON.stringify(dist)});`, () => ({}));
const cold = timeNode(validate, () => ({
  XDG_CACHE_HOME: tempDir('tfvars-bench-cold-'),
}));
const warm = timeNode(validate, () => ({ XDG_CACHE_HOME: warmCache }));
for (const dir of scratch) rmSync(dir, { recursive: true, force: true });

const ms = (value) => `${value.toFixed(0)} ms`;
console.log(
  `tfvars validation per process (${usesRepoRoot ? 'terraform/variables.tf' : 'seed-like variables.tf'}), median of ${RUNS}:`,
);
console.log(`  node -e 0                     ${ms(baseline)}  (baseline, 1.00x)`);
console.log(
  `  import @challenge/infra       ${ms(importOnly)}  ${(importOnly / baseline).toFixed(2)}x baseline`,
);
console.log(`  validate, no cache (parse)    ${ms(cold)}  ${(cold / baseline).toFixed(2)}x baseline`);
console.log(`  validate, cached variables    ${ms(warm)}  ${(warm / baseline).toFixed(2)}x baseline`);
console.log(
  `  check cost over import: parse ${ms(cold - importOnly)}, cached ${ms(warm - importOnly)}; cached/parse ratio ${(warm / cold).toFixed(2)}`,
);
