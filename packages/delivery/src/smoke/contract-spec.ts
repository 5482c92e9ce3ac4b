import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { ChallengeError } from '@challenge/infra';

/**
 * The app's contract checks, as apps/flask-app/contract/checks.json defines them: the one definition that
 * `challenge smoke` (this package) and the pipeline's Test stage (`python -m contract`) both run.
 */
export interface ContractSpec {
  version: 1;
  candidatePrefix: string;
  checks: ContractCheck[];
}

export interface ContractCheck {
  /** May hold {candidate}. */
  name: string;
  request: { method: string; path: string; followNextPages?: number };
  expect: {
    status: number;
    json?: { fields?: Record<string, string>; listItem?: Record<string, string> };
  };
  /** What a passed check shows; placeholders {body.<field>}, {listed}, {pages}, {s:pages}, {candidate}. */
  passed: string;
}

/** Where the contract lives: the app folder's file, through the workspace dependency on flask-app. */
export function contractSpecPath(): string {
  return createRequire(import.meta.url).resolve('flask-app/contract/checks.json');
}

function isCheck(value: unknown): value is ContractCheck {
  const check = value as Partial<ContractCheck> | null;
  return (
    typeof check?.name === 'string' &&
    typeof check.passed === 'string' &&
    typeof check.request?.path === 'string' &&
    typeof check.request.method === 'string' &&
    typeof check.expect?.status === 'number'
  );
}

export async function loadContractSpec(path = contractSpecPath()): Promise<ContractSpec> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ChallengeError(
      `Cannot read the app's contract checks from ${path}: ${(error as Error).message}`,
      {
        code: 'CONTRACT_UNREADABLE',
        hint: 'Restore apps/flask-app/contract/checks.json (git checkout -- apps/flask-app/contract) and run `pnpm install`.',
      },
    );
  }
  const spec = parsed as Partial<ContractSpec> | null;
  if (spec?.version !== 1 || !Array.isArray(spec.checks) || !spec.checks.every(isCheck)) {
    throw new ChallengeError(
      `${path} is not a version 1 contract (a "checks" list of request/expect/passed).`,
      {
        code: 'CONTRACT_INVALID',
        hint: 'Fix apps/flask-app/contract/checks.json; `bash apps/flask-app/scripts/pytest.sh tests/test_contract.py` checks it.',
      },
    );
  }
  return { version: 1, candidatePrefix: spec.candidatePrefix ?? 'smoke-', checks: spec.checks };
}
