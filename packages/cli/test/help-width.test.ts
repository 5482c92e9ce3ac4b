import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cliBin, makeRoot, runCli, SIMPLE_ROOT } from './helpers/cli.js';

const cliRoot = join(cliBin, '..', '..');

/**
 * Every command's --help rendered by oclif in ONE process (one spawn per width, not one per command),
 * each preceded by a marker line. COLUMNS is what bin/run.js hands oclif as OCLIF_COLUMNS.
 */
async function everyHelp(columns: number): Promise<Map<string, string>> {
  const script = `
    const { readFileSync } = await import('node:fs');
    const { main } = await import(${JSON.stringify(pathToFileURL(join(cliRoot, 'dist', 'main.js')).href)});
    const manifest = JSON.parse(readFileSync(${JSON.stringify(join(cliRoot, 'oclif.manifest.json'))}, 'utf8'));
    for (const id of Object.keys(manifest.commands)) {
      process.stdout.write('@@@ ' + id + '\\n');
      await main([...id.split(':'), '--help'], ${JSON.stringify(cliRoot)});
    }`;
  const result = await execa('node', ['--input-type=module', '-e', script], {
    env: { OCLIF_COLUMNS: String(columns), NO_COLOR: '1' },
    stdin: 'ignore',
  });
  const helps = new Map<string, string>();
  for (const chunk of result.stdout.split('@@@ ').slice(1)) {
    const [id = '', ...rest] = chunk.split('\n');
    helps.set(id, rest.join('\n'));
  }
  return helps;
}

const tooWide = (text: string, columns: number) => text.split('\n').filter((line) => line.length > columns);

describe('help and doctor fit the terminal', () => {
  it('every line of every help (root included) is within 80 and 100 columns', {
    timeout: 120_000,
  }, async () => {
    for (const columns of [80, 100]) {
      const helps = await everyHelp(columns);
      expect(helps.size).toBeGreaterThanOrEqual(15);
      const root = await runCli(['--help'], { env: { COLUMNS: String(columns) } });
      helps.set('(root)', root.stdout);
      for (const [id, text] of helps) {
        expect(text, id).toContain('USAGE');
        expect(tooWide(text, columns), `${id} at ${columns} columns`).toEqual([]);
        // Examples name an env that exists (mock) or a placeholder, never a made-up one.
        expect(text, id).not.toMatch(/--env staging|--profile staging/);
      }
      expect(helps.get('init')).toMatch(/\$ challenge init --env dev /);
      expect(helps.get('init')).not.toMatch(/\$ challenge init --env mock /);
    }
  });

  it('the root help has a description and lists commands in workflow order', async () => {
    const root = await runCli(['--help']);
    expect(root.stdout.split('\n')[0]).toMatch(/^Stand up, and keep shipping to, a small AWS stack/);
    const listed = [
      ...root.stdout.slice(root.stdout.indexOf('COMMANDS')).matchAll(/^ {2}(\w[\w ]*?) {2,}/gm),
    ].map((match) => match[1]);
    expect(listed.slice(0, 7)).toEqual(['init', 'doctor', 'plan', 'apply', 'ship app', 'approve', 'status']);
  });

  it('doctor is within 80 and 100 columns', async () => {
    const dir = await makeRoot(SIMPLE_ROOT);
    for (const columns of [80, 100]) {
      const result = await runCli(['doctor', '--dir', dir, '--env', 'mock'], {
        env: { COLUMNS: String(columns) },
      });
      expect(result.stdout).toContain('terraform');
      expect(tooWide(`${result.stdout}\n${result.stderr}`, columns), `${columns} columns`).toEqual([]);
    }
  });
});
