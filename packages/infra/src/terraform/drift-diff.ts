/** One attribute whose real value differs from the recorded one. */
export interface DriftedAttribute {
  /** Terraform-style path: `value`, `tags.Env`, `ingress[0].cidr_blocks[1]`, `tags["a.b"]`. */
  path: string;
  /** Recorded value (null when sensitive: never shown). */
  before: unknown;
  /** Real value (null when sensitive: never shown). */
  after: unknown;
  /** The provider marks the value sensitive on either side: before/after are withheld. */
  sensitive: boolean;
}

/** A managed resource whose real object differs from the recorded state. */
export interface DriftedResource {
  address: string;
  type: string;
  name: string;
  /** `update`: changed outside Terraform; `delete`: gone outside Terraform. */
  action: 'update' | 'delete';
  attributes: DriftedAttribute[];
}

/** One `resource_drift` entry of `terraform show -json <refresh-only plan>`. */
export interface ResourceDriftJson {
  address?: string;
  mode?: string;
  type?: string;
  name?: string;
  change?: {
    actions?: string[];
    before?: unknown;
    after?: unknown;
    before_sensitive?: unknown;
    after_sensitive?: unknown;
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Null, an empty map and an empty list say the same (providers normalise one into another on read). */
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.keys(value).length === 0;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The sensitivity marker below `key` of a before_sensitive/after_sensitive structure. */
function childMarker(marker: unknown, key: string | number): unknown {
  if (marker === true) return true;
  if (Array.isArray(marker) && typeof key === 'number') return marker[key];
  if (isObject(marker) && typeof key === 'string') return marker[key];
  return undefined;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Both sides are lists (or empty), or both maps (or empty): then they are compared item by item. */
function collectionKind(before: unknown, after: unknown): 'list' | 'map' | undefined {
  const sides = [before, after].filter((side) => !isEmpty(side));
  if (sides.length === 0) return undefined;
  if (sides.every(Array.isArray)) return 'list';
  if (sides.every(isObject)) return 'map';
  return undefined;
}

function collect(
  path: string,
  before: unknown,
  after: unknown,
  markers: { before: unknown; after: unknown },
  out: DriftedAttribute[],
): void {
  if (markers.before === true || markers.after === true) {
    if (!sameValue(before, after)) out.push({ path, before: null, after: null, sensitive: true });
    return;
  }
  if (sameValue(before, after)) return;
  const kind = collectionKind(before, after);
  const child = (key: string | number, a: unknown, b: unknown) =>
    collect(
      childPath(path, key),
      a ?? null,
      b ?? null,
      { before: childMarker(markers.before, key), after: childMarker(markers.after, key) },
      out,
    );
  if (kind === 'list') {
    const a = (before ?? []) as unknown[];
    const b = (after ?? []) as unknown[];
    for (let index = 0; index < Math.max(a.length, b.length); index += 1) child(index, a[index], b[index]);
  } else if (kind === 'map') {
    const a = (before ?? {}) as Record<string, unknown>;
    const b = (after ?? {}) as Record<string, unknown>;
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) child(key, a[key], b[key]);
  } else {
    out.push({ path, before: before ?? null, after: after ?? null, sensitive: false });
  }
}

/**
 * The attributes that differ between two values of a resource, leaf by leaf (map keys and list items
 * each get their own path). A value marked sensitive on either side (before_sensitive/after_sensitive)
 * is compared whole and reported without its values. Null, `{}` and `[]` count as equal: the AWS
 * provider records `tags = null` at creation and reads `{}` back, which Terraform calls a change.
 */
function changedAttributes(
  before: unknown,
  after: unknown,
  beforeSensitive: unknown,
  afterSensitive: unknown,
): DriftedAttribute[] {
  const out: DriftedAttribute[] = [];
  collect('', before, after, { before: beforeSensitive, after: afterSensitive }, out);
  return out;
}

/**
 * The managed resources of a refresh-only plan (`terraform show -json`) whose real state differs from
 * the recorded one, attribute by attribute; a resource whose only differences are empty-vs-null
 * normalisations is not drift.
 */
export function driftedResources(entries: readonly ResourceDriftJson[]): DriftedResource[] {
  const drifted: DriftedResource[] = [];
  for (const entry of entries) {
    if (entry.mode !== undefined && entry.mode !== 'managed') continue;
    const change = entry.change ?? {};
    const actions = change.actions ?? [];
    const resource = {
      address: entry.address ?? '?',
      type: entry.type ?? '?',
      name: entry.name ?? '?',
    };
    if (actions.includes('delete') || change.after === null) {
      drifted.push({ ...resource, action: 'delete', attributes: [] });
      continue;
    }
    const attributes = changedAttributes(
      change.before,
      change.after,
      change.before_sensitive,
      change.after_sensitive,
    );
    if (attributes.length > 0) drifted.push({ ...resource, action: 'update', attributes });
  }
  return drifted;
}
