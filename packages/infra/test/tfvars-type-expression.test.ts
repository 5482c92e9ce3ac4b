import { describe, expect, it } from 'vitest';
import { parseTypeExpression } from '../src/index.js';

describe('parseTypeExpression', () => {
  it('reads nested collection types', () => {
    expect(parseTypeExpression('map(list(number))')).toEqual({
      kind: 'map',
      element: { kind: 'list', element: { kind: 'number' } },
    });
    expect(parseTypeExpression('tuple([string, set(any)])')).toEqual({
      kind: 'tuple',
      elements: [{ kind: 'string' }, { kind: 'set', element: { kind: 'any' } }],
    });
  });

  it('reads objects over several lines, with comments and optional attributes whose defaults hold commas', () => {
    const type = parseTypeExpression(`object({
      name = string # the name
      "quoted key" = bool
      cidrs = optional(list(string), ["10.0.0.0/16", "10.1.0.0/16"])
      meta = optional(map(string), { a = "x,y" })
    })`);
    expect(type).toEqual({
      kind: 'object',
      attributes: {
        name: { type: { kind: 'string' }, optional: false },
        'quoted key': { type: { kind: 'bool' }, optional: false },
        cidrs: { type: { kind: 'list', element: { kind: 'string' } }, optional: true },
        meta: { type: { kind: 'map', element: { kind: 'string' } }, optional: true },
      },
    });
  });

  it('gives up on text that is not a type it knows (then no type check is made)', () => {
    expect(parseTypeExpression('list(')).toBeUndefined();
    expect(parseTypeExpression('strin')).toBeUndefined();
    expect(parseTypeExpression('string string')).toBeUndefined();
    expect(parseTypeExpression('')).toBeUndefined();
  });
});
