import type { DriftedAttribute, DriftReport, LastDriftCheck } from '@challenge/infra';
import { formatSeconds } from './diagnosis.js';

const shown = (value: unknown) => (value === null ? 'null' : JSON.stringify(value));

function attributeLine(attribute: DriftedAttribute): string {
  if (attribute.sensitive) return `      ${attribute.path}: (sensitive) -> (sensitive)`;
  return `      ${attribute.path}: ${shown(attribute.before)} -> ${shown(attribute.after)}`;
}

const resourcesWord = (count: number) => `${count} resource${count === 1 ? '' : 's'}`;

/** Each drifted resource and its changed attributes (`attr: old -> new`), or the all-clear line. */
export function renderDrift(report: DriftReport): string {
  if (report.drifted.length === 0) {
    const match = report.resources === 1 ? 'matches its' : 'match their';
    return `No drift: ${resourcesWord(report.resources)} of env ${report.env} ${match} recorded state.`;
  }
  const lines = [
    `Drift in env ${report.env}: ${report.drifted.length} of ${resourcesWord(report.resources)} changed outside Terraform.`,
  ];
  for (const resource of report.drifted) {
    if (resource.action === 'delete') {
      lines.push(`  - ${resource.address}: deleted outside Terraform`);
      continue;
    }
    lines.push(`  ~ ${resource.address}`, ...resource.attributes.map(attributeLine));
  }
  lines.push(
    `\`challenge apply --env ${report.env}\` puts back what the configuration says; to keep a change, write it into the configuration or vars/${report.env}.tfvars.json first.`,
  );
  return lines.join('\n');
}

/** The `drift:` line of `challenge status`, from the last `challenge drift` of the env. */
export function driftStatusLine(check: LastDriftCheck, envName: string, now = Date.now()): string {
  const age = Math.max(0, Math.round((now - Date.parse(check.checkedAt)) / 1000));
  const checked = `checked ${formatSeconds(age)} ago`;
  if (check.drifted.length === 0) return `drift: none (${checked})`;
  return `drift: ${resourcesWord(check.drifted.length)} (${checked}; run \`challenge drift --env ${envName}\`)`;
}
