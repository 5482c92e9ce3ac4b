/** One resource change of a plan, as `terraform show -json` reports it. */
export interface ResourceChange {
  address: string;
  actions: string[];
}

export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  /** Addresses that will be deleted (not replaced). */
  deletions: string[];
  /** Addresses that will be destroyed and re-created. */
  replacements: string[];
  /** Every resource with a real action (no-op and read left out). */
  resources: ResourceChange[];
  /** Output values that change. */
  outputChanges: number;
}

interface PlanJson {
  resource_changes?: Array<{ address?: string; change?: { actions?: string[] } }>;
  output_changes?: Record<string, { actions?: string[] }>;
}

export const EMPTY_SUMMARY: PlanSummary = {
  add: 0,
  change: 0,
  destroy: 0,
  deletions: [],
  replacements: [],
  resources: [],
  outputChanges: 0,
};

/** Counts what `terraform show -json <plan>` says will happen, the way Terraform's own summary line does. */
export function summarizePlan(plan: PlanJson): PlanSummary {
  const summary: PlanSummary = { ...EMPTY_SUMMARY, deletions: [], replacements: [], resources: [] };
  for (const change of plan.resource_changes ?? []) {
    const actions = change.change?.actions ?? [];
    const address = change.address ?? '?';
    const isReplace = actions.includes('create') && actions.includes('delete');
    if (isReplace) {
      summary.add += 1;
      summary.destroy += 1;
      summary.replacements.push(address);
    } else if (actions.includes('create')) {
      summary.add += 1;
    } else if (actions.includes('update')) {
      summary.change += 1;
    } else if (actions.includes('delete')) {
      summary.destroy += 1;
      summary.deletions.push(address);
    } else {
      continue;
    }
    summary.resources.push({ address, actions });
  }
  summary.outputChanges = Object.values(plan.output_changes ?? {}).filter(
    (change) => !(change.actions ?? []).every((action) => action === 'no-op'),
  ).length;
  return summary;
}

export function hasResourceChanges(summary: PlanSummary): boolean {
  return summary.add + summary.change + summary.destroy > 0;
}
