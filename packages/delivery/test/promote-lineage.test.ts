import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appFolderCommits,
  changedFiles,
  commitsOutsideLineage,
  commitsToPromote,
  type GitRead,
  history,
  promotionMessage,
} from '../src/promote/lineage.js';

// A monorepo with app commits, and the two env histories ship/promote build from its trees.
let dir: string;
const env = {
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@localhost',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@localhost',
};
const run = async (args: string[]) => (await execa('git', args, { cwd: dir, env })).stdout.trim();
const read: GitRead = async (args) => {
  const result = await execa('git', args, { cwd: dir, env, reject: false });
  return result.exitCode === 0 ? String(result.stdout).trim() : null;
};
const monorepo: string[] = [];
const trees: string[] = [];

async function appCommit(file: string, content: string, message: string): Promise<void> {
  await writeFile(join(dir, 'apps', 'app', file), content);
  await run(['add', '-A']);
  await run(['commit', '-q', '-m', message]);
  monorepo.push(await run(['rev-parse', 'HEAD']));
  trees.push(await run(['rev-parse', 'HEAD:apps/app']));
}
const commitTree = (tree: string, parent: string | null, message: string) =>
  run(['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'challenge-lineage-'));
  await run(['init', '-q', '--initial-branch=main']);
  await mkdir(join(dir, 'apps', 'app'), { recursive: true });
  await appCommit('a.py', 'one\n', 'app: first');
  await writeFile(join(dir, 'README'), 'not the app\n');
  await run(['add', '-A']);
  await run(['commit', '-q', '-m', 'docs only']);
  await appCommit('b.py', 'two\n', 'app: second');
  await appCommit('a.py', 'one, changed\n', 'app: third');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function devHistory(): Promise<string[]> {
  // dev got every app commit shipped, one ship commit each.
  const commits: string[] = [];
  let parent: string | null = null;
  for (const [index, tree] of trees.entries()) {
    parent = await commitTree(tree, parent, `Ship apps/app from ${monorepo[index]}`);
    commits.push(parent);
  }
  return commits;
}

describe('promotion lineage', () => {
  it('reads a history with the monorepo commit each delivery came from', async () => {
    const dev = await devHistory();
    const promoted = await commitTree(
      trees[1]!,
      null,
      promotionMessage({
        appPath: 'apps/app',
        fromEnv: 'dev',
        executionId: 'exec-1',
        revision: dev[1]!,
        sourceCommit: monorepo[1],
      }),
    );
    const [promotion] = await history(read, promoted);
    expect(promotion).toMatchObject({
      tree: trees[1],
      subject: 'Promote apps/app from dev (execution exec-1)',
      sourceCommit: monorepo[1],
    });
    const shipped = await history(read, dev[2]!);
    expect(shipped.map((c) => [c.tree, c.sourceCommit])).toEqual([
      [trees[2], monorepo[2]],
      [trees[1], monorepo[1]],
      [trees[0], monorepo[0]],
    ]);
  });

  it('finds nothing outside the lineage when the target got only promotions', async () => {
    const dev = await devHistory();
    const qa1 = await commitTree(trees[0]!, null, 'Promote apps/app from dev (execution a)');
    const qa2 = await commitTree(trees[1]!, qa1, 'Promote apps/app from dev (execution b)');
    const source = await history(read, dev[2]!);
    expect(commitsOutsideLineage(await history(read, qa2), source)).toEqual([]);
    // What qa would get: the dev commits newer than the one whose tree it runs.
    expect(commitsToPromote(source, trees[1]).map((c) => c.commit)).toEqual([dev[2]]);
    expect(commitsToPromote(source, undefined).map((c) => c.commit)).toEqual([dev[2], dev[1], dev[0]]);
  });

  it('names the target commits the promoted lineage lacks: a direct ship, or a newer promotion', async () => {
    const dev = await devHistory();
    const qa1 = await commitTree(trees[0]!, null, 'Promote apps/app from dev (execution a)');
    const direct = await commitTree(trees[2]!, qa1, 'Ship apps/app from hotfix');
    // Promoting dev's second revision: qa's direct ship of the third tree is not in that lineage.
    const outside = commitsOutsideLineage(await history(read, direct), await history(read, dev[1]!));
    expect(outside.map((c) => c.commit)).toEqual([direct]);
    // Promoting dev's third revision: that tree is dev's own, so nothing is lost.
    expect(commitsOutsideLineage(await history(read, direct), await history(read, dev[2]!))).toEqual([]);
    // A target with nothing in common with the source: all of it is outside.
    const blob = (await execa('git', ['hash-object', '-w', '--stdin'], { cwd: dir, input: 'foreign\n' }))
      .stdout;
    const foreign = (await execa('git', ['mktree'], { cwd: dir, input: `100644 blob ${blob}\tz.py\n` }))
      .stdout;
    const stranger = await commitTree(trees[2]!, null, 'Ship apps/app from elsewhere');
    const unrelated = await commitTree(foreign, stranger, 'x');
    const lacking = commitsOutsideLineage(await history(read, unrelated), await history(read, dev[1]!));
    expect(lacking.map((c) => c.commit)).toEqual([unrelated, stranger]);
  });

  it('lists the changed files between two trees, or every file of a first delivery', async () => {
    expect(await changedFiles(read, trees[0], trees[2]!)).toEqual([
      { status: 'M', path: 'a.py' },
      { status: 'A', path: 'b.py' },
    ]);
    expect(await changedFiles(read, undefined, trees[1]!)).toEqual([
      { status: 'A', path: 'a.py' },
      { status: 'A', path: 'b.py' },
    ]);
    expect(await changedFiles(read, trees[2], trees[2]!)).toEqual([]);
  });

  it('lists the monorepo commits that touched the app folder between two sources', async () => {
    expect(await appFolderCommits(read, 'apps/app', monorepo[0], monorepo[2])).toEqual([
      { commit: monorepo[2], subject: 'app: third' },
      { commit: monorepo[1], subject: 'app: second' },
    ]);
    expect(await appFolderCommits(read, 'apps/app', undefined, undefined)).toBeUndefined();
    expect(await appFolderCommits(read, 'apps/app', 'f'.repeat(40), monorepo[2])).toBeUndefined();
  });
});
