import { ChallengeError } from '../errors.js';
import type { DecisionFlag } from './answers.js';
import type { Asker } from './asker.js';
import type { InitContext } from './context.js';
import { renderProblem } from './problems.js';

export type Verdict<T, A> =
  | { ok: true; value: T; note?: string }
  | { ok: false; problem: ChallengeError; retryDefault?: A };

/** A yes/no that a check needs: asked at a prompt; from its flag (or `default`) otherwise. */
interface Decision {
  message: string;
  flag?: DecisionFlag;
  default: boolean;
}

type Decide = (decision: Decision) => Promise<boolean>;

interface Question<A> {
  /** The default the prompt offers. */
  default: A | undefined;
  /** The answer that just failed its check, when asking again. */
  retry?: A;
}

/**
 * One question of init. `check` is the single validation of an answer, whether it came from a flag
 * (refused with the problem), from what the env already has, or from the prompt (the problem is shown
 * and the question asked again).
 */
export interface StepSpec<A, T> {
  name: string;
  /** How the missing answer is named when init cannot ask: "--region <name>". */
  missingFlag: string | ((ctx: InitContext) => string);
  /** False when the question does not concern this root (its variable is not declared). */
  applies?(ctx: InitContext): boolean;
  /** False until the answers this one builds on are settled (non-interactive: an earlier one failed). */
  ready?(ctx: InitContext): boolean;
  /**
   * Without a terminal, when `ready` is false (an answer this one builds on failed): the checks of a
   * given answer that need nothing else (its shape), so every problem is reported in one run.
   */
  checkAlone?(ctx: InitContext, answer: A): Promise<Verdict<T, A>>;
  /** The answer given as a flag. */
  given(ctx: InitContext): A | undefined;
  /** The answer this run already has without asking: left by a failed run, or in the env's files. */
  current(ctx: InitContext): A | undefined;
  /** A default for the prompt only (never taken without asking). */
  suggestion?(ctx: InitContext): A | undefined;
  /** At a prompt, a current answer that passes its check is kept without asking. */
  keepsCurrent?: boolean;
  ask(ctx: InitContext, asker: Asker, question: Question<A>): Promise<A>;
  check(ctx: InitContext, answer: A, decide: Decide): Promise<Verdict<T, A>>;
  settle(ctx: InitContext, value: T, answer: A): void;
}

export interface StepRun {
  /** Undefined when init cannot prompt: problems are collected instead of asked again. */
  asker: Asker | undefined;
  log(line: string): void;
  missing: string[];
  problems: ChallengeError[];
}

export interface InitStep {
  name: string;
  run(ctx: InitContext, run: StepRun): Promise<void>;
}

function decider(ctx: InitContext, asker: Asker | undefined): Decide {
  return async ({ message, flag, default: fallback }) => {
    if (flag === undefined) return asker ? asker.confirm({ message, default: fallback }) : fallback;
    if (ctx.flags[flag]) return true;
    const pending = ctx.env?.pending?.[flag];
    if (!asker) return pending === true;
    return asker.confirm({ message, default: pending ?? fallback });
  };
}

/** A problem an answer has, as a verdict; any other error is thrown on. */
export async function refusing<T, A>(
  check: () => Promise<Verdict<T, A>>,
  codes?: readonly string[],
): Promise<Verdict<T, A>> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof ChallengeError && (codes === undefined || codes.includes(error.code))) {
      return { ok: false, problem: error };
    }
    throw error;
  }
}

export function defineStep<A, T>(spec: StepSpec<A, T>): InitStep {
  return {
    name: spec.name,
    async run(ctx, run) {
      if (spec.applies && !spec.applies(ctx)) return;
      const { asker } = run;
      const given = spec.given(ctx);
      const current = spec.current(ctx);
      if (!asker && given === undefined && current === undefined) {
        run.missing.push(typeof spec.missingFlag === 'string' ? spec.missingFlag : spec.missingFlag(ctx));
        return;
      }
      if (spec.ready && !spec.ready(ctx)) {
        if (!asker && given !== undefined && spec.checkAlone) {
          const verdict = await spec.checkAlone(ctx, given);
          if (!verdict.ok) run.problems.push(verdict.problem);
        }
        return;
      }
      const decide = decider(ctx, asker);
      let answer = given ?? (!asker || spec.keepsCurrent ? current : undefined);
      let question: Question<A> = { default: current ?? spec.suggestion?.(ctx) };
      for (;;) {
        if (answer === undefined) {
          if (!asker) return;
          answer = await spec.ask(ctx, asker, question);
        }
        const verdict = await spec.check(ctx, answer, decide);
        if (verdict.ok) {
          if (verdict.note) run.log(verdict.note);
          spec.settle(ctx, verdict.value, answer);
          return;
        }
        if (!asker) {
          run.problems.push(verdict.problem);
          return;
        }
        run.log(renderProblem(verdict.problem));
        question = { default: verdict.retryDefault ?? question.default, retry: answer };
        answer = undefined;
      }
    },
  };
}
