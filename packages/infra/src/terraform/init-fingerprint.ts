import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHclFile } from '../tfvars/hcl.js';

/**
 * What `terraform init` depends on, kept as the texts themselves (no digests: equal means equal, and
 * node:crypto stays off the startup path); a difference means init must run again.
 */
export interface InitFingerprint {
  /** FINGERPRINT_FORMAT; a fingerprint of another format (an earlier challenge) no longer holds. */
  format: number;
  terraformVersion: string;
  backendConfig: string;
  lockFile: string;
  /** Module sources/versions, required_providers and the backend type, as JSON. */
  config: string;
  /** The root's .tf text; when unchanged, `config` is reused without parsing HCL. */
  configText: string;
}

const FINGERPRINT_FORMAT = 2;

async function readOr(path: string | undefined, fallback: string): Promise<string> {
  if (path === undefined) return fallback;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

async function rootFiles(rootDir: string): Promise<Array<{ name: string; contents: string }>> {
  const names = readdirSync(rootDir)
    .filter((name) => name.endsWith('.tf') || name.endsWith('.tf.json'))
    .sort();
  return Promise.all(
    names.map(async (name) => ({ name, contents: readFileSync(join(rootDir, name), 'utf8') })),
  );
}

function initRelevantParts(parsed: Record<string, unknown>): unknown {
  const { module: modules, terraform } = parsed as {
    module?: Record<string, unknown>;
    terraform?: unknown[];
  };
  const moduleSources = Object.entries(modules ?? {}).map(([name, blocks]) => [
    name,
    (blocks as Array<Record<string, unknown>>).map((block) => [block['source'], block['version']]),
  ]);
  const terraformParts = (terraform ?? []).map((block) => {
    const { required_providers: providers, backend, cloud } = block as Record<string, unknown>;
    return [providers, backend === undefined ? undefined : Object.keys(backend as object), cloud];
  });
  return [moduleSources, terraformParts];
}

export async function computeInitFingerprint(
  rootDir: string,
  backendConfigPath: string | undefined,
  terraformVersion: string,
  previous: InitFingerprint | undefined,
): Promise<InitFingerprint> {
  const files = await rootFiles(rootDir);
  const configText = files.map((f) => `${f.name}\0${f.contents}`).join('\0');
  let config = previous?.configText === configText ? previous.config : undefined;
  if (config === undefined) {
    const parts: unknown[] = [];
    for (const file of files) {
      if (file.name.endsWith('.tf.json')) {
        parts.push(initRelevantParts(JSON.parse(file.contents) as Record<string, unknown>));
      } else {
        parts.push(initRelevantParts(await parseHclFile(file.name, file.contents)));
      }
    }
    config = JSON.stringify(parts);
  }
  return {
    format: FINGERPRINT_FORMAT,
    terraformVersion,
    backendConfig: await readOr(backendConfigPath, '<none>'),
    lockFile: await readOr(join(rootDir, '.terraform.lock.hcl'), '<none>'),
    config,
    configText,
  };
}

/** Why init must run, or undefined when the previous init still holds. */
export function initReason(
  previous: InitFingerprint | undefined,
  current: InitFingerprint,
): string | undefined {
  if (!previous) return 'first init of this environment';
  if (previous.format !== current.format)
    return 'its settings were recorded by an earlier version of challenge';
  if (previous.backendConfig !== current.backendConfig) return 'backend settings changed';
  if (previous.lockFile !== current.lockFile) return 'provider lock file changed';
  if (previous.config !== current.config) return 'modules or provider requirements changed';
  if (previous.terraformVersion !== current.terraformVersion) return 'terraform version changed';
  return undefined;
}
