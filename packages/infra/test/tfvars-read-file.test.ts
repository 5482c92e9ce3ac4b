import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChallengeError, readTfvarsFile } from '../src/index.js';
import { scanJson } from '../src/tfvars/json-syntax.js';
import { removeTempRoots, tempRoot } from './tfvars-fixtures.js';

afterAll(removeTempRoots);

async function errorFor(text: string, name = 'mock.tfvars.json'): Promise<ChallengeError> {
  const root = await tempRoot({ [`vars/${name}`]: text });
  const error = await readTfvarsFile(join(root, 'vars', name)).catch((e: unknown) => e);
  if (!(error instanceof ChallengeError)) throw new Error(`expected a ChallengeError, got ${String(error)}`);
  return error;
}

describe('readTfvarsFile', () => {
  it('returns the values of a valid file', async () => {
    const root = await tempRoot({ 'dev.tfvars.json': '{\n  "a": 1,\n  "b": {"c": [true, null, "x"]}\n}\n' });
    expect(await readTfvarsFile(join(root, 'dev.tfvars.json'))).toEqual({
      a: 1,
      b: { c: [true, null, 'x'] },
    });
  });

  it.each([
    [
      'a missing comma',
      '{\n  "a": 1\n  "b": 2\n}\n',
      3,
      3,
      /expected ',' or '}' after the value of "a".*missing comma/,
    ],
    ['a trailing comma', '{\n  "a": 1,\n}\n', 3, 1, /trailing comma before '}'/],
    ['a trailing comma in an array', '{"a": [1, 2, ]}', 1, 14, /trailing comma before ']'/],
    ['single quotes', "{\n  'a': 1\n}", 2, 3, /property name in double quotes/],
    ['a single-quoted value', '{"a": \'x\'}', 1, 7, /double quotes/],
    ['a comment', '{\n  // region\n  "a": 1\n}', 2, 3, /comments are not allowed/],
    ['an unterminated string', '{\n  "a": "abc\n}', 2, 12, /unterminated string/],
    ['an unquoted word', '{"a": yes}', 1, 7, /unexpected 'y'; expected a value/],
    ['a missing colon', '{"a" 1}', 1, 6, /expected ':' after the property name "a"/],
    ['a truncated file', '{"a": {"b": 1}', 1, 15, /end of the file.*not closed with '}'/],
    ['an empty file', '  \n', 2, 1, /file is empty/],
    ['text after the object', '{"a": 1} x', 1, 10, /after the end of the JSON value/],
    ['a leading zero', '{"a": 012}', 1, 8, /invalid number/],
    ['a bad escape', '{"a": "C:\\dir"}', 1, 10, /invalid escape/],
    ['a byte order mark', '\ufeff{"a": 1}', 1, 1, /byte order mark/],
  ])('reports %s with line and column', async (_, text, line, column, reason) => {
    const error = await errorFor(text);
    expect(error.message).toContain(`mock.tfvars.json:${line}:${column}: invalid JSON: `);
    expect(error.message).toMatch(reason);
    expect(error.hint).toContain(`line ${line}, column ${column}`);
    expect(error.code).toBe('TFVARS_SYNTAX');
  });

  it.each([
    ['an array', '[1, 2]', /must hold a JSON object of variable values, not an array/],
    ['a string', '"x"', /not a string/],
    ['null', 'null', /not null/],
  ])('rejects %s at the top level', async (_, text, reason) => {
    const error = await errorFor(text);
    expect(error.message).toMatch(reason);
    expect(error.hint).toContain('{ "variable_name": value');
  });

  it('rejects a variable set twice, with both lines (Terraform does too)', async () => {
    const error = await errorFor('{\n  "a": 1,\n  "b": 2,\n  "a": 3\n}');
    expect(error.message).toMatch(/mock\.tfvars\.json:4:3: "a" is set twice \(also at line 2\)/);
  });

  it('names the missing file and the init command for its env', async () => {
    const root = await tempRoot({});
    const error = await readTfvarsFile(join(root, 'vars', 'staging.tfvars.json')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChallengeError);
    expect((error as ChallengeError).message).toContain(join(root, 'vars', 'staging.tfvars.json'));
    expect((error as ChallengeError).hint).toContain('challenge init --env staging');
    expect((error as ChallengeError).code).toBe('TFVARS_MISSING');
  });
});

describe('scanJson agrees with JSON.parse', () => {
  // Deterministic pseudo-random edits of valid documents: every text JSON.parse rejects must be
  // rejected by the scanner (which gives the position), and every text it accepts must be accepted.
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state / 0x7fffffff;
    };
  }

  it('on 5000 mutated documents', async () => {
    const base = [
      JSON.stringify({ a: 1, b: [true, false, null], c: { d: 'x\\y"z', e: -1.5e-3 }, f: '\u00e9' }, null, 2),
      await readFile(new URL('../package.json', import.meta.url), 'utf8'),
    ];
    const pieces = [
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      '\\',
      '0',
      '-',
      'e',
      '.',
      ' ',
      '\n',
      't',
      'n',
      "'",
      '/',
    ];
    const next = random(42);
    let rejected = 0;
    for (let i = 0; i < 5000; i++) {
      let text = base[i % base.length]!;
      for (let edits = 1 + Math.floor(next() * 2); edits > 0; edits--) {
        const at = Math.floor(next() * text.length);
        const piece = pieces[Math.floor(next() * pieces.length)]!;
        text =
          next() < 0.5 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + piece + text.slice(at);
      }
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      const scan = scanJson(text);
      if ((scan.error === undefined) !== parses) {
        throw new Error(
          `disagreement on ${JSON.stringify(text)}: ${scan.error?.message ?? 'scanner accepted'}`,
        );
      }
      if (!parses) rejected++;
    }
    expect(rejected).toBeGreaterThan(1000);
  });

  it('reports columns in characters of the line, after multi-byte text', async () => {
    const root = await tempRoot({});
    const file = join(root, 'x.tfvars.json');
    await writeFile(file, '{\n  "name": "héllo wörld" "x": 1\n}');
    await expect(readTfvarsFile(file)).rejects.toThrow(/x\.tfvars\.json:2:25: invalid JSON/);
  });
});

describe('readTfvarsFile refuses what it cannot read safely', () => {
  it('a named pipe (FIFO) is refused at once with the fix, never read (the read would hang)', async () => {
    const root = await tempRoot({});
    const path = join(root, 'fifo.tfvars.json');
    execFileSync('mkfifo', [path]);
    const error = await readTfvarsFile(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TFVARS_NOT_A_FILE' });
    expect((error as ChallengeError).message).toContain('is a named pipe (FIFO), not a regular file');
  });

  it('values nested deeper than challenge reads are refused with the depth, not a stack overflow', async () => {
    const deep = `{ "a": ${'['.repeat(100_000)}${']'.repeat(100_000)} }`;
    const error = await errorFor(deep);
    expect(error.code).toBe('TFVARS_TOO_DEEP');
    expect(error.message).toContain('100001 levels deep');
    // Brackets inside strings are text, not nesting.
    const root = await tempRoot({ 'ok.tfvars.json': `{ "a": "${'['.repeat(1000)}" }` });
    expect(await readTfvarsFile(join(root, 'ok.tfvars.json'))).toEqual({ a: '['.repeat(1000) });
  });
});
