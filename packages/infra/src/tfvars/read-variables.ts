import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ChallengeError } from '../errors.js';
import { parseHclFile, unwrapInterpolation } from './hcl.js';
import type { VariableSpec, VariableValidation } from './types.js';
import { readValidationRules } from './validation-rules.js';
import { contentKey, readCachedVariables, type SourceFile, writeCachedVariables } from './variables-cache.js';

type Block = Record<string, unknown>;

const parsedInProcess = new Map<string, VariableSpec[]>();

/**
 * The input variables declared by the root module in `rootDir` (its own *.tf and *.tf.json files, not
 * modules'), with `*_override.tf` files applied the way Terraform merges them; sorted by name.
 */
export async function readVariables(rootDir: string): Promise<VariableSpec[]> {
  const root = await resolveRoot(rootDir);
  const files = await readRootFiles(root);
  const key = contentKey(files);
  const known = parsedInProcess.get(key) ?? (await readCachedVariables(root, key));
  if (known) {
    parsedInProcess.set(key, known);
    return known;
  }
  const variables = await parseVariables(files);
  parsedInProcess.set(key, variables);
  await writeCachedVariables(root, key, variables);
  return variables;
}

async function resolveRoot(rootDir: string): Promise<string> {
  try {
    return realpathSync(rootDir);
  } catch {
    throw new ChallengeError(`Terraform root ${rootDir} does not exist.`, {
      hint: 'Pass the folder that holds the root module (its variables.tf) with --dir.',
      code: 'TERRAFORM_ROOT_MISSING',
    });
  }
}

async function readRootFiles(root: string): Promise<SourceFile[]> {
  const entries = readdirSync(root, { withFileTypes: true });
  const candidates = entries.filter((entry) => /\.tf(\.json)?$/.test(entry.name)).map((entry) => entry.name);
  // stat (not the dirent) so that symlinked files count and symlinked folders do not.
  const isFile = await Promise.all(candidates.map(async (name) => statSync(join(root, name)).isFile()));
  const names = candidates.filter((_, i) => isFile[i]).sort();
  return Promise.all(names.map(async (name) => ({ name, contents: readFileSync(join(root, name), 'utf8') })));
}

function isOverride(name: string): boolean {
  return /(^|_)override\.tf(\.json)?$/.test(name);
}

async function parseVariables(files: SourceFile[]): Promise<VariableSpec[]> {
  const declared = new Map<string, { file: string; block: Block }>();
  const ordered = [...files.filter((f) => !isOverride(f.name)), ...files.filter((f) => isOverride(f.name))];
  for (const file of ordered) {
    for (const [name, block] of await variableBlocks(file)) {
      const existing = declared.get(name);
      if (isOverride(file.name)) {
        // Terraform: attributes of an override block replace the original's, one by one.
        if (existing) existing.block = { ...existing.block, ...block };
        continue;
      }
      if (existing) {
        throw new ChallengeError(
          `Variable "${name}" is declared twice, in ${existing.file} and ${file.name}.`,
          { hint: 'Remove one of the two variable blocks.', code: 'VARIABLE_DUPLICATE' },
        );
      }
      declared.set(name, { file: file.name, block });
    }
  }
  const specs = await Promise.all([...declared].map(([name, { file, block }]) => toSpec(name, file, block)));
  return specs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function variableBlocks(file: SourceFile): Promise<Array<[string, Block]>> {
  let document: Record<string, unknown>;
  try {
    document = file.name.endsWith('.json')
      ? (JSON.parse(file.contents) as Record<string, unknown>)
      : await parseHclFile(file.name, file.contents);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^parse config: /, '') : String(error);
    throw new ChallengeError(`Cannot read ${file.name} of the Terraform root: ${detail}`, {
      hint: `Fix the syntax of ${file.name} (\`terraform validate\` shows the details).`,
      code: 'TERRAFORM_SYNTAX',
      cause: error,
    });
  }
  const blocks: Array<[string, Block]> = [];
  for (const variables of asList(document?.variable)) {
    if (!isObject(variables)) continue;
    for (const [name, bodies] of Object.entries(variables)) {
      for (const body of asList(bodies)) if (isObject(body)) blocks.push([name, body]);
    }
  }
  return blocks;
}

async function toSpec(name: string, file: string, block: Block): Promise<VariableSpec> {
  const spec: VariableSpec = {
    name,
    type: typeof block.type === 'string' ? unwrapInterpolation(block.type) : 'any',
    hasDefault: 'default' in block,
    required: !('default' in block),
    sensitive: isTrue(block.sensitive),
    nullable: block.nullable === undefined ? true : isTrue(block.nullable),
    validations: await Promise.all(
      asList(block.validation)
        .filter(isObject)
        .map((v) => toValidation(name, v)),
    ),
    file,
  };
  if (typeof block.description === 'string') spec.description = block.description;
  if (spec.hasDefault) spec.default = block.default;
  return spec;
}

async function toValidation(name: string, block: Block): Promise<VariableValidation> {
  const condition = typeof block.condition === 'string' ? unwrapInterpolation(block.condition) : '';
  const errorMessage = typeof block.error_message === 'string' ? block.error_message : '';
  return { condition, errorMessage, ...(condition ? await readValidationRules(name, condition) : {}) };
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isObject(value: unknown): value is Block {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && unwrapInterpolation(value) === 'true');
}
