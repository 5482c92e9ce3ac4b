import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { terraformEnv } from '@challenge/testkit';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTfvarsProblems, readVariables, type VariableSpec } from '../src/index.js';
import { removeTempRoots, tempRoot, VALID_VALUES, VARIABLES_TF } from './tfvars-fixtures.js';

afterAll(removeTempRoots);

/**
 * The offline check must predict Terraform: each case runs the real `terraform plan` with the same values.
 * `lenient` cases are those the validator knowingly leaves to Terraform (conditions it does not read): it
 * accepts them and Terraform rejects them. The validator must never reject a value Terraform accepts.
 */
const CASES: Array<{ name: string; values: Record<string, unknown>; lenient?: true }> = [
  { name: 'the valid baseline', values: {} },
  { name: 'a number within range', values: { desired_instance_capacity: 0 } },
  { name: 'a number above the range', values: { desired_instance_capacity: 3 } },
  { name: 'a number below the range', values: { desired_instance_capacity: -1 } },
  { name: 'a numeric string for a number', values: { desired_instance_capacity: '2' } },
  { name: 'a word for a number', values: { desired_instance_capacity: 'two' } },
  { name: 'a bool for a number', values: { app_port: true } },
  { name: 'an exclusive lower bound', values: { app_port: 1023 } },
  { name: 'just above an exclusive bound', values: { app_port: 1024 } },
  { name: 'an exclusive upper bound', values: { app_port: 65536 } },
  { name: 'a matching pattern', values: { region: 'eu-central-1' } },
  { name: 'a pattern mismatch', values: { region: 'US-EAST-2' } },
  { name: 'a listed value', values: { instance_type: 't3.small' } },
  { name: 'an unlisted value', values: { instance_type: 'm5.large' } },
  { name: 'a string too short', values: { secret: 'short' } },
  { name: 'an empty string against length > 0', values: { ec2_key_pair_name: '' } },
  { name: 'a number for a string', values: { ec2_key_pair_name: 12345 } },
  { name: 'an array for a string', values: { ec2_key_pair_name: ['a'] } },
  { name: '"true" for a bool', values: { enabled: 'true' } },
  { name: '"0" for a bool', values: { enabled: '0' } },
  { name: '"yes" for a bool', values: { enabled: 'yes' } },
  { name: '"True" for a bool', values: { enabled: 'True' } },
  { name: '1 for a bool', values: { enabled: 1 } },
  { name: 'a string for a list', values: { subnets: 'subnet-1' } },
  { name: 'mixed scalars for list(string)', values: { subnets: ['a', 1, true] } },
  { name: 'an object inside list(string)', values: { subnets: [{ a: 1 }] } },
  { name: 'a list inside map(string)', values: { tags: { env: ['x'] } } },
  { name: 'a number inside map(string)', values: { tags: { env: 1 } } },
  { name: 'an array for a map', values: { tags: ['env'] } },
  { name: 'an object missing a required attribute', values: { settings: { size: 2 } } },
  { name: 'an object with an extra attribute', values: { settings: { name: 'n', extra: 1 } } },
  { name: 'an optional attribute of the wrong type', values: { settings: { name: 'n', size: 'big' } } },
  { name: 'a nested list of bool strings', values: { settings: { name: 'n', flags: ['true', false] } } },
  { name: 'null for a non-nullable variable without default', values: { strict: null } },
  { name: 'null for a required nullable variable with a length rule', values: { ec2_key_pair_name: null } },
  { name: 'null for an optional variable without rules', values: { subnets: null } },
  // Terraform 1.11 evaluates both sides of `||`, so `floor(null)` fails despite the guard; the validator
  // cannot know which functions tolerate null and leaves it to Terraform.
  { name: 'null against a null-guarded condition', values: { tricky: null }, lenient: true },
  { name: 'anything for an untyped variable', values: { untyped: [1, 'x', { a: null }] } },
  { name: 'a missing required variable', values: { ec2_key_pair_name: undefined } },
  { name: 'a number failing the unread half of a condition', values: { tricky: 1.5 }, lenient: true },
  { name: 'a number failing the read half of a condition', values: { tricky: -6 } },
];

let root: string;
let variables: VariableSpec[];

beforeAll(async () => {
  root = await tempRoot({ 'variables.tf': VARIABLES_TF });
  await execa('terraform', ['init', '-input=false', '-backend=false'], { cwd: root, env: terraformEnv() });
  variables = await readVariables(root);
}, 120_000);

async function terraformAccepts(
  values: Record<string, unknown>,
): Promise<{ accepted: boolean; output: string }> {
  const file = join(root, 'case.tfvars.json');
  await writeFile(file, JSON.stringify(values));
  const result = await execa(
    'terraform',
    ['plan', '-input=false', '-lock=false', '-refresh=false', '-no-color', `-var-file=${file}`],
    { cwd: root, env: terraformEnv(), reject: false },
  );
  return { accepted: result.exitCode === 0, output: result.all ?? `${result.stdout}\n${result.stderr}` };
}

describe('offline tfvars validation agrees with terraform plan', () => {
  it.each(CASES)('$name', async ({ values: overrides, lenient }) => {
    const values: Record<string, unknown> = { ...VALID_VALUES, ...overrides };
    for (const [key, value] of Object.entries(values)) if (value === undefined) delete values[key];
    const problems = findTfvarsProblems(variables, values);
    const terraform = await terraformAccepts(values);
    if (lenient) {
      expect(problems).toEqual([]);
      expect(terraform.accepted).toBe(false);
      return;
    }
    const context = `validator: ${JSON.stringify(problems.map((p) => p.message))}\nterraform: ${terraform.output}`;
    expect(problems.length === 0, context).toBe(terraform.accepted);
  });
});
