#!/usr/bin/env node
// `pnpm link-cli`: puts `challenge` on PATH as a symbolic link to packages/cli/bin/run.js, so it runs the
// built CLI directly (its own stdout and exit code, no package manager in between). pnpm 10's own ways
// (`pnpm link --global`, `pnpm --filter … exec`) need `pnpm setup` first or do not find the bin.
//
// Where: the first folder that is on PATH already and writable, in this order: $PNPM_HOME (pnpm's global
// bin folder), the folder `pnpm` itself was found in (`npm i -g pnpm@10` put it there), ~/.local/bin.
// When none is on PATH, the link goes to ~/.local/bin and the line to add it to PATH is printed.
import { accessSync, constants, lstatSync, mkdirSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(repo, 'packages', 'cli', 'bin', 'run.js');
// pnpm puts the workspace's node_modules/.bin folders first on a script's PATH: never link there.
const pathDirs = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((dir) => dir !== '' && !resolve(dir).startsWith(`${repo}/`) && !dir.includes('node_modules'));

function isWritableDir(dir) {
  try {
    accessSync(dir, constants.W_OK);
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function pnpmDir() {
  for (const dir of pathDirs) {
    try {
      accessSync(join(dir, 'pnpm'), constants.X_OK);
      return dir;
    } catch {}
  }
  return undefined;
}

const localBin = join(homedir(), '.local', 'bin');
const candidates = [process.env.PNPM_HOME, pnpmDir(), localBin].filter(Boolean).map((dir) => resolve(dir));
const onPath = new Set(pathDirs.map((dir) => resolve(dir)));
const chosen = candidates.find((dir) => onPath.has(dir) && isWritableDir(dir));
const binDir = chosen ?? localBin;
mkdirSync(binDir, { recursive: true });

const link = join(binDir, 'challenge');
let existing;
try {
  existing = lstatSync(link);
} catch {}
if (existing && !existing.isSymbolicLink()) {
  console.error(`Error: ${link} exists and is not a link this script made.`);
  console.error(`Fix: remove or rename it, then run pnpm link-cli again.`);
  process.exit(1);
}
// A link from an earlier clone is replaced: the newest `pnpm link-cli` wins.
if (existing) unlinkSync(link);
symlinkSync(target, link);

console.log(`challenge -> ${target} (linked in ${binDir})`);
if (!chosen) {
  console.log(`${binDir} is not on your PATH: add it, e.g. in ~/.profile:`);
  console.log(`  export PATH="${binDir}:$PATH"`);
}
