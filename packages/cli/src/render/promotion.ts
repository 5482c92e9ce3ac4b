import type { PromotionPlan } from '@challenge/delivery';

const FILES_SHOWN = 50;
const COMMITS_SHOWN = 20;
const short = (commit: string | null | undefined) => commit?.slice(0, 12) ?? '';

/** What a promotion would do: the source's deployed revision, what the target runs, and what changes. */
export function promotionLines(plan: PromotionPlan): string[] {
  const { from, to } = plan;
  const lines = [
    `Promote ${plan.appPath} from ${from.env} to ${to.env}`,
    `  ${from.env} deployed   ${short(from.revision)}  (execution ${from.executionId}, its last successful deploy${from.sourceCommit ? `; monorepo ${short(from.sourceCommit)}` : ''})`,
    to.running
      ? `  ${to.env} runs now    ${short(to.running.commit)}  (${to.running.how === 'running-image' ? "the service's image tag" : 'its last successful deploy'})`
      : `  ${to.env} runs now    nothing the pipeline deployed: this is its first deploy`,
  ];
  if (plan.appCommits && plan.appCommits.length > 0) {
    lines.push(`Commits    ${plan.appCommits.length} of the app folder (monorepo), newest first:`);
    for (const commit of plan.appCommits.slice(0, COMMITS_SHOWN))
      lines.push(`  ${short(commit.commit)}  ${commit.subject}`);
  } else {
    lines.push(
      `Commits    ${plan.commits.length} of ${from.env}'s that ${to.env} does not run, newest first:`,
    );
    for (const commit of plan.commits.slice(0, COMMITS_SHOWN))
      lines.push(`  ${short(commit.commit)}  ${commit.subject}`);
  }
  lines.push(`Files      ${plan.files.length} changed in the app folder:`);
  for (const file of plan.files.slice(0, FILES_SHOWN)) lines.push(`  ${file.status} ${file.path}`);
  if (plan.files.length > FILES_SHOWN) lines.push(`  … and ${plan.files.length - FILES_SHOWN} more`);
  if (plan.alreadyShipped) {
    lines.push(`Shipped    ${to.env}'s main holds this tree already (${short(to.head)}): nothing to push`);
  } else if (plan.outsideLineage.length > 0) {
    lines.push(
      `Dropped    ${to.env}'s main has ${plan.outsideLineage.length} ${plan.outsideLineage.length === 1 ? 'commit' : 'commits'} ${from.env}'s history lacks:`,
    );
    for (const commit of plan.outsideLineage.slice(0, COMMITS_SHOWN))
      lines.push(`  ${short(commit.commit)}  ${commit.subject}`);
  }
  if (plan.sourceProblems.length > 0) {
    lines.push(`Health     ${from.env} is not healthy right now:`);
    for (const problem of plan.sourceProblems) lines.push(`  ${problem}`);
  } else {
    lines.push(`Health     ${from.env} is healthy (service steady, targets healthy, /gtg 200)`);
  }
  return lines;
}
