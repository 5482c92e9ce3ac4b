import { readFileSync } from 'node:fs';

export interface BackendSettings {
  bucket: string;
  key: string;
  region: string;
}

/** The S3 backend settings file `challenge init` writes: HCL `name = value` lines. */
export function renderBackendFile(settings: BackendSettings): string {
  return [
    `bucket       = ${JSON.stringify(settings.bucket)}`,
    `key          = ${JSON.stringify(settings.key)}`,
    `region       = ${JSON.stringify(settings.region)}`,
    'use_lockfile = true',
    'encrypt      = true',
    '',
  ].join('\n');
}

export function stateKey(env: string): string {
  return `challenge/${env}/terraform.tfstate`;
}

/** String settings of an existing backend file (only the simple `name = "value"` lines init writes). */
export async function readBackendFile(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  const settings: Record<string, string> = {};
  for (const match of text.matchAll(/^\s*([a-z_]+)\s*=\s*"([^"]*)"\s*$/gm)) {
    settings[match[1] as string] = match[2] as string;
  }
  return settings;
}
