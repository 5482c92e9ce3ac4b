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

/** What a resource change does, as one word (a replace is create+delete in either order). */
export type PlanAction = 'create' | 'update' | 'replace' | 'delete';

export function planAction(actions: readonly string[]): PlanAction | undefined {
  if (actions.includes('create') && actions.includes('delete')) return 'replace';
  if (actions.includes('create')) return 'create';
  if (actions.includes('update')) return 'update';
  if (actions.includes('delete')) return 'delete';
  return undefined;
}

/** `module.a.aws_iam_role.b["x"]` -> `aws_iam_role` (the data source prefix kept: `data.aws_x`). */
export function resourceType(address: string): string {
  const parts = address.replace(/\[[^\]]*\]/g, '').split('.');
  while (parts[0] === 'module' && parts.length > 2) parts.splice(0, 2);
  return parts[0] === 'data' ? `data.${parts[1] ?? '?'}` : (parts[0] ?? address);
}

/**
 * The plan as `--json` gives it: the counts, what is deleted or replaced, and one entry per changed
 * resource with its action (not Terraform's own plan JSON; `terraform show -json` has that).
 */
export function planJsonSummary(summary: PlanSummary): {
  add: number;
  change: number;
  destroy: number;
  outputChanges: number;
  deletions: string[];
  replacements: string[];
  changes: Array<{ address: string; action: PlanAction }>;
} {
  return {
    add: summary.add,
    change: summary.change,
    destroy: summary.destroy,
    outputChanges: summary.outputChanges,
    deletions: summary.deletions,
    replacements: summary.replacements,
    changes: summary.resources.flatMap((r) => {
      const action = planAction(r.actions);
      return action ? [{ address: r.address, action }] : [];
    }),
  };
}
