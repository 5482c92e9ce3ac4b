export type Redact = (text: string) => string;

const PLACEHOLDER = '***';
// Shorter base64 fragments could match ordinary text by chance.
const MIN_BASE64_FRAGMENT = 8;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches `secret` with any of its characters written as %XX (either hex case), as URLs and git prompts do. */
function percentTolerant(secret: string): string {
  let pattern = '';
  for (const char of secret) {
    const encoded = [...Buffer.from(char, 'utf8')]
      .map((byte) => {
        const hex = byte.toString(16).padStart(2, '0');
        return `%[${hex[0]}${hex[0]!.toUpperCase()}][${hex[1]}${hex[1]!.toUpperCase()}]`;
      })
      .join('');
    pattern += `(?:${escapeRegExp(char)}|${encoded})`;
  }
  return pattern;
}

/**
 * The base64 characters that encode `secret` wherever it sits in a longer encoded string: one fragment per
 * byte alignment (0, 1 or 2 bytes before it), without the edge characters that depend on its neighbours.
 */
function base64Fragments(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const fragments: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const totalBits = (offset + bytes.length) * 8;
    const fragment = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(totalBits / 6));
    if (fragment.length >= MIN_BASE64_FRAGMENT) fragments.push(fragment);
  }
  return fragments;
}

/**
 * Replaces every secret in text: raw, percent-encoded, and base64 (standard and URL-safe, at any alignment,
 * which covers an `Authorization: Basic base64(user:password)` header). `pairs` are joined with ":" and
 * removed whole first, so a Basic header leaves no partial trace.
 */
export function secretRedactor(
  secrets: Array<string | undefined>,
  pairs: Array<[string, string]> = [],
): Redact {
  const values = [...new Set(secrets.filter((secret): secret is string => Boolean(secret)))];
  if (values.length === 0) return (text) => text;
  const base64: string[] = [];
  for (const [user, password] of pairs) base64.push(Buffer.from(`${user}:${password}`).toString('base64'));
  for (const value of values) base64.push(...base64Fragments(value));
  const withUrlSafe = base64.flatMap((text) => [text, text.replaceAll('+', '-').replaceAll('/', '_')]);
  const alternatives = [
    ...[...new Set(withUrlSafe)].sort((a, b) => b.length - a.length).map(escapeRegExp),
    ...values.sort((a, b) => b.length - a.length).map(percentTolerant),
  ];
  const pattern = new RegExp(alternatives.join('|'), 'g');
  return (text) => text.replace(pattern, PLACEHOLDER);
}
