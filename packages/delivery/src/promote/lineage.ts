/**
 * What a promotion changes, read from git objects alone: the source env's history (its CodeCommit `main`,
 * fetched), the target's, and the monorepo's commits they were shipped from.
 */

/** Reads one git answer (stdout, trimmed) in the repository holding both histories; null when git fails. */
export type GitRead = (args: string[]) => Promise<string | null>;

export interface LineageCommit {
  commit: string;
  tree: string;
  subject: string;
  /** The monorepo commit it was shipped from (ship: "Ship <folder> from <sha>"; promote: Source-Commit:). */
  sourceCommit: string | undefined;
}

export interface ChangedFile {
  /** git's name-status letter: A, M, D, R, C, T. */
  status: string;
  path: string;
}

/** How far back the histories are read: ship and promote add one commit per delivery. */
const MAX_HISTORY = 500;

const SHIPPED_FROM = /^Ship \S+ from ([0-9a-f]{40,64})\b/;
const SOURCE_TRAILER = /^Source-Commit: ([0-9a-f]{40,64})$/m;

function sourceOf(subject: string, body: string): string | undefined {
  return SOURCE_TRAILER.exec(body)?.[1] ?? SHIPPED_FROM.exec(subject)?.[1];
}

/** `head` and its ancestors, newest first (first parents: ship and promote keep these histories linear). */
export async function history(git: GitRead, head: string, max = MAX_HISTORY): Promise<LineageCommit[]> {
  const out = await git([
    'log',
    '--first-parent',
    `--max-count=${max}`,
    '--format=%H%x1f%T%x1f%s%x1f%b%x1e',
    head,
  ]);
  if (!out) return [];
  return out
    .split('\x1e')
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record.trim() !== '')
    .map((record) => {
      const [commit = '', tree = '', subject = '', body = ''] = record.split('\x1f');
      return { commit, tree, subject, sourceCommit: sourceOf(subject, body) };
    });
}

/**
 * The target's commits that the promoted lineage lacks: those newer than the target's newest commit whose
 * tree the source's history (up to the promoted revision) holds. Promoting over them would drop their
 * changes, e.g. a `challenge ship` straight to the target, or a newer revision promoted earlier.
 */
export function commitsOutsideLineage(target: LineageCommit[], source: LineageCommit[]): LineageCommit[] {
  const lineage = new Set(source.map((commit) => commit.tree));
  const index = target.findIndex((commit) => lineage.has(commit.tree));
  return index === -1 ? target : target.slice(0, index);
}

/** The source's commits the target does not run yet: newer than the one whose tree it runs. */
export function commitsToPromote(source: LineageCommit[], runningTree: string | undefined): LineageCommit[] {
  const index = runningTree === undefined ? -1 : source.findIndex((commit) => commit.tree === runningTree);
  return index === -1 ? source : source.slice(0, index);
}

/** Files that differ between two trees (all of `to` when `from` is undefined: nothing deployed yet). */
export async function changedFiles(
  git: GitRead,
  from: string | undefined,
  to: string,
): Promise<ChangedFile[]> {
  const out =
    from === undefined
      ? (await git(['ls-tree', '-r', '--name-only', to]))
          ?.split('\n')
          .filter(Boolean)
          .map((path) => `A\t${path}`)
          .join('\n')
      : await git(['diff', '--name-status', '--no-renames', from, to]);
  return (out ?? '')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [status = '?', path = ''] = line.split('\t');
      return { status: status.slice(0, 1), path };
    });
}

/** The monorepo's commits that touched the app folder between two source commits, when git knows both. */
export async function appFolderCommits(
  git: GitRead,
  appPath: string,
  from: string | undefined,
  to: string | undefined,
  max = 100,
): Promise<Array<{ commit: string; subject: string }> | undefined> {
  if (!to) return undefined;
  const range = from ? [`${from}..${to}`] : [to];
  const out = await git(['log', `--max-count=${max}`, '--format=%H%x1f%s', ...range, '--', appPath]);
  if (out === null) return undefined;
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [commit = '', subject = ''] = line.split('\x1f');
      return { commit, subject };
    });
}

/** The promotion commit's message: names the source env and execution; keeps the monorepo source traceable. */
export function promotionMessage(options: {
  appPath: string;
  fromEnv: string;
  executionId: string;
  revision: string;
  sourceCommit: string | undefined;
}): string {
  return [
    `Promote ${options.appPath} from ${options.fromEnv} (execution ${options.executionId})`,
    '',
    `Promoted-From: ${options.fromEnv}`,
    `Promoted-Execution: ${options.executionId}`,
    `Promoted-Revision: ${options.revision}`,
    ...(options.sourceCommit ? [`Source-Commit: ${options.sourceCommit}`] : []),
    '',
  ].join('\n');
}
