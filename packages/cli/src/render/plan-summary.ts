import type { PlanResult } from '@challenge/infra';
import { renderConsequences } from './consequences.js';

const RED = '\u001b[31m';
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

/**
 * What destroys data, interrupts the app or widens access (before the counts: it is what to read first),
 * then "Plan for env mock: 2 to add, 0 to change, 1 to destroy" and every delete/replace, highlighted.
 */
export function renderPlanSummary(plan: PlanResult, color: boolean): string {
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
  for (const address of summary.replacements) lines.push(paint(RED + BOLD, `  -/+ replace  ${address}`));
  for (const address of summary.deletions) lines.push(paint(RED + BOLD, `  -   destroy  ${address}`));
  const rollsHosts = summary.resources.some(
    (resource) => HOSTS_TEMPLATE.test(resource.address) && resource.actions.includes('update'),
  );
  if (rollsHosts) lines.push(HOSTS_ROLL_NOTE);
  return lines.join('\n');
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
