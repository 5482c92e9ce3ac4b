import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PlannedResource, type RealPlanRoot, startRealPlanRoot } from './helpers/real-plan.js';

let root: RealPlanRoot;
// The default plan of the mock env (Test stage on), made once.
let planned: PlannedResource[];

beforeAll(async () => {
  root = await startRealPlanRoot();
  planned = await root.planIn('mock');
});

afterAll(async () => {
  await root?.close();
});

interface PlannedStage {
  name: string;
  action: Array<{
    name: string;
    category: string;
    provider: string;
    input_artifacts?: string[];
    output_artifacts?: string[];
    configuration?: Record<string, string>;
  }>;
}

const stagesOf = (resources: PlannedResource[]) => {
  const pipeline = resources.find((r) => r.type === 'aws_codepipeline');
  if (!pipeline) throw new Error('no aws_codepipeline in the plan');
  return pipeline.values['stage'] as PlannedStage[];
};

const ofAddress = (resources: PlannedResource[], address: string) =>
  resources.find((r) => r.address === address);

interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
}
const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

describe('the real plan: the Test stage of the pipeline', () => {
  it('sits between Build and Approval and runs the test project on the Build artifact', () => {
    const resources = planned;
    const stages = stagesOf(resources);
    expect(stages.map((s) => s.name)).toEqual(['Source', 'Build', 'Test', 'Approval', 'Deploy']);
    const [test] = stages[2]!.action;
    expect(test).toMatchObject({
      category: 'Test',
      provider: 'CodeBuild',
      input_artifacts: ['source', 'build'],
      configuration: { ProjectName: 'challenge-mock-app-test', PrimarySource: 'source' },
    });
    expect(stages[1]!.action[0]!.output_artifacts).toEqual(['build']);
    // The Deploy stage's project that tags the deployed image has its buildspec inline (record_deploy.tf).
    const projects = resources
      .filter(
        (r) => r.type === 'aws_codebuild_project' && r.values['name'] !== 'challenge-mock-record-deploy',
      )
      .map((r) => [r.values['name'], (r.values['source'] as Array<{ buildspec: string }>)[0]!.buildspec]);
    expect(projects.sort()).toEqual([
      ['challenge-mock-app', 'buildspec.yml'],
      ['challenge-mock-app-test', 'buildspec-test.yml'],
    ]);
  });

  it("gives the test project's role DynamoDB only under the temporary prefix", () => {
    const resources = planned;
    const policy = ofAddress(resources, 'module.pipeline.aws_iam_role_policy.test_tables[0]');
    expect(policy, 'the temporary-tables policy is planned').toBeDefined();
    const statements = (JSON.parse(String(policy!.values['policy'])) as { Statement: PolicyStatement[] })
      .Statement;
    const account = '123456789012';
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      const actions = list(statement.Action);
      for (const action of actions) expect(action).toMatch(/^dynamodb:[A-Z][A-Za-z]+$/);
      const resources = list(statement.Resource);
      if (actions.includes('dynamodb:ListTables')) {
        expect(actions).toEqual(['dynamodb:ListTables']);
        expect(resources).toEqual(['*']);
      } else {
        expect(resources).toEqual([`arn:aws:dynamodb:us-east-2:${account}:table/challenge-mock_test_*`]);
      }
    }
    expect(statements.flatMap((s) => list(s.Action)).sort()).toEqual(
      [
        'dynamodb:CreateTable',
        'dynamodb:DeleteTable',
        'dynamodb:DescribeTable',
        'dynamodb:ListTables',
        'dynamodb:ListTagsOfResource',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:Scan',
        'dynamodb:TagResource',
      ].sort(),
    );
    // The prefix the role is scoped to is the one the stage names its tables with.
    const project = ofAddress(resources, 'module.pipeline.aws_codebuild_project.test[0]')!;
    const variables = (
      project.values['environment'] as Array<{ environment_variable: Array<{ name: string; value: string }> }>
    )[0]!.environment_variable;
    expect(variables.find((v) => v.name === 'TEMP_TABLE_PREFIX')?.value).toBe('challenge-mock_test_');
  });

  // One plan for two switches (a full plan takes tens of seconds): the Test stage off and ECS Exec off.
  it('turning the stage off removes the stage, its project, role and policies; exec_enabled=false removes ECS Exec', async () => {
    const resources = await root.planIn('mock', ['-var=test_stage_enabled=false', '-var=exec_enabled=false']);
    const service = ofAddress(resources, 'module.service.aws_ecs_service.app')!;
    expect(service.values['enable_execute_command']).toBe(false);
    expect(resources.filter((r) => /aws_iam_role_policy\.exec(_logging)?\[/.test(r.address))).toEqual([]);
    const cluster = ofAddress(resources, 'module.ecs_cluster.aws_ecs_cluster.this')!;
    expect(cluster.values['configuration']).toMatchObject([
      { execute_command_configuration: [{ logging: 'NONE' }] },
    ]);
    expect(stagesOf(resources).map((s) => s.name)).toEqual(['Source', 'Build', 'Approval', 'Deploy']);
    const leftovers = resources
      .map((r) => r.address)
      .filter((address) => /\.(test|test_tables|codepipeline_test)(\[\d+\])?$/.test(address));
    expect(leftovers).toEqual([]);
    expect(
      resources
        .filter((r) => r.type === 'aws_codebuild_project')
        .map((r) => r.values['name'])
        .sort(),
    ).toEqual(['challenge-mock-app', 'challenge-mock-record-deploy']);
  });
});
