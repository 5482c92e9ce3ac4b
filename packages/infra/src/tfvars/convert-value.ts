import { describeType, type TypeNode } from './type-expression.js';

/**
 * Converts a JSON value to a variable's type the way Terraform does for input variables
 * (a number for a string becomes "5", the string "8000" for a number becomes 8000, "true"/"1" for a bool
 * becomes true), so that we reject exactly the values Terraform would reject, no more.
 * Returns the converted value, or problems naming where in the value the mismatch is.
 */
export type Conversion = { ok: true; value: unknown } | { ok: false; problems: string[] };

const TERRAFORM_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function convertValue(type: TypeNode, value: unknown, options: { reveal: boolean }): Conversion {
  const problems: string[] = [];
  const converted = convertAt(type, value, '', problems, options.reveal);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: converted };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a bool';
  return typeof value;
}

function shown(value: unknown, reveal: boolean): string {
  if (!reveal) return jsonKind(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return `${jsonKind(value)} (${JSON.stringify(value)})`;
  }
  return jsonKind(value);
}

function convertAt(
  type: TypeNode,
  value: unknown,
  path: string,
  problems: string[],
  reveal: boolean,
): unknown {
  // Nulls are accepted here; whether the variable may be null is checked by the caller.
  if (value === null || type.kind === 'any') return value;
  const where = path === '' ? '' : ` at ${path}`;
  const mismatch = (extra = ''): undefined => {
    problems.push(`expected ${describeType(type)}${where}, got ${shown(value, reveal)}${extra}`);
    return undefined;
  };
  switch (type.kind) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return mismatch();
    case 'number':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && TERRAFORM_NUMBER.test(value)) return Number(value);
      return mismatch(typeof value === 'string' ? '; write a number without quotes, e.g. 2' : '');
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === '1') return true;
      if (value === 'false' || value === '0') return false;
      return mismatch(
        typeof value === 'string' && /^(true|false)$/i.test(value)
          ? `; write ${value.toLowerCase()} in lowercase without quotes`
          : '; write true or false without quotes',
      );
    case 'list':
    case 'set':
      if (!Array.isArray(value)) {
        return mismatch(
          typeof value === 'string' && reveal ? `; write it as an array: [${JSON.stringify(value)}]` : '',
        );
      }
      return value.map((item, i) => convertAt(type.element, item, `${path}[${i}]`, problems, reveal));
    case 'tuple':
      if (!Array.isArray(value) || value.length !== type.elements.length) return mismatch();
      return value.map((item, i) => convertAt(type.elements[i]!, item, `${path}[${i}]`, problems, reveal));
    case 'map':
      if (!isPlainObject(value)) return mismatch();
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          convertAt(type.element, item, `${path}[${JSON.stringify(key)}]`, problems, reveal),
        ]),
      );
    case 'object': {
      if (!isPlainObject(value)) return mismatch();
      const result: Record<string, unknown> = {};
      for (const [name, attribute] of Object.entries(type.attributes)) {
        if (!(name in value)) {
          if (!attribute.optional) problems.push(`attribute "${name}" is required${where}; add it`);
          continue;
        }
        result[name] = convertAt(attribute.type, value[name], `${path}.${name}`, problems, reveal);
      }
      // Terraform drops attributes the type does not declare, so they are no error.
      return result;
    }
  }
}
