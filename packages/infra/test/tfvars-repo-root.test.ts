import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '@challenge/testkit';
import { describe, expect, it } from 'vitest';
import { readVariables, validateEnvTfvars } from '../src/index.js';

/** The repository's own Terraform root: the seed's inputs are readable and every env file is valid. */
const root = join(repoRoot(), 'terraform');

// Inputs of the original stack (seed README): name -> type. `challenge init` asks for the required ones.
const SEED_INPUTS: Record<string, string> = {
  tags: 'map(string)',
  ec2_key_pair_name: 'string',
  ecs_cluster_name: 'string',
  region: 'string',
  app_port: 'number',
  instance_type: 'string',
  desired_instance_capacity: 'number',
  desired_tasks: 'number',
  artifact_store: 'string',
  codebuild_image: 'string',
  healthcheck_path: 'string',
};

describe.skipIf(!existsSync(join(root, 'variables.tf')))('terraform/ variables', () => {
  it("declares the seed's inputs with their types; the key pair and artifact bucket are required", async () => {
    const variables = await readVariables(root);
    const byName = new Map(variables.map((v) => [v.name, v]));
    for (const [name, type] of Object.entries(SEED_INPUTS)) {
      expect(byName.get(name)?.type.replace(/\s+/g, ''), name).toBe(type);
    }
    const required = variables.filter((v) => v.required).map((v) => v.name);
    expect(required).toEqual(expect.arrayContaining(['artifact_store', 'ec2_key_pair_name']));
  });

  it('states the desired_instance_capacity range [0:2] in a form the offline check reads', async () => {
    const capacity = (await readVariables(root)).find((v) => v.name === 'desired_instance_capacity');
    const ranges = capacity?.validations.map((v) => v.range).filter(Boolean);
    expect(ranges).toContainEqual({ min: 0, max: 2 });
  });

  it('accepts every committed env tfvars file', async () => {
    const files = (await readdir(join(root, 'vars'))).filter((f) => f.endsWith('.tfvars.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) await validateEnvTfvars(root, join(root, 'vars', file));
  });
});
