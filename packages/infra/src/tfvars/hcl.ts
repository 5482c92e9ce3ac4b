import type { TFExpressionSyntaxTree } from '@cdktf/hcl2json';

type HclModule = typeof import('@cdktf/hcl2json');
export type ExpressionNode = TFExpressionSyntaxTree.ExpressionType;

let loading: Promise<HclModule> | undefined;

/** hcl2json instantiates a 1.7 MB WebAssembly module on import (~200 ms), so load it only when needed. */
function hcl(): Promise<HclModule> {
  loading ??= import('@cdktf/hcl2json');
  return loading;
}

/** Parses one HCL file into hcl2json's JSON shape (blocks as arrays, expressions as "${…}" strings). */
export async function parseHclFile(filename: string, contents: string): Promise<Record<string, unknown>> {
  const module = await hcl();
  return (await module.parse(filename, contents)) as Record<string, unknown>;
}

/** The syntax tree of one expression, or undefined when hcl2json cannot parse it. */
export async function expressionTree(expression: string): Promise<ExpressionNode | undefined> {
  const module = await hcl();
  try {
    return (await module.getExpressionAst('condition.tf', expression)) ?? undefined;
  } catch {
    return undefined;
  }
}

/** `${expr}` as hcl2json writes a single interpolation -> `expr`; other text unchanged. */
export function unwrapInterpolation(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('${') && trimmed.endsWith('}') && trimmed.indexOf('${', 2) === -1) {
    return trimmed.slice(2, -1).trim();
  }
  return trimmed;
}

/** Decodes the escapes of an HCL quoted string (`\\`, `\"`, `\n`, `\uXXXX`, `$${`, `%%{`). */
export function unescapeHclString(raw: string): string {
  return raw.replace(
    /\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g,
    (match, escaped: string | undefined) => {
      if (match === '$${') return '${';
      if (match === '%%{') return '%{';
      if (escaped === undefined) return match;
      if (escaped.length > 1) {
        const codePoint = Number.parseInt(escaped.slice(1), 16);
        return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : match;
      }
      const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
      return simple[escaped] ?? match;
    },
  );
}
