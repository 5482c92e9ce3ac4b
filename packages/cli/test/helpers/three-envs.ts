import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli } from './cli.js';

export const ENVS = ['a', 'b', 'c'] as const;

export const PERMUTATIONS: string[][] = ENVS.flatMap((first) =>
  ENVS.filter((e) => e !== first).flatMap((second) =>
    ENVS.filter((e) => e !== first && e !== second).map((third) => [first, second, third]),
  ),
);

/** Each env first, second and third once. */
export const ROTATIONS: string[][] = [
  ['a', 'b', 'c'],
  ['b', 'c', 'a'],
  ['c', 'a', 'b'],
];

/** A provider-less root with three envs; `backend` is the terraform block (or '' for none). */
export function threeEnvRoot(backend: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'main.tf': `${backend}
variable "greeting" {
  description = "What to say"
  type        = string
}

resource "terraform_data" "hello" {
  input = var.greeting
}

output "greeting" {
  description = "What was said"
  value       = terraform_data.hello.output
}
`,
    ...Object.fromEntries(
      ENVS.map((env) => [`vars/${env}.tfvars.json`, `{ "greeting": "hello from ${env}" }\n`]),
    ),
    ...extra,
  };
}

/**
 * The first init of each env in a fresh per-env data dir, after the envs before it in `order` have
 * state: apply the first two, then plan the third. None may ask to migrate another env's state; each
 * env's state holds only its own resource (apply prints its own output; the third plans 1 to add).
 */
export async function firstInitsInOrder(
  root: string,
  order: string[],
  env: NodeJS.ProcessEnv = {},
  stateOf: (env: string) => Promise<string | undefined> = (name) =>
    readFile(join(root, 'terraform.tfstate.d', name, 'terraform.tfstate'), 'utf8').catch(() => undefined),
): Promise<void> {
  for (const name of order.slice(0, 2)) {
    const applied = await runCli(['apply', '--dir', root, '--env', name, '--yes', '--json'], { env });
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({
      env: name,
      applied: true,
      summary: { add: 1, change: 0, destroy: 0 },
      outputs: { greeting: `hello from ${name}` },
    });
  }
  const last = order[2] as string;
  const before = await Promise.all(order.slice(0, 2).map(stateOf));
  const plan = await runCli(['plan', '--dir', root, '--env', last, '--json'], { env });
  expect(plan.exitCode, plan.stdout + plan.stderr).toBe(0);
  expect(JSON.parse(plan.stdout)).toMatchObject({
    env: last,
    hasChanges: true,
    summary: { add: 1, destroy: 0 },
  });
  // The third env's first init neither copied nor rewrote the states of the other two.
  expect(before.every((state) => state?.includes('hello from'))).toBe(true);
  expect(await Promise.all(order.slice(0, 2).map(stateOf))).toEqual(before);
}
