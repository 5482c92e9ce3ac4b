#!/usr/bin/env node
import { fileURLToPath } from 'node:url';

// The CLI supports Node >= 20.19 on purpose; the AWS SDK's notice about its own future Node 22 floor is
// meant for SDK integrators, not for people running `challenge`.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// oclif's own Node check reads its package.json and loads semver on every start; `challenge doctor` checks Node.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= 'true';

// `challenge --help | head` closes the pipe early: a reader that has seen enough is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
if (argv[0] === '--version') {
  // Answered without oclif or any library (see src/version.ts).
  const { printVersion } = await import('../dist/version.js');
  const end = argv.indexOf('--');
  printVersion(root, argv.slice(0, end === -1 ? undefined : end).includes('--json'));
} else {
  const { main } = await import('../dist/main.js');
  await main(argv, root);
}
