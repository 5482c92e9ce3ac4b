import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@challenge/testkit';
import { execa } from 'execa';
import { spawn } from 'node-pty';
import { describe, expect, it } from 'vitest';

// isTerminal (@challenge/infra) answers tty.isatty for stdin/stdout/stderr without loading node:tty
// unless fstat finds a character device (a terminal or /dev/null). Each case reports both for fd 0-2, and
// whether isTerminal loaded node:tty.
const bundle = join(repoRoot(), 'packages', 'infra', 'dist', 'plan-and-apply.cjs');
const script = (out: string) =>
  [
    `const { isTerminal } = require(${JSON.stringify(bundle)});`,
    'const ours = [0, 1, 2].map((fd) => isTerminal(fd));',
    "const ttyLoaded = process.moduleLoadList.includes('NativeModule tty');",
    "const isatty = [0, 1, 2].map((fd) => require('node:tty').isatty(fd));",
    `require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ ours, isatty, ttyLoaded }));`,
  ].join('\n');

function report(dir: string) {
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
    ours: boolean[];
    isatty: boolean[];
    ttyLoaded: boolean;
  };
}

describe('isTerminal', () => {
  it('says what tty.isatty says for pipes, /dev/null and a pseudo-terminal', async () => {
    const pipes = mkdtempSync(join(tmpdir(), 'tty-'));
    await execa('node', ['-e', script(join(pipes, 'report.json'))], { stdin: 'pipe' });
    expect(report(pipes)).toEqual({
      ours: [false, false, false],
      isatty: [false, false, false],
      ttyLoaded: false,
    });

    const devNull = mkdtempSync(join(tmpdir(), 'tty-'));
    await execa('node', ['-e', script(join(devNull, 'report.json'))], {
      stdin: 'ignore',
      stdout: { file: '/dev/null' },
      stderr: { file: '/dev/null' },
    });
    expect(report(devNull)).toEqual({
      ours: [false, false, false],
      isatty: [false, false, false],
      ttyLoaded: true,
    });

    const pty = mkdtempSync(join(tmpdir(), 'tty-'));
    await new Promise<void>((resolve) => {
      const child = spawn('node', ['-e', script(join(pty, 'report.json'))], { cols: 80, rows: 24 });
      child.onExit(() => resolve());
    });
    expect(report(pty)).toEqual({ ours: [true, true, true], isatty: [true, true, true], ttyLoaded: true });
  });
});
