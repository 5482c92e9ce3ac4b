import { join } from 'node:path';
import { ChallengeError } from '../errors.js';
import { checkValue } from './check-value.js';
import { closestName } from './closest-name.js';
import { displayPath } from './display-path.js';
import { variablesSetElsewhere } from './other-variable-sources.js';
import { readTfvarsDocument } from './read-tfvars-file.js';
import { readVariables } from './read-variables.js';
import { describeType, parseTypeExpression } from './type-expression.js';
import type { TfvarsProblem, VariableSpec } from './types.js';

/** The tfvars file does not fit the root's variables; `problems` lists every finding. */
export class TfvarsError extends ChallengeError {
  constructor(
    readonly file: string,
    readonly problems: TfvarsProblem[],
    hint: string,
  ) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    const lines = problems.map((p) => `  - ${p.line === undefined ? '' : `line ${p.line}: `}${p.message}`);
    super(`${displayPath(file)} has ${count}:\n${lines.join('\n')}`, { hint, code: 'TFVARS_INVALID' });
    this.name = 'TfvarsError';
  }
}

/** Every problem of `values` against `variables` (empty when Terraform would accept them). */
export function findTfvarsProblems(
  variables: readonly VariableSpec[],
  values: Record<string, unknown>,
  keyLines: ReadonlyMap<string, number> = new Map(),
  setElsewhere: ReadonlySet<string> = new Set(),
): TfvarsProblem[] {
  const byName = new Map(variables.map((spec) => [spec.name, spec]));
  const names = variables.map((spec) => spec.name);
  const problems: TfvarsProblem[] = [];
  const add = (variable: string, message: string): void => {
    const line = keyLines.get(variable);
    problems.push(line === undefined ? { variable, message } : { variable, message, line });
  };
  for (const [name, value] of Object.entries(values)) {
    const spec = byName.get(name);
    if (!spec) {
      const suggestion = closestName(name, names);
      add(
        name,
        suggestion
          ? `"${name}" is not a variable of this root; did you mean "${suggestion}"? Rename or remove it.`
          : `"${name}" is not a variable of this root; remove it (known variables: ${names.join(', ') || 'none'}).`,
      );
      continue;
    }
    for (const problem of checkValue(spec, value)) add(name, `"${name}": ${problem}.`);
  }
  for (const spec of variables) {
    if (spec.required && !(spec.name in values) && !setElsewhere.has(spec.name)) {
      const type = parseTypeExpression(spec.type);
      const what = type ? describeType(type) : spec.type;
      const about = spec.description ? ` (${spec.description})` : '';
      add(spec.name, `"${spec.name}"${about} is required but not set; add "${spec.name}": <${what}>.`);
    }
  }
  return problems;
}

/**
 * Checks an env's `.tfvars.json` against the variables of the Terraform root before Terraform runs.
 * Returns the values; throws a ChallengeError naming every problem (TfvarsError for value problems).
 */
export async function validateEnvTfvars(
  rootDir: string,
  tfvarsPath: string,
): Promise<Record<string, unknown>> {
  const document = await readTfvarsDocument(tfvarsPath);
  const variables = await readVariables(rootDir);
  const keyLines = new Map(document.keys.map((key) => [key.key, key.line]));
  const problems = findTfvarsProblems(
    variables,
    document.values,
    keyLines,
    await variablesSetElsewhere(rootDir),
  );
  if (problems.length > 0) {
    const declaredIn = [...new Set(variables.map((spec) => spec.file).filter((f) => f !== undefined))];
    const where =
      declaredIn.length > 0 ? declaredIn.map((f) => displayPath(join(rootDir, f))).join(', ') : rootDir;
    throw new TfvarsError(
      tfvarsPath,
      problems,
      `Edit ${displayPath(tfvarsPath)} as listed above (variables are declared in ${where}), then run the command again.`,
    );
  }
  return document.values;
}
