import type { Leftover } from '@challenge/infra';

const LABELS: Record<Leftover['kind'], string> = {
  'tagged-resource': 'tagged resource',
  'log-group': 'log group',
  'artifact-objects': 'pipeline artifacts',
  backup: 'backup (kept on purpose)',
  state: 'state object (kept on purpose)',
};

/** The leftovers report: each item with what it is and the command that removes it. */
export function renderLeftovers(envName: string, leftovers: readonly Leftover[]): string {
  if (leftovers.length === 0) return `Nothing of env ${envName} is left in AWS.`;
  const lines = [`What env ${envName} still has in AWS:`];
  for (const leftover of leftovers) {
    lines.push(`  ${LABELS[leftover.kind]}: ${leftover.id}${leftover.detail ? ` (${leftover.detail})` : ''}`);
    lines.push(`    remove: ${leftover.remove}`);
  }
  return lines.join('\n');
}
