/**
 * A small JSON scanner that reports where and why a text is not JSON, the same way on every Node version
 * (JSON.parse's messages and positions changed between Node 20 and 22), and the top-level keys with their
 * positions (Terraform rejects a variable set twice; JSON.parse silently keeps the last one).
 */
interface JsonSyntaxError {
  offset: number;
  line: number;
  column: number;
  message: string;
}

export interface JsonKeyPosition {
  key: string;
  offset: number;
  line: number;
  column: number;
}

export interface JsonScan {
  error?: JsonSyntaxError;
  topLevelKeys: JsonKeyPosition[];
}

class ScanFailure extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function scanJson(text: string): JsonScan {
  const topLevelKeys: JsonKeyPosition[] = [];
  let pos = 0;

  const describe = (at: number): string => {
    if (at >= text.length) return 'the end of the file';
    const ch = text[at]!;
    if (ch === '\n' || ch === '\r') return 'a line break';
    return `'${ch}'`;
  };
  const fail = (message: string, at = pos): never => {
    throw new ScanFailure(at, message);
  };
  const skipWhitespace = (): void => {
    while (pos < text.length) {
      const ch = text[pos];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') pos++;
      else if (ch === '/' && (text[pos + 1] === '/' || text[pos + 1] === '*')) {
        fail('comments are not allowed in JSON; remove the comment');
      } else return;
    }
  };

  const scanString = (): string => {
    const start = pos;
    pos++; // opening quote
    while (pos < text.length) {
      const code = text.charCodeAt(pos);
      if (code === 0x22) {
        pos++;
        return JSON.parse(text.slice(start, pos)) as string;
      }
      if (code === 0x5c) {
        const next = text[pos + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
            fail('invalid \\u escape in a string; write four hex digits, e.g. \\u00e9');
          }
          pos += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          pos += 2;
        } else {
          fail(`invalid escape '\\${next ?? ''}' in a string; write a backslash as \\\\`);
        }
      } else if (code < 0x20) {
        fail(
          code === 10 || code === 13
            ? 'unterminated string (line break inside a string); close the string with " or write \\n'
            : 'control character inside a string; escape it (e.g. \\t)',
        );
      } else pos++;
    }
    return fail('unterminated string; close it with "', start);
  };

  const scanNumber = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos, pos + 400));
    if (!match || match[0] === '-') fail(`invalid number starting with ${describe(pos)}`);
    pos += match![0].length;
    if (/[0-9A-Za-z.]/.test(text[pos] ?? '')) {
      fail('invalid number; JSON numbers have no leading zeros, hex, or trailing dot');
    }
  };

  const scanValue = (depth: number): void => {
    skipWhitespace();
    if (pos >= text.length) fail('unexpected end of the file; a value is missing');
    const ch = text[pos]!;
    if (ch === '{') {
      scanObject(depth);
      return;
    }
    if (ch === '[') {
      scanArray(depth);
      return;
    }
    if (ch === '"') {
      scanString();
      return;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      scanNumber();
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        if (/[A-Za-z0-9_]/.test(text[pos] ?? '')) fail(`unexpected ${describe(pos)} after '${word}'`);
        return;
      }
    }
    if (ch === "'") fail('strings must use double quotes ("), not single quotes (\')');
    if (ch === '}' || ch === ']') fail(`a value is missing before '${ch}' (trailing comma?)`);
    fail(
      `unexpected ${describe(pos)}; expected a value (string in "double quotes", number, true, false, null, object or array)`,
    );
  };

  const scanObject = (depth: number): void => {
    pos++; // {
    skipWhitespace();
    if (text[pos] === '}') {
      pos++;
      return;
    }
    for (;;) {
      skipWhitespace();
      if (text[pos] === '}') fail("trailing comma before '}'; remove the last comma");
      if (text[pos] !== '"') {
        if (pos >= text.length) fail("unexpected end of the file; the object is not closed with '}'");
        fail(`expected a property name in double quotes, found ${describe(pos)}`);
      }
      const keyOffset = pos;
      const key = scanString();
      if (depth === 0) topLevelKeys.push({ key, offset: keyOffset, ...lineAndColumn(text, keyOffset) });
      skipWhitespace();
      if (text[pos] !== ':') fail(`expected ':' after the property name "${key}", found ${describe(pos)}`);
      pos++;
      scanValue(depth + 1);
      skipWhitespace();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === '}') {
        pos++;
        return;
      }
      if (pos >= text.length) fail("unexpected end of the file; the object is not closed with '}'");
      fail(`expected ',' or '}' after the value of "${key}", found ${describe(pos)} (missing comma?)`);
    }
  };

  const scanArray = (depth: number): void => {
    pos++; // [
    skipWhitespace();
    if (text[pos] === ']') {
      pos++;
      return;
    }
    for (;;) {
      skipWhitespace();
      if (text[pos] === ']') fail("trailing comma before ']'; remove the last comma");
      scanValue(depth + 1);
      skipWhitespace();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === ']') {
        pos++;
        return;
      }
      if (pos >= text.length) fail("unexpected end of the file; the array is not closed with ']'");
      fail(`expected ',' or ']' in the array, found ${describe(pos)} (missing comma?)`);
    }
  };

  try {
    if (text.charCodeAt(0) === 0xfeff)
      fail('the file starts with a byte order mark (BOM); save it as UTF-8 without BOM');
    skipWhitespace();
    if (pos >= text.length) fail('the file is empty; it must hold a JSON object such as {}');
    scanValue(0);
    skipWhitespace();
    if (pos < text.length) fail(`unexpected ${describe(pos)} after the end of the JSON value`);
    return { topLevelKeys };
  } catch (error) {
    if (!(error instanceof ScanFailure)) throw error;
    return {
      topLevelKeys,
      error: { offset: error.offset, message: error.message, ...lineAndColumn(text, error.offset) },
    };
  }
}
