/**
 * What a plan's changes do to the user, beyond their count: which destroy data, which interrupt the app,
 * which let more in. Read from `terraform show -json <plan>` (resource_changes[].change.actions,
 * replace_paths, before/after).
 */

export type ConsequenceKind = 'data-loss' | 'downtime' | 'wider-access';

export interface PlanConsequence {
  kind: ConsequenceKind;
  address: string;
  type: string;
  /** 'delete', 'replace' (destroyed and created again), 'update' or 'create'. */
  action: 'delete' | 'replace' | 'update' | 'create';
  /** The attributes whose change forces the replacement (replace_paths), e.g. `hash_key`, `attribute[0].name`. */
  forcedBy: string[];
  /** What happens, in words: "deletes the table and every item in it". */
  effect: string;
  /** The resource's name in AWS before the change (e.g. the table's), when it has one. */
  name?: string;
  /** A table whose deletion protection is on now (AWS refuses to delete it until it is lifted). */
  deletionProtected?: boolean;
}

interface ResourceChangeJson {
  address?: string;
  mode?: string;
  type?: string;
  action_reason?: string;
  change?: {
    actions?: string[];
    before?: unknown;
    after?: unknown;
    replace_paths?: Array<Array<string | number>>;
  };
}

export interface PlanJsonWithChanges {
  resource_changes?: ResourceChangeJson[];
}

/** Resources whose deletion takes the user's data with it. */
const DATA: Record<string, string> = {
  aws_dynamodb_table: 'the table and every item in it',
  aws_ecr_repository: 'the repository and every image in it',
  aws_s3_bucket: 'the bucket and every object in it',
  aws_codecommit_repository: 'the repository and its git history',
};

/** Resources whose replacement or deletion interrupts the running app. */
const SERVING: Record<string, string> = {
  aws_ecs_service: 'the app is stopped until the new service has healthy tasks',
  aws_ecs_cluster: 'every task stops with the cluster',
  aws_lb: 'the app is unreachable until the new load balancer is up, under a new DNS name',
  aws_lb_listener: 'requests are refused until the new listener exists',
  aws_lb_target_group: 'the listener has no targets until the new group is registered',
  aws_autoscaling_group: 'the hosts and their tasks stop with the group',
  aws_launch_template: 'the group launches no host until the new template exists (no instance refresh)',
};

/** Resources that grant access: a new or changed one can let more in. */
const GRANTS: Record<string, string[]> = {
  aws_iam_role_policy: ['policy'],
  aws_iam_policy: ['policy'],
  aws_iam_role: ['assume_role_policy'],
  aws_iam_role_policy_attachment: ['policy_arn'],
  aws_vpc_security_group_ingress_rule: ['cidr_ipv4', 'cidr_ipv6', 'from_port', 'to_port', 'ip_protocol'],
  aws_security_group_rule: ['cidr_blocks', 'ipv6_cidr_blocks', 'from_port', 'to_port', 'protocol'],
  aws_security_group: ['ingress'],
};

/** `["attribute", 0, "name"]` -> `attribute[0].name`. */
export function attributePath(path: Array<string | number>): string {
  return path
    .map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`))
    .join('');
}

function actionOf(actions: string[]): PlanConsequence['action'] | undefined {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.includes('delete')) return 'delete';
  if (actions.includes('update')) return 'update';
  if (actions.includes('create')) return 'create';
  return undefined;
}

function forcedBy(change: ResourceChangeJson): string[] {
  const paths = (change.change?.replace_paths ?? []).map(attributePath);
  if (paths.length > 0) return paths;
  if (change.action_reason === 'replace_because_tainted') return ['(tainted)'];
  if (change.action_reason === 'replace_by_request') return ['(-replace requested)'];
  if (change.action_reason === 'replace_by_triggers') return ['replace_triggered_by'];
  return [];
}

function namedBefore(before: unknown): Pick<PlanConsequence, 'name' | 'deletionProtected'> {
  const was = attributes(before);
  const name = was['name'] ?? was['bucket'] ?? was['repository_name'];
  return {
    ...(typeof name === 'string' ? { name } : {}),
    ...(was['deletion_protection_enabled'] === true ? { deletionProtected: true } : {}),
  };
}

function attributes(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** IAM policy documents hold statements; a statement of `after` that `before` lacks grants something new. */
function statements(document: unknown): string[] {
  if (typeof document !== 'string') return [];
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    const list = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    return list.filter(Boolean).map((statement) => JSON.stringify(statement));
  } catch {
    return [];
  }
}

function widened(type: string, before: unknown, after: unknown): string[] {
  const was = attributes(before);
  const now = attributes(after);
  const keys = GRANTS[type] ?? [];
  const changed: string[] = [];
  for (const key of keys) {
    if (JSON.stringify(was[key]) === JSON.stringify(now[key])) continue;
    if (key === 'policy' || key === 'assume_role_policy') {
      const old = new Set(statements(was[key]));
      const added = statements(now[key]).filter((statement) => !old.has(statement));
      if (added.length > 0 || typeof now[key] !== 'string') changed.push(key);
      continue;
    }
    const value = now[key];
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      const old = new Set((Array.isArray(was[key]) ? was[key] : []).map((entry) => JSON.stringify(entry)));
      if (value.every((entry) => old.has(JSON.stringify(entry)))) continue;
    }
    changed.push(key);
  }
  return changed;
}

function describeGrant(type: string, after: unknown, keys: string[]): string {
  const now = attributes(after);
  if (type === 'aws_vpc_security_group_ingress_rule' || type === 'aws_security_group_rule') {
    const from = [now['cidr_ipv4'], now['cidr_ipv6'], now['cidr_blocks'], now['ipv6_cidr_blocks']]
      .flat()
      .filter((cidr) => typeof cidr === 'string');
    const ports =
      now['from_port'] === now['to_port'] ? now['from_port'] : `${now['from_port']}-${now['to_port']}`;
    return `lets in ${from.length > 0 ? from.join(', ') : 'a source'} on port ${ports ?? 'any'}`;
  }
  if (type === 'aws_iam_role_policy_attachment') return `attaches ${String(now['policy_arn'] ?? 'a policy')}`;
  return `grants new statements (${keys.join(', ')})`;
}

/**
 * Every change of the plan that destroys data, interrupts the app or widens access, in plan order.
 * A created grant counts only when the plan also touches existing resources: on a first apply every
 * grant is new, and the counts already say so.
 */
export function classifyPlan(plan: PlanJsonWithChanges): PlanConsequence[] {
  const changes = (plan.resource_changes ?? []).filter((change) => change.mode !== 'data');
  const hasExisting = changes.some((change) => (change.change?.actions ?? []).some((a) => a !== 'create'));
  const found: PlanConsequence[] = [];
  for (const change of changes) {
    const action = actionOf(change.change?.actions ?? []);
    const type = change.type ?? '';
    const address = change.address ?? '?';
    if (!action) continue;
    const gone = action === 'delete' || action === 'replace';
    const data = DATA[type];
    if (gone && data) {
      found.push({
        kind: 'data-loss',
        address,
        type,
        action,
        forcedBy: forcedBy(change),
        effect: `${action === 'replace' ? 'replaces' : 'deletes'} ${data}${action === 'replace' ? ' (the new one is empty)' : ''}`,
        ...namedBefore(change.change?.before),
      });
      continue;
    }
    const serving = SERVING[type];
    if (gone && serving) {
      found.push({ kind: 'downtime', address, type, action, forcedBy: forcedBy(change), effect: serving });
      continue;
    }
    if (!GRANTS[type] || action === 'delete') continue;
    if (action === 'create' && !hasExisting) continue;
    const keys = widened(type, action === 'create' ? null : change.change?.before, change.change?.after);
    if (keys.length === 0) continue;
    found.push({
      kind: 'wider-access',
      address,
      type,
      action,
      forcedBy: action === 'replace' ? forcedBy(change) : [],
      effect: describeGrant(type, change.change?.after, keys),
    });
  }
  return found;
}

export function destroysData(consequences: readonly PlanConsequence[]): boolean {
  return consequences.some((consequence) => consequence.kind === 'data-loss');
}
