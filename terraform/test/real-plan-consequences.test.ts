import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { classifyPlan, type PlanConsequence } from '@challenge/infra';
import { type ProviderSchemas, type ShownPlan, stateFromPlan } from '@challenge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RealPlanRoot, startRealPlanRoot } from './helpers/real-plan.js';

const TABLE = 'aws_dynamodb_table.candidates';
const REPOSITORY = 'module.pipeline.aws_ecr_repository.app';
const BALANCER = 'module.load_balancer.aws_lb.this';

let root: RealPlanRoot;

beforeAll(async () => {
  root = await startRealPlanRoot();
});

afterAll(async () => {
  await root?.close();
});

/** Plans `workspace` into `file` and returns `terraform show -json` of it. */
async function plan(workspace: string, file: string, extraArgs: string[] = []): Promise<ShownPlan> {
  await root.terraform(['workspace', 'select', '-or-create', workspace]);
  await root.terraform([
    'plan',
    '-input=false',
    '-no-color',
    '-var-file=vars/mock.tfvars.json',
    ...extraArgs,
    `-out=${file}`,
  ]);
  return JSON.parse(await root.terraform(['show', '-json', file])) as ShownPlan;
}

describe('consequences of a real plan of the stack', () => {
  it('names the replaced table, image repository and load balancer with the attribute that forces each', async () => {
    // The table, the repository and the ALB as a first apply would have made them ...
    const first = await plan('keep', 'first.tfplan');
    const schemas = JSON.parse(await root.terraform(['providers', 'schema', '-json'])) as ProviderSchemas;
    const state = stateFromPlan(first, schemas, { addresses: [TABLE, REPOSITORY, BALANCER] });
    await mkdir(join(root.dir, 'terraform.tfstate.d', 'keep'), { recursive: true });
    await writeFile(
      join(root.dir, 'terraform.tfstate.d', 'keep', 'terraform.tfstate'),
      JSON.stringify(state),
    );
    // ... then a configuration that changes what AWS cannot change in place: the table's key, the
    // repository's encryption, the ALB's scheme.
    await writeFile(
      join(root.dir, 'dynamodb_override.tf'),
      'resource "aws_dynamodb_table" "candidates" {\n  hash_key = "Email"\n  attribute {\n    name = "Email"\n    type = "S"\n  }\n}\n',
    );
    await writeFile(
      join(root.dir, 'modules', 'pipeline', 'ecr_override.tf'),
      'resource "aws_ecr_repository" "app" {\n  encryption_configuration {\n    encryption_type = "KMS"\n  }\n}\n',
    );
    await writeFile(
      join(root.dir, 'modules', 'load_balancer', 'alb_override.tf'),
      'resource "aws_lb" "this" {\n  internal = true\n}\n',
    );
    const changed = await plan('keep', 'changed.tfplan', ['-refresh=false']);

    const consequences = classifyPlan(changed as Parameters<typeof classifyPlan>[0]);
    const of = (address: string): PlanConsequence | undefined =>
      consequences.find((consequence) => consequence.address === address);
    expect(of(TABLE)).toMatchObject({ kind: 'data-loss', action: 'replace' });
    expect(of(TABLE)?.forcedBy).toContain('hash_key');
    expect(of(REPOSITORY)).toMatchObject({ kind: 'data-loss', action: 'replace' });
    expect(of(REPOSITORY)?.forcedBy.join(' ')).toContain('encryption_configuration');
    expect(of(BALANCER)).toMatchObject({ kind: 'downtime', action: 'replace', forcedBy: ['internal'] });
    // Everything else is created (not in this state): nothing else destroys data or interrupts the app.
    expect(
      consequences
        .filter((c) => c.kind !== 'wider-access')
        .map((c) => c.address)
        .sort(),
    ).toEqual([TABLE, BALANCER, REPOSITORY].sort());
  });
});
