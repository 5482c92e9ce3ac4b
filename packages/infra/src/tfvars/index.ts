export { checkValue } from './check-value.js';
export { convertForVariable, describeExpectation } from './for-prompts.js';
export {
  envOfTfvarsFile,
  readTfvarsDocument,
  readTfvarsFile,
  type TfvarsDocument,
} from './read-tfvars-file.js';
export { readVariables } from './read-variables.js';
export { describeType, parseTypeExpression, type TypeNode } from './type-expression.js';
export type { TfvarsProblem, VariableSpec, VariableValidation } from './types.js';
export { findTfvarsProblems, TfvarsError, validateEnvTfvars } from './validate-env-tfvars.js';
