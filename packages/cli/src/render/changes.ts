import type { RevisionChanges } from '@challenge/delivery';

const FILES_SHOWN = 50;
const MARK = { added: 'A', modified: 'M', deleted: 'D' } as const;

/** "What runs now" and "what the approval brings", for the approve prompt. */
export function changesLines(input: {
  live: { commit: string; how: string } | null;
  changes: RevisionChanges | null;
  changesError: string | null;
}): string[] {
  const lines: string[] = [];
  const { live, changes } = input;
  lines.push(
    live
      ? `Runs now   ${live.commit.slice(0, 12)}  (${live.how === 'running-image' ? "the service's image tag" : 'the last successful deploy'})`
      : 'Runs now   nothing the pipeline deployed: this is the first deploy',
  );
  if (input.changesError) lines.push(`Changes    unavailable: ${input.changesError}`);
  if (!changes) return lines;
  if (live && changes.from === changes.to) {
    lines.push('Changes    none: the waiting revision is the one that runs');
    return lines;
  }
  const more = changes.truncated ? ' (the newest; more lie between)' : '';
  const unrelated = changes.unrelated ? ' (what runs is not an ancestor: history was rewritten)' : '';
  lines.push(`Commits    ${changes.commits.length}${more}${unrelated}, newest first:`);
  for (const commit of changes.commits) {
    const when = commit.date ? commit.date.toISOString().slice(0, 16).replace('T', ' ') : '';
    lines.push(
      `  ${commit.id.slice(0, 12)}  ${commit.summary}${commit.author ? `  (${commit.author}${when ? `, ${when}` : ''})` : ''}`,
    );
  }
  lines.push(`Files      ${changes.files.length} changed in the app folder:`);
  for (const file of changes.files.slice(0, FILES_SHOWN)) lines.push(`  ${MARK[file.change]} ${file.path}`);
  if (changes.files.length > FILES_SHOWN) lines.push(`  … and ${changes.files.length - FILES_SHOWN} more`);
  return lines;
}
