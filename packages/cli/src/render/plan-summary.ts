import {
  type PlanAction,
  type PlanResult,
  planAction,
  type ResourceChange,
  resourceType,
} from '@challenge/infra/plan-and-apply';
import { renderConsequences } from './consequences.js';

const RED = '\u001b[31m';
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

/**
 * What destroys data, interrupts the app or widens access (before the counts: it is what to read first),
 * then "Plan for env mock: 2 to add, 0 to change, 1 to destroy" and every delete/replace, highlighted.
 */
export function renderPlanSummary(
  plan: PlanResult,
  color: boolean,
  options: { verbose?: boolean } = {},
): string {
  const paint = (code: string, text: string) => (color ? `${code}${text}${RESET}` : text);
  if (!plan.hasChanges && plan.destroy) return `Nothing to destroy in env ${plan.env}: nothing is deployed.`;
  if (!plan.hasChanges)
    return `No changes for env ${plan.env}: the infrastructure matches the configuration.`;
  const { summary } = plan;
  const lines = [
    ...renderConsequences(plan.consequences, {
      destroy: plan.destroy,
      paint: (text) => paint(RED + BOLD, text),
    }),
    `Plan for env ${plan.env}: ${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy.`,
  ];
  if (summary.add + summary.change + summary.destroy === 0 && summary.outputChanges > 0) {
    lines.push(`Only output values change (${summary.outputChanges}).`);
  }
  lines.push(...renderChangesByType(summary.resources, options.verbose ?? false));
  for (const address of summary.replacements) lines.push(paint(RED + BOLD, `  -/+ replace  ${address}`));
  for (const address of summary.deletions) lines.push(paint(RED + BOLD, `  -   destroy  ${address}`));
  const rollsHosts = summary.resources.some(
    (resource) => HOSTS_TEMPLATE.test(resource.address) && resource.actions.includes('update'),
  );
  if (rollsHosts) lines.push(HOSTS_ROLL_NOTE);
  return lines.join('\n');
}

const VERBS: Record<PlanAction, string> = {
  create: 'adds',
  update: 'changes',
  replace: 'replaces',
  delete: 'destroys',
};

/**
 * What the plan does, by action and resource type ("  adds: 3 aws_iam_role_policy, 2 aws_lb_target_group");
 * with --verbose, every address under its action instead.
 */
export function renderChangesByType(resources: ResourceChange[], verbose: boolean): string[] {
  const lines: string[] = [];
  for (const action of Object.keys(VERBS) as PlanAction[]) {
    const addresses = resources.filter((r) => planAction(r.actions) === action).map((r) => r.address);
    if (addresses.length === 0) continue;
    if (verbose) {
      lines.push(`  ${VERBS[action]}:`, ...addresses.map((address) => `    ${address}`));
      continue;
    }
    const byType = new Map<string, number>();
    for (const address of addresses)
      byType.set(resourceType(address), (byType.get(resourceType(address)) ?? 0) + 1);
    const counts = [...byType].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    lines.push(`  ${VERBS[action]}: ${counts.map(([type, count]) => `${count} ${type}`).join(', ')}`);
  }
  if (lines.length > 0 && !verbose) lines.push('  (--verbose lists every address)');
  return lines;
}

/** The ECS hosts' launch template (modules/ecs_cluster): a new version starts the group's instance refresh. */
const HOSTS_TEMPLATE = /(^|\.)aws_launch_template\.hosts$/;
const HOSTS_ROLL_NOTE =
  "  The ECS hosts' launch template changes (a new ECS AMI or user data): the apply rolls the hosts, one new host before each old one goes, its tasks moved first (instance refresh with ECS managed draining).";

export function renderOutputs(outputs: Record<string, unknown>): string {
  const entries = Object.entries(outputs);
  if (entries.length === 0) return 'Outputs: (none)';
  const width = Math.max(...entries.map(([name]) => name.length));
  return [
    'Outputs:',
    ...entries.map(
      ([name, value]) =>
        `  ${name.padEnd(width)}  ${typeof value === 'string' ? value : JSON.stringify(value)}`,
    ),
  ].join('\n');
}
