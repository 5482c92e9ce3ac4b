import { ChallengeError } from '../../errors.js';
import { convertForVariable, describeExpectation } from '../../tfvars/for-prompts.js';
import type { VariableSpec } from '../../tfvars/types.js';
import type { InitContext } from '../context.js';
import { realAnswer } from '../placeholders.js';
import { defineStep, type InitStep } from '../step.js';

function parseText(spec: VariableSpec, text: string): unknown {
  if (spec.type === 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isHandled(ctx: InitContext, spec: VariableSpec): boolean {
  return Object.values(ctx.handled).some((handled) => handled?.name === spec.name);
}

/**
 * A plain variable of the root: required ones always, optional ones with --advanced (or when given as
 * --var). The value is checked against its type and validation rules, and written with that type.
 */
export function variableStep(spec: VariableSpec): InitStep {
  return defineStep<string, unknown>({
    name: `variable ${spec.name}`,
    missingFlag: `--var ${spec.name}=<value>`,
    applies: (ctx) =>
      !isHandled(ctx, spec) &&
      (ctx.flags.vars?.[spec.name] !== undefined || spec.required || (ctx.advanced && ctx.interactive)),
    given: (ctx) => ctx.flags.vars?.[spec.name],
    current: (ctx) => ctx.env?.pending?.vars?.[spec.name] ?? asText(realAnswer(ctx.env?.tfvars[spec.name])),
    suggestion: () => asText(realAnswer(spec.default)),
    ask: (_ctx, asker, question) =>
      asker.input({
        message: `${spec.name}${spec.description ? ` — ${spec.description}` : ''} (${describeExpectation(spec)})`,
        ...(question.default === undefined ? {} : { default: question.default }),
      }),
    check: async (_ctx, text) => {
      const converted = convertForVariable(spec, parseText(spec, text));
      if (converted.ok) return { ok: true, value: converted.value };
      return {
        ok: false,
        problem: new ChallengeError(`Variable ${spec.name}: ${converted.problems.join(' ')}`, {
          hint: `Give a value that is ${describeExpectation(spec)} (--var ${spec.name}=<value>).`,
          code: 'INIT_INVALID_VAR',
        }),
      };
    },
    settle: (ctx, value, text) => {
      ctx.values[spec.name] = value;
      ctx.texts[spec.name] = text;
    },
  });
}
