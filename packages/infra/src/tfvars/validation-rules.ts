import { type ExpressionNode, expressionTree, unescapeHclString } from './hcl.js';
import type { VariableValidation } from './types.js';

type Rules = Pick<VariableValidation, 'range' | 'oneOf' | 'pattern' | 'length' | 'allowsNull'>;
type Bound = { value: number; exclusive: boolean };
type Comparison = 'greaterThan' | 'greaterThanOrEqual' | 'lessThan' | 'lessThanOrEqual' | 'equal';

const MIRRORED: Record<Comparison, Comparison> = {
  greaterThan: 'lessThan',
  greaterThanOrEqual: 'lessThanOrEqual',
  lessThan: 'greaterThan',
  lessThanOrEqual: 'greaterThanOrEqual',
  equal: 'equal',
};

/**
 * Reads the rules a validation condition states about `var.<name>` in forms we can check offline:
 * comparisons with number literals (of the value or its `length()`), `contains([...], var.x)` and
 * `can(regex("...", var.x))`, joined by `&&`. Parts of an `&&` we cannot read are skipped (the parts we
 * read must still hold); an `||` is read only as the null guard `var.x == null || …`.
 */
export async function readValidationRules(variable: string, condition: string): Promise<Rules> {
  const tree = await expressionTree(condition);
  const rules = new RuleSet(`var.${variable}`);
  if (tree) rules.collectTopLevel(tree);
  return rules.result();
}

class RuleSet {
  private readonly range: { min?: Bound; max?: Bound } = {};
  private readonly length: { min?: Bound; max?: Bound } = {};
  private oneOf: string[] | undefined;
  private pattern: string | undefined;

  private allowsNull = false;

  constructor(private readonly subject: string) {}

  /** Like collect, but notes a top-level null guard: the rules then only apply to non-null values. */
  collectTopLevel(node: ExpressionNode): void {
    const inner = unwrapParentheses(node);
    if (inner.type === 'binaryOp' && (inner.meta as { operator: string }).operator === 'logicalOr') {
      const [left, right] = inner.children;
      this.allowsNull = (!!left && this.isNullCheck(left)) || (!!right && this.isNullCheck(right));
    }
    this.collect(inner);
  }

  collect(node: ExpressionNode): void {
    const inner = unwrapParentheses(node);
    if (inner.type === 'binaryOp') {
      const operator = (inner.meta as { operator: string }).operator;
      const [left, right] = inner.children;
      if (!left || !right) return;
      if (operator === 'logicalAnd') {
        this.collect(left);
        this.collect(right);
      } else if (operator === 'logicalOr') {
        if (this.isNullCheck(left)) this.collect(right);
        else if (this.isNullCheck(right)) this.collect(left);
      } else if (operator in MIRRORED) {
        this.collectComparison(operator as Comparison, left, right);
      }
    } else if (inner.type === 'function') {
      this.collectFunction(inner);
    }
  }

  private collectComparison(operator: Comparison, left: ExpressionNode, right: ExpressionNode): void {
    let target = this.subjectOf(left);
    let literal = numberLiteral(right);
    let op = operator;
    if (target === undefined || literal === undefined) {
      target = this.subjectOf(right);
      literal = numberLiteral(left);
      op = MIRRORED[operator];
    }
    if (target === undefined || literal === undefined) return;
    const bounds = target === 'value' ? this.range : this.length;
    if (op === 'greaterThan' || op === 'greaterThanOrEqual' || op === 'equal') {
      tighten(bounds, 'min', { value: literal, exclusive: op === 'greaterThan' });
    }
    if (op === 'lessThan' || op === 'lessThanOrEqual' || op === 'equal') {
      tighten(bounds, 'max', { value: literal, exclusive: op === 'lessThan' });
    }
  }

  private collectFunction(node: ExpressionNode): void {
    const name = (node.meta as { name: string }).name;
    const [first, second] = node.children;
    if (name === 'contains' && first && second && this.isSubject(second)) {
      const items = unwrapParentheses(first);
      if (items.type !== 'tuple') return;
      const values = items.children.map(literalText);
      if (values.every((value): value is string => value !== undefined)) {
        this.oneOf = this.oneOf ? this.oneOf.filter((value) => values.includes(value)) : values;
      }
    } else if (name === 'can' && first && node.children.length === 1) {
      const call = unwrapParentheses(first);
      if (call.type !== 'function' || (call.meta as { name: string }).name !== 'regex') return;
      const [patternNode, input] = call.children;
      const pattern = patternNode ? stringLiteral(patternNode) : undefined;
      if (pattern !== undefined && input && this.isSubject(input) && this.pattern === undefined) {
        this.pattern = pattern;
      }
    }
  }

  /** 'value' for var.x, 'length' for length(var.x). */
  private subjectOf(node: ExpressionNode): 'value' | 'length' | undefined {
    const inner = unwrapParentheses(node);
    if (this.isSubject(inner)) return 'value';
    if (inner.type === 'function' && (inner.meta as { name: string }).name === 'length') {
      const [argument] = inner.children;
      if (inner.children.length === 1 && argument && this.isSubject(argument)) return 'length';
    }
    return undefined;
  }

  private isSubject(node: ExpressionNode): boolean {
    const inner = unwrapParentheses(node);
    return (
      inner.type === 'scopeTraversal' &&
      (inner.meta as { fullAccessor: string }).fullAccessor === this.subject
    );
  }

  private isNullCheck(node: ExpressionNode): boolean {
    const inner = unwrapParentheses(node);
    if (inner.type !== 'binaryOp' || (inner.meta as { operator: string }).operator !== 'equal') return false;
    const [left, right] = inner.children;
    return (
      !!left &&
      !!right &&
      ((this.isSubject(left) && isNull(right)) || (this.isSubject(right) && isNull(left)))
    );
  }

  result(): Rules {
    const rules: Rules = {};
    const range = toRange(this.range);
    if (range) rules.range = range;
    const length = lengthRange(this.length);
    if (length) rules.length = length;
    if (this.oneOf) rules.oneOf = this.oneOf;
    if (this.pattern !== undefined) rules.pattern = this.pattern;
    if (this.allowsNull) rules.allowsNull = true;
    return rules;
  }
}

function tighten(bounds: { min?: Bound; max?: Bound }, side: 'min' | 'max', bound: Bound): void {
  const current = bounds[side];
  const tighter =
    !current ||
    (side === 'min' ? bound.value > current.value : bound.value < current.value) ||
    (bound.value === current.value && bound.exclusive);
  if (tighter) bounds[side] = bound;
}

function toRange(bounds: { min?: Bound; max?: Bound }): VariableValidation['range'] | undefined {
  if (!bounds.min && !bounds.max) return undefined;
  const range: NonNullable<VariableValidation['range']> = {};
  if (bounds.min) {
    range.min = bounds.min.value;
    if (bounds.min.exclusive) range.minExclusive = true;
  }
  if (bounds.max) {
    range.max = bounds.max.value;
    if (bounds.max.exclusive) range.maxExclusive = true;
  }
  return range;
}

/** Lengths are whole numbers: `length(var.x) > 0` means at least 1. */
function lengthRange(bounds: { min?: Bound; max?: Bound }): VariableValidation['length'] | undefined {
  if (!bounds.min && !bounds.max) return undefined;
  const length: NonNullable<VariableValidation['length']> = {};
  if (bounds.min)
    length.min = bounds.min.exclusive ? Math.floor(bounds.min.value) + 1 : Math.ceil(bounds.min.value);
  if (bounds.max)
    length.max = bounds.max.exclusive ? Math.ceil(bounds.max.value) - 1 : Math.floor(bounds.max.value);
  return length;
}

function unwrapParentheses(node: ExpressionNode): ExpressionNode {
  let current = node;
  while (current.type === ('' as string) && current.children.length === 1) current = current.children[0]!;
  return current;
}

function isNull(node: ExpressionNode): boolean {
  const inner = unwrapParentheses(node);
  return inner.type === 'literalValue' && (inner.meta as { value: string }).value === 'null';
}

function numberLiteral(node: ExpressionNode): number | undefined {
  const inner = unwrapParentheses(node);
  if (inner.type === 'literalValue' && (inner.meta as { type: string }).type === 'number') {
    const value = Number((inner.meta as { value: string }).value);
    return Number.isFinite(value) ? value : undefined;
  }
  if (inner.type === 'unaryOp' && (inner.meta as { operator: string }).operator === 'negate') {
    const [operand] = inner.children;
    const value = operand ? numberLiteral(operand) : undefined;
    return value === undefined ? undefined : -value;
  }
  return undefined;
}

function stringLiteral(node: ExpressionNode): string | undefined {
  const inner = unwrapParentheses(node);
  if (inner.type !== 'template') return undefined;
  if (inner.children.length === 0) return '';
  const [only] = inner.children;
  if (inner.children.length !== 1 || !only || only.type !== 'literalValue') return undefined;
  return unescapeHclString((only.meta as { value: string }).value);
}

/** A literal element of a `contains` list as text: strings decoded, numbers and bools as written. */
function literalText(node: ExpressionNode): string | undefined {
  const text = stringLiteral(node);
  if (text !== undefined) return text;
  const number = numberLiteral(node);
  if (number !== undefined) return String(number);
  const inner = unwrapParentheses(node);
  if (inner.type === 'literalValue' && (inner.meta as { type: string }).type === 'bool') {
    return (inner.meta as { value: string }).value;
  }
  return undefined;
}
