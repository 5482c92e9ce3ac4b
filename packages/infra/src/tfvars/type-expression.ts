/** Terraform type constraints (`map(string)`, `object({ a = optional(number, 1) })`) as a tree. */
export type TypeNode =
  | { kind: 'any' }
  | { kind: 'string' | 'number' | 'bool' }
  | { kind: 'list' | 'set' | 'map'; element: TypeNode }
  | { kind: 'tuple'; elements: TypeNode[] }
  | { kind: 'object'; attributes: Record<string, { type: TypeNode; optional: boolean }> };

/** Parses a type expression; returns undefined for text it cannot read (then no type check is made). */
export function parseTypeExpression(text: string): TypeNode | undefined {
  const tokens = tokenize(text);
  if (!tokens) return undefined;
  let index = 0;
  const peek = (): string | undefined => tokens[index];
  const expect = (token: string): void => {
    if (tokens[index] !== token) throw new SyntaxError(`expected ${token}`);
    index++;
  };

  // Skips an arbitrary expression (an optional() default) up to the ',' or ')' that ends it.
  const skipExpression = (): void => {
    let depth = 0;
    while (index < tokens.length) {
      const token = tokens[index]!;
      if (depth === 0 && (token === ',' || token === ')')) return;
      if (token === '(' || token === '[' || token === '{') depth++;
      if (token === ')' || token === ']' || token === '}') depth--;
      index++;
    }
  };

  const parseType = (): TypeNode => {
    const name = tokens[index++];
    switch (name) {
      case 'any':
      case 'string':
      case 'number':
      case 'bool':
        return name === 'any' ? { kind: 'any' } : { kind: name };
      case 'list':
      case 'set':
      case 'map': {
        expect('(');
        const element = parseType();
        expect(')');
        return { kind: name, element };
      }
      case 'tuple': {
        expect('(');
        expect('[');
        const elements: TypeNode[] = [];
        while (peek() !== ']') {
          elements.push(parseType());
          if (peek() === ',') index++;
        }
        expect(']');
        expect(')');
        return { kind: 'tuple', elements };
      }
      case 'object': {
        expect('(');
        expect('{');
        const attributes: Record<string, { type: TypeNode; optional: boolean }> = {};
        while (peek() !== '}') {
          let key = tokens[index++];
          if (key === undefined) throw new SyntaxError('unterminated object type');
          if (key.startsWith('"')) key = JSON.parse(key) as string;
          const separator = tokens[index++];
          if (separator !== '=' && separator !== ':') throw new SyntaxError('expected =');
          if (peek() === 'optional') {
            index++;
            expect('(');
            const type = parseType();
            if (peek() === ',') {
              index++;
              skipExpression();
            }
            expect(')');
            attributes[key] = { type, optional: true };
          } else {
            attributes[key] = { type: parseType(), optional: false };
          }
          if (peek() === ',') index++;
        }
        expect('}');
        expect(')');
        return { kind: 'object', attributes };
      }
      default:
        throw new SyntaxError(`unknown type ${name}`);
    }
  };

  try {
    const node = parseType();
    return index === tokens.length ? node : undefined;
  } catch {
    return undefined;
  }
}

function tokenize(text: string): string[] | undefined {
  const tokens: string[] = [];
  const pattern =
    /\s+|#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_-]*|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[(){}[\],=:]|[^\s]/gy;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const token = match[0];
    if (/^\s/.test(token) || token.startsWith('#') || token.startsWith('//') || token.startsWith('/*'))
      continue;
    tokens.push(token);
    if (pattern.lastIndex >= text.length) break;
  }
  return tokens.length > 0 ? tokens : undefined;
}

/** The type as a short phrase for messages: "a number", "a list of strings". */
export function describeType(type: TypeNode): string {
  switch (type.kind) {
    case 'any':
      return 'any value';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'bool':
      return 'a bool (true or false)';
    case 'list':
    case 'set':
      return `a ${type.kind} (JSON array) of ${plural(type.element)}`;
    case 'map':
      return `a map (JSON object) of ${plural(type.element)}`;
    case 'tuple':
      return `a JSON array of ${type.elements.length} elements`;
    case 'object': {
      const names = Object.keys(type.attributes);
      return names.length > 0 ? `an object with attributes ${names.join(', ')}` : 'an object';
    }
  }
}

function plural(type: TypeNode): string {
  switch (type.kind) {
    case 'string':
      return 'strings';
    case 'number':
      return 'numbers';
    case 'bool':
      return 'bools';
    case 'any':
      return 'values';
    default:
      return describeType(type).replace(/^an? /, '') + ' values';
  }
}
