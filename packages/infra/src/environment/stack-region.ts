import { listProfiles } from '../aws/profiles.js';
import { readTfvarsFile } from '../tfvars/read-tfvars-file.js';
import { readVariables } from '../tfvars/read-variables.js';
import { oncePerEnvironment } from './once-per-environment.js';
import type { Environment } from './resolve.js';

/** Names a root may give its region input variable (the provider's `region = var.<name>`). */
export const REGION_VARIABLES = ['region', 'aws_region'] as const;

export type RegionSource =
  | 'tfvars'
  | 'TF_VAR'
  | 'variable default'
  | 'settings'
  | 'profile'
  | 'AWS_REGION'
  | 'AWS_DEFAULT_REGION';

/** The region Terraform deploys an env to, and where that answer came from. */
export interface RegionChoice {
  region: string | undefined;
  source: RegionSource | undefined;
  /** Where it came from, in words: `vars/mock.tfvars.json ("region")`. */
  from: string;
  /** The root's region variable, when it declares one. */
  variable: string | undefined;
  /** The per-user settings name another region than the one Terraform uses (the tfvars win). */
  settingsConflict: string | undefined;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

async function profileRegion(name: string): Promise<string | undefined> {
  try {
    return (await listProfiles()).find((profile) => profile.name === name)?.region;
  } catch {
    return undefined;
  }
}

async function choose(env: Environment): Promise<RegionChoice> {
  const variables = await readVariables(env.rootDir).catch(() => []);
  const spec = REGION_VARIABLES.map((name) => variables.find((v) => v.name === name)).find(Boolean);
  const settings = env.settings.region;
  if (spec) {
    const tfvars = await readTfvarsFile(env.tfvarsPath).catch(() => ({}) as Record<string, unknown>);
    const file = `vars/${env.name}.tfvars.json`;
    const candidates: Array<[string | undefined, RegionSource, string]> = [
      [text(tfvars[spec.name]), 'tfvars', `${file} ("${spec.name}")`],
      [text(process.env[`TF_VAR_${spec.name}`]), 'TF_VAR', `TF_VAR_${spec.name}`],
      [
        text(spec.default),
        'variable default',
        `default of variable "${spec.name}" (${spec.file ?? 'variables.tf'})`,
      ],
    ];
    const found = candidates.find(([value]) => value !== undefined);
    const region = found?.[0];
    return {
      region,
      source: found?.[1],
      from: found?.[2] ?? `${file} sets no "${spec.name}" and the variable has no default`,
      variable: spec.name,
      settingsConflict:
        settings !== undefined && region !== undefined && settings !== region ? settings : undefined,
    };
  }
  const profile = env.profile.name;
  const candidates: Array<
    [string | undefined | (() => Promise<string | undefined> | undefined), RegionSource, string]
  > = [
    [settings, 'settings', `.challenge/${env.name}.json`],
    [() => (profile ? profileRegion(profile) : undefined), 'profile', `region of AWS profile "${profile}"`],
    [text(process.env['AWS_REGION']), 'AWS_REGION', 'AWS_REGION'],
    [text(process.env['AWS_DEFAULT_REGION']), 'AWS_DEFAULT_REGION', 'AWS_DEFAULT_REGION'],
    [() => (profile ? undefined : profileRegion('default')), 'profile', 'region of AWS profile "default"'],
  ];
  for (const [value, source, from] of candidates) {
    const region = typeof value === 'function' ? await value() : value;
    if (region) return { region, source, from, variable: undefined, settingsConflict: undefined };
  }
  return {
    region: undefined,
    source: undefined,
    from: 'no region variable, no saved region, no profile region, no AWS_REGION',
    variable: undefined,
    settingsConflict: undefined,
  };
}

/**
 * The region every AWS check of an env uses = the one Terraform will use: the root's `region` variable
 * (tfvars, then TF_VAR_region, then its default) when it declares one; otherwise the saved per-env
 * region, the chosen profile's region, AWS_REGION, AWS_DEFAULT_REGION, the default profile's region
 * (Terraform is then given that region as AWS_REGION, so it cannot pick another).
 */
export const resolveRegion = oncePerEnvironment(choose);
