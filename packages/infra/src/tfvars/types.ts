/** One `validation` block of a variable, with the rules we could read from its condition. */
export interface VariableValidation {
  /** The condition as written, without the `${…}` wrapper hcl2json adds. */
  condition: string;
  errorMessage: string;
  /** Numeric bounds read from comparisons such as `var.x >= 0 && var.x <= 2`. */
  range?: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean };
  /** Allowed values read from `contains([...], var.x)`, as written (numbers and bools as text). */
  oneOf?: string[];
  /** Pattern read from `can(regex("...", var.x))` (RE2 syntax, as Terraform applies it). */
  pattern?: string;
  /** Bounds on `length(var.x)` (characters of a string, elements of a collection). */
  length?: { min?: number; max?: number };
  /** The condition starts with `var.x == null ||`: the rules above apply to non-null values only. */
  allowsNull?: boolean;
}

/** A root module's input variable, as declared in its `variable` block. */
export interface VariableSpec {
  name: string;
  /** HCL type expression as written (`map(string)`), `any` if absent. */
  type: string;
  description?: string;
  hasDefault: boolean;
  default?: unknown;
  /** No default: the tfvars file must set it. */
  required: boolean;
  sensitive: boolean;
  nullable: boolean;
  validations: VariableValidation[];
  /** File (relative to the root) that declares the variable. */
  file?: string;
}

/** One problem found in an env's tfvars file. */
export interface TfvarsProblem {
  /** The variable concerned, absent for problems of the whole file. */
  variable?: string;
  /** What is wrong and how to fix it, one sentence or two. */
  message: string;
  /** 1-based position in the tfvars file when known. */
  line?: number;
  column?: number;
}
