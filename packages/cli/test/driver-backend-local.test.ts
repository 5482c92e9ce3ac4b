import { describe, it } from 'vitest';
import { makeRoot } from './helpers/cli.js';
import { firstInitsInOrder, PERMUTATIONS, threeEnvRoot } from './helpers/three-envs.js';

// The defect: a fresh per-env data dir made Terraform offer to "migrate" the other envs' workspaces of
// the implicit local backend, which fails with -input=false ("Error asking for state migration action").
describe('three envs of a root with backend "local" {}', () => {
  it.each(PERMUTATIONS)(
    'first inits in the order %s, %s, %s',
    async (...order) => {
      const root = await makeRoot(threeEnvRoot('terraform {\n  backend "local" {}\n}\n'));
      await firstInitsInOrder(root, order);
    },
    180_000,
  );
});
