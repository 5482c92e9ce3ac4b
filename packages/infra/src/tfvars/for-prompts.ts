import { checkValue } from './check-value.js';
import { convertValue } from './convert-value.js';
import { describeType, parseTypeExpression } from './type-expression.js';
import type { VariableSpec } from './types.js';

/**
 * A value as Terraform will see it (the prompt answer "2" for a number becomes 2), or the problems with it.
 * Write the returned value to the tfvars file so that it holds the type the variable declares.
 */
export function convertForVariable(
  spec: VariableSpec,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; problems: string[] } {
  const problems = checkValue(spec, value);
  if (problems.length > 0) return { ok: false, problems };
  const type = parseTypeExpression(spec.type);
  if (!type || value === null) return { ok: true, value };
  const conversion = convertValue(type, value, { reveal: false });
  return conversion.ok ? conversion : { ok: false, problems: conversion.problems };
}

/** What a variable accepts, for a prompt's help line: "a number from 0 to 2", "one of "a", "b"". */
export function describeExpectation(spec: VariableSpec): string {
  const type = parseTypeExpression(spec.type);
  const parts = [type ? describeType(type) : spec.type];
  for (const validation of spec.validations) {
    const { range, length, oneOf, pattern } = validation;
    if (range) {
      const low =
        range.min === undefined ? undefined : `${range.minExclusive ? 'above' : 'at least'} ${range.min}`;
      const high =
        range.max === undefined ? undefined : `${range.maxExclusive ? 'below' : 'at most'} ${range.max}`;
      parts.push([low, high].filter(Boolean).join(' and '));
    }
    if (length) {
      const low = length.min === undefined ? undefined : `at least ${length.min}`;
      const high = length.max === undefined ? undefined : `at most ${length.max}`;
      parts.push(`length ${[low, high].filter(Boolean).join(' and ')}`);
    }
    if (oneOf) parts.push(`one of ${oneOf.map((item) => JSON.stringify(item)).join(', ')}`);
    if (pattern !== undefined) parts.push(`matching /${pattern}/`);
  }
  return parts.join(', ');
}
