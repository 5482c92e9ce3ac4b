import type { PlanConsequence } from '@challenge/infra';

const HEADINGS: Record<PlanConsequence['kind'], string> = {
  'data-loss': 'Destroys data:',
  downtime: 'Interrupts the app:',
  'wider-access': 'Widens access:',
};

const SYMBOLS: Record<PlanConsequence['action'], string> = {
  replace: '-/+',
  delete: '-  ',
  update: '~  ',
  create: '+  ',
};

/**
 * The plan's consequences grouped by kind, each with the attribute that forces it; empty when there are
 * none. A destroy plan interrupts everything by definition: there only the data it takes is listed.
 */
export function renderConsequences(
  consequences: readonly PlanConsequence[],
  options: { destroy: boolean; paint: (text: string) => string },
): string[] {
  const shown = options.destroy ? consequences.filter((c) => c.kind === 'data-loss') : consequences;
  const lines: string[] = [];
  for (const kind of Object.keys(HEADINGS) as PlanConsequence['kind'][]) {
    const ofKind = shown.filter((c) => c.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push(options.paint(HEADINGS[kind]));
    for (const consequence of ofKind) {
      const forced = consequence.forcedBy.length > 0 ? ` (forced by ${consequence.forcedBy.join(', ')})` : '';
      lines.push(`  ${SYMBOLS[consequence.action]} ${consequence.address}: ${consequence.effect}${forced}`);
    }
  }
  return lines;
}
