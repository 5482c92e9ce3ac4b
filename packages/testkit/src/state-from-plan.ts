/**
 * A Terraform state (format 4) holding some resources of a real plan as if they had been applied, so a
 * later `terraform plan -refresh=false` of a changed configuration shows what Terraform would do to them
 * (replace, update) without an AWS account. Values Terraform only knows after apply get plausible fakes:
 * ids with AWS's prefixes, ARNs, names; optional ones stay null (Terraform then keeps them).
 */

interface PlannedJsonResource {
  address: string;
  mode: string;
  type: string;
  name: string;
  index?: string | number;
  values: Record<string, unknown>;
  sensitive_values?: Record<string, unknown>;
}

interface PlannedJsonModule {
  resources?: PlannedJsonResource[];
  child_modules?: PlannedJsonModule[];
}

export interface ShownPlan {
  terraform_version: string;
  planned_values: { root_module: PlannedJsonModule };
  resource_changes: Array<{ address: string; change: { after_unknown?: Record<string, unknown> } }>;
}

interface AttributeSchema {
  type?: unknown;
  optional?: boolean;
  computed?: boolean;
}

/** `terraform providers schema -json`, reduced to what is read here. */
export interface ProviderSchemas {
  provider_schemas: Record<
    string,
    {
      resource_schemas: Record<
        string,
        { version: number; block: { attributes?: Record<string, AttributeSchema> } }
      >;
    }
  >;
}

const ID_PREFIX: Record<string, string> = {
  aws_launch_template: 'lt',
  aws_security_group: 'sg',
  aws_vpc: 'vpc',
  aws_subnet: 'subnet',
  aws_internet_gateway: 'igw',
  aws_route_table: 'rtb',
  aws_vpc_security_group_ingress_rule: 'sgr',
  aws_vpc_security_group_egress_rule: 'sgr',
};

/** 17 hex digits derived from the text: the same resource gets the same fake id in every state. */
function hexOf(text: string): string {
  let hash = 7;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash.toString(16).padStart(8, '0').repeat(3).slice(0, 17);
}

function fakeValue(resource: PlannedJsonResource, key: string, schema?: AttributeSchema): unknown {
  const hex = hexOf(`${resource.address}.${key}`);
  const service = resource.type.split('_')[1] ?? 'aws';
  if (key === 'id') return `${ID_PREFIX[resource.type] ?? resource.name}-${hex}`;
  if (key === 'arn' || key.endsWith('_arn'))
    return `arn:aws:${service}:us-east-2:123456789012:${resource.name}/${hex}`;
  if (key === 'dns_name') return `${resource.name}-${hex.slice(0, 6)}.us-east-2.elb.amazonaws.com`;
  if (!schema || schema.optional) return null;
  if (schema.type === 'string') return `${resource.name}-${key}-${hex}`;
  if (schema.type === 'number') return 1;
  if (schema.type === 'bool') return false;
  if (Array.isArray(schema.type)) return schema.type[0] === 'map' || schema.type[0] === 'object' ? {} : [];
  return null;
}

function moduleOf(resource: PlannedJsonResource): string | undefined {
  if (!resource.address.startsWith('module.')) return undefined;
  return resource.address.slice(0, resource.address.lastIndexOf(`.${resource.type}.`));
}

/** The state of `addresses` (all managed resources when omitted) of `plan`, as if applied. */
export function stateFromPlan(
  plan: ShownPlan,
  schemas: ProviderSchemas,
  options: { addresses?: string[]; serial?: number } = {},
): object {
  const provider = 'registry.terraform.io/hashicorp/aws';
  const resourceSchemas = schemas.provider_schemas[provider]?.resource_schemas ?? {};
  const unknown = new Map(plan.resource_changes.map((c) => [c.address, c.change.after_unknown ?? {}]));
  const groups = new Map<string, { instances: object[] } & Record<string, unknown>>();
  const visit = (module: PlannedJsonModule): void => {
    for (const resource of module.resources ?? []) {
      if (resource.mode !== 'managed') continue;
      if (options.addresses && !options.addresses.includes(resource.address)) continue;
      const schema = resourceSchemas[resource.type];
      if (!schema) throw new Error(`stateFromPlan: no schema for ${resource.type}`);
      const attributes = { ...resource.values };
      for (const [key, isUnknown] of Object.entries(unknown.get(resource.address) ?? {})) {
        if (isUnknown === true) attributes[key] = fakeValue(resource, key, schema.block.attributes?.[key]);
      }
      const sensitive = Object.entries(resource.sensitive_values ?? {})
        .filter(([, marked]) => marked === true)
        .map(([key]) => [{ type: 'get_attr', value: key }]);
      const instance = {
        ...(resource.index === undefined ? {} : { index_key: resource.index }),
        schema_version: schema.version,
        attributes,
        sensitive_attributes: sensitive,
      };
      const module = moduleOf(resource);
      const key = `${module ?? ''} ${resource.type}.${resource.name}`;
      const group = groups.get(key) ?? {
        ...(module ? { module } : {}),
        mode: 'managed',
        type: resource.type,
        name: resource.name,
        provider: `provider["${provider}"]`,
        instances: [],
      };
      group.instances.push(instance);
      groups.set(key, group);
    }
    for (const child of module.child_modules ?? []) visit(child);
  };
  visit(plan.planned_values.root_module);
  return {
    version: 4,
    terraform_version: plan.terraform_version,
    serial: options.serial ?? 1,
    lineage: 'state-from-plan',
    outputs: {},
    resources: [...groups.values()],
  };
}
