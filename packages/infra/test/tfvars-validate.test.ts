import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChallengeError,
  checkValue,
  convertForVariable,
  describeExpectation,
  readVariables,
  TfvarsError,
  type VariableSpec,
  validateEnvTfvars,
} from '../src/index.js';
import { removeTempRoots, tempRoot, VALID_VALUES, VARIABLES_TF } from './tfvars-fixtures.js';

afterAll(removeTempRoots);

async function rootWith(values: unknown): Promise<{ root: string; file: string }> {
  const root = await tempRoot({
    'variables.tf': VARIABLES_TF,
    'vars/mock.tfvars.json': typeof values === 'string' ? values : JSON.stringify(values, null, 2),
  });
  return { root, file: join(root, 'vars', 'mock.tfvars.json') };
}

async function problemsOf(values: unknown): Promise<TfvarsError> {
  const { root, file } = await rootWith(values);
  const error = await validateEnvTfvars(root, file).catch((e: unknown) => e);
  if (!(error instanceof TfvarsError)) throw new Error(`expected a TfvarsError, got ${String(error)}`);
  return error;
}

let specs: VariableSpec[];
const spec = (name: string): VariableSpec => specs.find((s) => s.name === name)!;

beforeAll(async () => {
  process.env.XDG_CACHE_HOME = await tempRoot({});
  specs = await readVariables(await tempRoot({ 'variables.tf': VARIABLES_TF }));
});

describe('validateEnvTfvars', () => {
  it('returns the values when Terraform would accept them', async () => {
    const values = { ...VALID_VALUES, desired_instance_capacity: 1, tags: { env: 'dev' } };
    const { root, file } = await rootWith(values);
    expect(await validateEnvTfvars(root, file)).toEqual(values);
  });

  it('lists every problem at once, each with the variable, its line and the fix', async () => {
    const error = await problemsOf({
      ec2_keypair_name: 'my-key',
      desired_instance_capacity: 5,
      instance_type: 'm5.large',
      enabled: 'yes',
    });
    expect(error.code).toBe('TFVARS_INVALID');
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(
      /^vars\/mock\.tfvars\.json has 6 problems:|mock\.tfvars\.json has 6 problems:/,
    );
    const lines = error.message.split('\n').slice(1);
    expect(lines).toEqual([
      '  - line 2: "ec2_keypair_name" is not a variable of this root; did you mean "ec2_key_pair_name"? Rename or remove it.',
      '  - line 3: "desired_instance_capacity": 5 is out of range: must be between 0 and 2 (validation: "Between 0 and 2 instances.").',
      '  - line 4: "instance_type": "m5.large" is not one of "t3.micro", "t3.small" (validation: "A small burstable type.").',
      '  - line 5: "enabled": expected a bool (true or false), got a string ("yes"); write true or false without quotes.',
      '  - "ec2_key_pair_name" (EC2 Key Pair) is required but not set; add "ec2_key_pair_name": <a string>.',
      '  - "strict" is required but not set; add "strict": <a string>.',
    ]);
    expect(error.problems.map((p) => p.variable)).toEqual([
      'ec2_keypair_name',
      'desired_instance_capacity',
      'instance_type',
      'enabled',
      'ec2_key_pair_name',
      'strict',
    ]);
    expect(error.hint).toMatch(
      /^Edit .*mock\.tfvars\.json as listed above \(variables are declared in .*variables\.tf\)/,
    );
  });

  it('lists the known variables when no name is close to an unknown one', async () => {
    const error = await problemsOf({ ...VALID_VALUES, completely_different: 1 });
    expect(error.message).toContain(
      '"completely_different" is not a variable of this root; remove it (known variables: app_port,',
    );
  });

  it('suggests names that differ in case or dashes', async () => {
    const error = await problemsOf({ ...VALID_VALUES, 'Instance-Type': 't3.micro' });
    expect(error.message).toContain('did you mean "instance_type"?');
  });

  it.each([
    [
      'a word for a number',
      { app_port: 'eighty' },
      '"app_port": expected a number, got a string ("eighty"); write a number without quotes',
    ],
    [
      'a string for a list',
      { subnets: 'subnet-1' },
      '"subnets": expected a list (JSON array) of strings, got a string ("subnet-1"); write it as an array: ["subnet-1"]',
    ],
    ['a list inside a map', { tags: { env: ['x'] } }, '"tags": expected a string at ["env"], got an array'],
    [
      'an object in a list',
      { subnets: ['a', { b: 1 }] },
      '"subnets": expected a string at [1], got an object',
    ],
    [
      'a missing object attribute',
      { settings: { size: 1 } },
      '"settings": attribute "name" is required; add it',
    ],
    [
      'a mistyped optional attribute',
      { settings: { name: 'n', size: 'big' } },
      '"settings": expected a number at .size, got a string ("big")',
    ],
    ['a capitalised bool', { enabled: 'True' }, 'write true in lowercase without quotes'],
    [
      'null for a non-nullable variable',
      { strict: null },
      '"strict": must not be null (the variable has nullable = false and no default); set a value',
    ],
    [
      'an exclusive bound',
      { app_port: 1023 },
      '"app_port": 1023 is out of range: must be greater than 1023 and less than 65536',
    ],
    [
      'a pattern mismatch',
      { region: 'Ohio' },
      '"region": "Ohio" does not match the pattern /^[a-z]{2}(-[a-z]+)+-\\d$/ (validation: "A region name such as us-east-2.")',
    ],
    [
      'a length rule',
      { ec2_key_pair_name: '' },
      '"ec2_key_pair_name": "" has length 0: the length must be between 1 and 255',
    ],
  ])('explains %s', async (_, values, expected) => {
    const error = await problemsOf({ ...VALID_VALUES, ...values });
    expect(error.message).toContain(expected);
    expect(error.problems).toHaveLength(1);
  });

  it('never repeats the value of a sensitive variable', async () => {
    const error = await problemsOf({ ...VALID_VALUES, secret: 'abc12' });
    expect(error.message).toContain('"secret": the value has length 5: the length must be at least 8');
    expect(error.message).not.toContain('abc12');
    const typeError = await problemsOf({ ...VALID_VALUES, secret: ['abc12'] });
    expect(typeError.message).toContain('"secret": expected a string, got an array');
    expect(typeError.message).not.toContain('abc12');
  });

  it('names the missing file and the init command, without creating anything', async () => {
    const root = await tempRoot({ 'variables.tf': VARIABLES_TF });
    const error = await validateEnvTfvars(root, join(root, 'vars', 'qa.tfvars.json')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChallengeError);
    expect((error as ChallengeError).message).toMatch(
      /Variables file .*vars\/qa\.tfvars\.json does not exist/,
    );
    expect((error as ChallengeError).hint).toContain('challenge init --env qa');
    expect(await readdir(root)).toEqual(['variables.tf']);
  });

  it('reports malformed JSON before reading variables, and changes no file', async () => {
    const { root, file } = await rootWith('{\n  "ec2_key_pair_name": "k"\n  "strict": "s"\n}\n');
    const before = await readFile(file, 'utf8');
    await expect(validateEnvTfvars(root, file)).rejects.toThrow(
      /mock\.tfvars\.json:3:3: invalid JSON: expected ','/,
    );
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await readdir(root)).sort()).toEqual(['variables.tf', 'vars']);
  });
});

describe('checkValue (also used to validate prompt answers)', () => {
  it('accepts what Terraform converts', () => {
    expect(checkValue(spec('desired_instance_capacity'), '2')).toEqual([]);
    expect(checkValue(spec('ec2_key_pair_name'), 42)).toEqual([]);
    expect(checkValue(spec('enabled'), 'false')).toEqual([]);
    expect(checkValue(spec('untyped'), { any: ['thing'] })).toEqual([]);
  });

  it('checks rules against the converted value', () => {
    expect(checkValue(spec('desired_instance_capacity'), '3')).toEqual([
      '3 is out of range: must be between 0 and 2 (validation: "Between 0 and 2 instances.")',
    ]);
  });

  it('compares listed numbers as numbers', () => {
    const port: VariableSpec = {
      ...spec('app_port'),
      validations: [
        { condition: 'contains([80, 443], var.app_port)', errorMessage: 'Web port.', oneOf: ['80', '443'] },
      ],
    };
    expect(checkValue(port, 443)).toEqual([]);
    expect(checkValue(port, '443.0')).toEqual([]);
    expect(checkValue(port, 8080)).toEqual(['8080 is not one of "80", "443" (validation: "Web port.")']);
  });

  it('skips a pattern JavaScript cannot read instead of guessing', () => {
    const odd: VariableSpec = {
      ...spec('region'),
      validations: [
        { condition: 'can(regex("[[:alpha:]", var.region))', errorMessage: 'x', pattern: '[[:alpha:]' },
      ],
    };
    // JavaScript would read [[:alpha:]] as the class [[:alph] followed by "]" and reject "abc".
    expect(checkValue(odd, 'abc')).toEqual([]);
  });
});

describe('helpers for init prompts', () => {
  it('converts an answer to the type the variable declares', () => {
    expect(convertForVariable(spec('desired_instance_capacity'), '2')).toEqual({ ok: true, value: 2 });
    expect(convertForVariable(spec('enabled'), 'false')).toEqual({ ok: true, value: false });
    expect(convertForVariable(spec('ec2_key_pair_name'), 'my-key')).toEqual({ ok: true, value: 'my-key' });
    expect(convertForVariable(spec('desired_instance_capacity'), '7')).toEqual({
      ok: false,
      problems: ['7 is out of range: must be between 0 and 2 (validation: "Between 0 and 2 instances.")'],
    });
  });

  it('describes what a variable accepts', () => {
    expect(describeExpectation(spec('desired_instance_capacity'))).toBe('a number, at least 0 and at most 2');
    expect(describeExpectation(spec('app_port'))).toBe('a number, above 1023 and below 65536');
    expect(describeExpectation(spec('instance_type'))).toBe('a string, one of "t3.micro", "t3.small"');
    expect(describeExpectation(spec('ec2_key_pair_name'))).toBe(
      'a string, length at least 1 and at most 255',
    );
  });
});

describe('required variables set outside the env file', () => {
  it('counts TF_VAR_ environment variables and auto-loaded tfvars files of the root', async () => {
    const root = await tempRoot({
      'variables.tf': VARIABLES_TF,
      'terraform.tfvars': 'strict = "from terraform.tfvars"\n',
      'vars/mock.tfvars.json': '{}',
    });
    const file = join(root, 'vars', 'mock.tfvars.json');
    const error = await validateEnvTfvars(root, file).catch((e: unknown) => e);
    expect((error as TfvarsError).problems.map((p) => p.variable)).toEqual(['ec2_key_pair_name']);

    process.env.TF_VAR_ec2_key_pair_name = 'from-env';
    try {
      expect(await validateEnvTfvars(root, file)).toEqual({});
    } finally {
      delete process.env.TF_VAR_ec2_key_pair_name;
    }
  });
});
