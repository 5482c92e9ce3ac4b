import type { PlannedResource } from './real-plan.js';

/** Attributes that name a resource in AWS (the first one present is its name). */
const NAME_KEYS = [
  'name',
  'name_prefix',
  'family',
  'repository_name',
  'rule',
  'app_name',
  'deployment_group_name',
] as const;

export interface ResourceIdentity {
  address: string;
  /** The AWS-facing name, or null for resources AWS names itself (rules, attachments, routes). */
  name: string | null;
}

/** Address and AWS name of every planned managed resource, sorted by address. */
export function identities(resources: PlannedResource[]): ResourceIdentity[] {
  return resources
    .filter((r) => !r.address.includes('data.') && !r.address.startsWith('data.'))
    .map((r) => {
      const key = NAME_KEYS.find((k) => typeof r.values[k] === 'string');
      return { address: r.address, name: key ? String(r.values[key]) : null };
    })
    .sort((a, b) => a.address.localeCompare(b.address));
}
