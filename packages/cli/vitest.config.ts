import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // These e2e files mostly wait on the CLI and Terraform processes they spawn; vitest's default on a
    // 2-core machine (cores - 1 = one file at a time) leaves a core idle while they do.
    maxWorkers: 2,
  },
});
