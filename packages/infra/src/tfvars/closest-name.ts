/** The candidate closest to `name` (typos, case, dashes for underscores), or undefined if none is close. */
export function closestName(
  name: string,
  candidates: readonly string[],
  options: { strict?: boolean } = {},
): string | undefined {
  const normalise = (text: string): string => text.toLowerCase().replace(/-/g, '_');
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(normalise(name), normalise(candidate));
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best) return undefined;
  // strict (command names, envs, flags: short words where two edits make another word): one edit, or
  // two when the first letter is the same ("dcotor"), never "bogus" -> "logs".
  const allowed = options.strict
    ? best.candidate[0] === name[0]
      ? 2
      : 1
    : Math.max(2, Math.floor(Math.max(name.length, best.candidate.length) / 3));
  return best.distance <= allowed ? best.candidate : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}
