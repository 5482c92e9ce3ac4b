import { convertValue, isPlainObject } from './convert-value.js';
import { parseTypeExpression, type TypeNode } from './type-expression.js';
import type { VariableSpec, VariableValidation } from './types.js';

const parsedTypes = new Map<string, TypeNode | undefined>();

function typeOf(spec: VariableSpec): TypeNode | undefined {
  if (!parsedTypes.has(spec.type)) parsedTypes.set(spec.type, parseTypeExpression(spec.type));
  return parsedTypes.get(spec.type);
}

/**
 * Problems with one value for a variable (empty when fine): type mismatches by Terraform's own conversion
 * rules, null where the variable may not be null, and the validation rules we could read. Messages say
 * what is expected; values of sensitive variables are never repeated.
 */
export function checkValue(spec: VariableSpec, value: unknown): string[] {
  if (value === null) return checkNull(spec);
  const type = typeOf(spec);
  let converted: unknown = value;
  if (type) {
    const conversion = convertValue(type, value, { reveal: !spec.sensitive });
    if (!conversion.ok) return conversion.problems;
    converted = conversion.value;
  }
  const problems: string[] = [];
  for (const validation of spec.validations) {
    const failure = firstBrokenRule(
      validation,
      converted,
      spec.sensitive ? 'the value' : JSON.stringify(converted),
    );
    if (failure) problems.push(`${failure} (validation: ${JSON.stringify(validation.errorMessage)})`);
  }
  return problems;
}

function checkNull(spec: VariableSpec): string[] {
  if (!spec.nullable) {
    // Terraform replaces null by the default of a non-nullable variable.
    return spec.hasDefault
      ? []
      : ['must not be null (the variable has nullable = false and no default); set a value'];
  }
  // Comparisons, length() and regex() fail on null unless the condition starts with `var.x == null ||`.
  const unguarded = spec.validations.find(
    (v) => !v.allowsNull && (v.range || v.length || v.oneOf || v.pattern !== undefined),
  );
  return unguarded
    ? [
        `must not be null: its validation cannot check null (validation: ${JSON.stringify(unguarded.errorMessage)}); set a value`,
      ]
    : [];
}

function firstBrokenRule(validation: VariableValidation, value: unknown, shown: string): string | undefined {
  const { range, length, oneOf, pattern } = validation;
  if (range && typeof value === 'number') {
    const broken = outside(range, value);
    if (broken) return `${shown} is out of range: must be ${broken}`;
  }
  if (length) {
    const size = lengthOf(value);
    const broken = size === undefined ? undefined : outside(length, size);
    if (broken) return `${shown} has length ${size}: the length must be ${broken}`;
  }
  if (oneOf && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
    const found =
      typeof value === 'number'
        ? oneOf.some((item) => Number(item) === value)
        : oneOf.includes(String(value));
    if (!found) return `${shown} is not one of ${oneOf.map((item) => JSON.stringify(item)).join(', ')}`;
  }
  if (pattern !== undefined && (typeof value === 'string' || typeof value === 'number')) {
    const regex = compileRe2(pattern);
    if (regex && !regex.test(String(value))) return `${shown} does not match the pattern /${pattern}/`;
  }
  return undefined;
}

function outside(
  range: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean },
  value: number,
): string | undefined {
  const { min, max, minExclusive, maxExclusive } = range;
  const belowMin = min !== undefined && (minExclusive ? value <= min : value < min);
  const aboveMax = max !== undefined && (maxExclusive ? value >= max : value > max);
  if (!belowMin && !aboveMax) return undefined;
  if (min !== undefined && max !== undefined && !minExclusive && !maxExclusive) {
    return min === max ? `${min}` : `between ${min} and ${max}`;
  }
  const parts: string[] = [];
  if (min !== undefined) parts.push(minExclusive ? `greater than ${min}` : `at least ${min}`);
  if (max !== undefined) parts.push(maxExclusive ? `less than ${max}` : `at most ${max}`);
  return parts.join(' and ');
}

// Built on first use: constructing a Segmenter loads ICU data (~15 ms), which every command that
// imports this module would otherwise pay at startup.
let graphemes: Intl.Segmenter | undefined;

/** Terraform's length(): characters of a string, elements of a list, keys of a map or object. */
function lengthOf(value: unknown): number | undefined {
  if (typeof value === 'string') {
    graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    return [...graphemes.segment(value)].length;
  }
  if (Array.isArray(value)) return value.length;
  if (isPlainObject(value)) return Object.keys(value).length;
  return undefined;
}

const compiled = new Map<string, RegExp | undefined>();

/** RE2 (Terraform) patterns as JS RegExp where they mean the same; undefined when JS cannot read one. */
function compileRe2(pattern: string): RegExp | undefined {
  if (compiled.has(pattern)) return compiled.get(pattern);
  // RE2 syntax JavaScript reads differently or not at all: POSIX classes, \A \z \Q…\E \C, \pL.
  if (/\[:\^?[a-z]+:\]|\\[AzQEC]|\\[pP][A-Za-z]/.test(pattern)) {
    compiled.set(pattern, undefined);
    return undefined;
  }
  let source = pattern.replace(/\(\?P</g, '(?<');
  let flags = '';
  const leadingFlags = /^\(\?([imsU]+)\)/.exec(source);
  if (leadingFlags) {
    if (leadingFlags[1]!.includes('U')) {
      compiled.set(pattern, undefined);
      return undefined;
    }
    flags = leadingFlags[1]!;
    source = source.slice(leadingFlags[0].length);
  }
  let regex: RegExp | undefined;
  for (const extra of ['u', '']) {
    try {
      regex = new RegExp(source, flags + extra);
      break;
    } catch {
      // try the next flag set; a pattern JS cannot read is left to Terraform
    }
  }
  compiled.set(pattern, regex);
  return regex;
}
