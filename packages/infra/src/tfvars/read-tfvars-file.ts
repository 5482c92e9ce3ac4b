import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { ChallengeError } from '../errors.js';
import { isPlainObject } from './convert-value.js';
import { displayPath } from './display-path.js';
import { type JsonKeyPosition, scanJson } from './json-syntax.js';

export interface TfvarsDocument {
  values: Record<string, unknown>;
  /** Top-level keys with their 1-based line and column. */
  keys: JsonKeyPosition[];
}

/** The env name a `vars/<env>.tfvars.json` file belongs to, if it follows that convention. */
export function envOfTfvarsFile(path: string): string | undefined {
  return /^(.+)\.tfvars\.json$/.exec(basename(path))?.[1];
}

/** Reads a `.tfvars.json` file: a JSON object of variable values. Bad JSON is reported with line:column. */
export async function readTfvarsFile(path: string): Promise<Record<string, unknown>> {
  return (await readTfvarsDocument(path)).values;
}

/** Deeper values than this are refused: variable values are never nested so deep, and checks recurse. */
const MAX_TFVARS_DEPTH = 200;

/** How deep arrays and objects nest in a JSON text (one pass, no recursion). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') deepest = Math.max(deepest, ++depth);
    else if (char === ']' || char === '}') depth -= 1;
  }
  return deepest;
}

/** A FIFO, socket or device would block the read (or never end): only regular files are read. */
function refuseNonRegularFile(path: string, shown: string): void {
  let kind: string | undefined;
  try {
    const info = statSync(path);
    if (info.isFile()) return;
    kind = info.isDirectory()
      ? 'a folder'
      : info.isFIFO()
        ? 'a named pipe (FIFO)'
        : info.isSocket()
          ? 'a socket'
          : 'a device or other special file';
  } catch {
    return; // read below, which reports a missing or unreadable file
  }
  throw new ChallengeError(`Variables file ${shown} is ${kind}, not a regular file.`, {
    hint: `Make ${shown} a regular JSON file of variable values (a named pipe or device would make the read hang).`,
    code: 'TFVARS_NOT_A_FILE',
  });
}

export async function readTfvarsDocument(path: string): Promise<TfvarsDocument> {
  const shown = displayPath(path);
  refuseNonRegularFile(path, shown);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const env = envOfTfvarsFile(path);
      throw new ChallengeError(`Variables file ${shown} does not exist.`, {
        hint: env
          ? `Run \`challenge init --env ${env}\` to create it, or check the --env name and --dir.`
          : 'Create it, or check the path.',
        code: 'TFVARS_MISSING',
      });
    }
    throw new ChallengeError(`Cannot read variables file ${shown}: ${(error as Error).message}`, {
      hint: 'Check that the path is a readable file.',
      code: 'TFVARS_UNREADABLE',
      cause: error,
    });
  }
  const depth = nestingDepth(text);
  if (depth > MAX_TFVARS_DEPTH) {
    throw new ChallengeError(
      `${shown} nests arrays or objects ${depth} levels deep; challenge reads at most ${MAX_TFVARS_DEPTH}.`,
      {
        hint: `Flatten the values in ${shown}: no variable needs more than a few levels.`,
        code: 'TFVARS_TOO_DEEP',
      },
    );
  }
  const scan = scanJson(text);
  if (scan.error) {
    const { line, column, message } = scan.error;
    throw new ChallengeError(`${shown}:${line}:${column}: invalid JSON: ${message}.`, {
      hint: `Fix the JSON at line ${line}, column ${column} of ${shown}.`,
      code: 'TFVARS_SYNTAX',
    });
  }
  const values: unknown = JSON.parse(text);
  if (!isPlainObject(values)) {
    throw new ChallengeError(`${shown} must hold a JSON object of variable values, not ${kindOf(values)}.`, {
      hint: `Write it as { "variable_name": value, ... }.`,
      code: 'TFVARS_NOT_OBJECT',
    });
  }
  const seen = new Map<string, JsonKeyPosition>();
  for (const key of scan.topLevelKeys) {
    const first = seen.get(key.key);
    if (first) {
      throw new ChallengeError(
        `${shown}:${key.line}:${key.column}: "${key.key}" is set twice (also at line ${first.line}); Terraform rejects duplicates.`,
        { hint: `Keep one "${key.key}" entry in ${shown}.`, code: 'TFVARS_DUPLICATE' },
      );
    }
    seen.set(key.key, key);
  }
  return { values, keys: scan.topLevelKeys };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
