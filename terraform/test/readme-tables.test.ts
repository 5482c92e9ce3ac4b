import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { repoRoot } from '@challenge/testkit';
import { describe, expect, it } from 'vitest';

const dir = join(repoRoot(), 'terraform');

async function blocks(
  file: string,
  kind: 'variable' | 'output',
): Promise<Record<string, Array<Record<string, unknown>>>> {
  const parsed = (await parse(file, await readFile(join(dir, file), 'utf8'))) as Record<string, unknown>;
  return (parsed[kind] ?? {}) as Record<string, Array<Record<string, unknown>>>;
}

function tableRows(readme: string, heading: string): string[][] {
  const section = readme.slice(readme.indexOf(`## ${heading}`));
  const table = section.split('\n\n')[1] ?? '';
  return table
    .split('\n')
    .slice(2)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

describe('terraform/README.md', () => {
  it('lists every input with its description and required flag, in sync with variables.tf', async () => {
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    const variables = await blocks('variables.tf', 'variable');
    const rows = tableRows(readme, 'Inputs');
    expect(rows.map((r) => r[0]).sort()).toEqual(Object.keys(variables).sort());
    for (const [name, description, type, , required] of rows) {
      const spec = variables[name as string]![0]!;
      expect(description, name).toBe(spec['description']);
      expect(type, name).toBe(String(spec['type']).replace(/^\$\{(.*)\}$/, '$1'));
      expect(required, name).toBe('default' in spec ? 'No' : 'Yes');
    }
  });

  it('lists every output with its description, in sync with outputs.tf', async () => {
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    const outputs = await blocks('outputs.tf', 'output');
    const rows = tableRows(readme, 'Outputs');
    expect(rows.map((r) => r[0]).sort()).toEqual(Object.keys(outputs).sort());
    for (const [name, description] of rows)
      expect(description, name).toBe(outputs[name as string]![0]!['description']);
  });
});
