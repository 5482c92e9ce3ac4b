import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHclFile } from './hcl.js';

/**
 * Names of variables Terraform gets from somewhere other than the env's tfvars file: `TF_VAR_<name>`
 * environment variables and the root's `terraform.tfvars(.json)` / `*.auto.tfvars(.json)` files, which
 * Terraform loads by itself. A required variable set there is not missing. Their values are left to
 * Terraform to check.
 */
export async function variablesSetElsewhere(
  rootDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Set<string>> {
  const names = new Set<string>();
  for (const key of Object.keys(env)) if (key.startsWith('TF_VAR_')) names.add(key.slice('TF_VAR_'.length));
  let entries: string[];
  try {
    entries = readdirSync(rootDir);
  } catch {
    return names;
  }
  const autoFiles = entries.filter((name) => /^(terraform|.+\.auto)\.tfvars(\.json)?$/.test(name));
  for (const name of autoFiles) {
    try {
      const text = readFileSync(join(rootDir, name), 'utf8');
      const values = name.endsWith('.json') ? JSON.parse(text) : await parseHclFile(name, text);
      if (values && typeof values === 'object') for (const key of Object.keys(values)) names.add(key);
    } catch {
      // A broken auto-loaded file is Terraform's to report; it sets nothing we can count on.
    }
  }
  return names;
}
