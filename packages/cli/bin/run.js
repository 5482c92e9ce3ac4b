#!/usr/bin/env node
// CommonJS (bin/package.json): the commands bin/run.js answers itself load no ES module at all.
const { join } = require('node:path');

// The CLI supports Node >= 20.19 on purpose; the AWS SDK's notice about its own future Node 22 floor is
// meant for SDK integrators, not for people running `challenge`.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// oclif's own Node check reads its package.json and loads semver on every start; `challenge doctor` checks Node.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= 'true';

// `challenge --help | head` closes the pipe early: a reader that has seen enough is not an error. Not so
// for the commands that run or follow Terraform: they go on silently to Terraform's end and exit with its
// status (src/render/stdio.ts says the same for the oclif-free path), as they do when the terminal is gone.
const LOST_OUTPUT = ['EPIPE', 'EIO', 'ECONNRESET', 'ERR_STREAM_DESTROYED'];
const FOLLOWS_TERRAFORM = ['plan', 'apply', 'destroy', 'attach'];
function exitQuietlyOnClosedPipes() {
  const keepGoing = FOLLOWS_TERRAFORM.includes(argv[0]);
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
      if (keepGoing && LOST_OUTPUT.includes(error.code)) return;
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
}

const root = join(__dirname, '..');
// oclif sizes help to OCLIF_COLUMNS (else 80 off a terminal); COLUMNS sizes everything else: one width.
if (process.env.COLUMNS && !process.env.OCLIF_COLUMNS) process.env.OCLIF_COLUMNS = process.env.COLUMNS;
// `-h` is `--help` for every command (oclif only knows the long form); not after `--`.
const argv = process.argv.slice(2);
const endOfFlags = argv.indexOf('--');
for (let i = 0; i < (endOfFlags === -1 ? argv.length : endOfFlags); i++)
  if (argv[i] === '-h') argv[i] = '--help';

/** One of the CLI's CommonJS bundles in dist/, compiled once and kept in V8's code cache (src/code-cache.ts). */
function loadBundle(name) {
  const { requireWithCodeCache } = require('../dist/code-cache.cjs');
  return requireWithCodeCache(join(__dirname, '..', 'dist', name));
}

async function runOclif() {
  exitQuietlyOnClosedPipes();
  const { main } = await import('../dist/main.js');
  await main(argv, root);
}

if (argv[0] === '--version') {
  // Answered without oclif or any library (see src/version.ts).
  exitQuietlyOnClosedPipes();
  const end = argv.indexOf('--');
  require('../dist/version.cjs').printVersion(
    root,
    argv.slice(0, end === -1 ? undefined : end).includes('--json'),
  );
} else if (['plan', 'apply', 'destroy'].includes(argv[0])) {
  // Run without oclif when the command line allows (see src/fast-path.ts), else by oclif.
  loadBundle('fast-path.cjs')
    .runWithoutOclif(argv)
    .then((ran) => ran || runOclif());
} else if (
  (argv.length === 0 || (argv.length === 1 && argv[0] === '--help')) &&
  process.env.DEBUG === undefined
) {
  // The root help, rendered by oclif from one bundle (see src/root-help.ts).
  exitQuietlyOnClosedPipes();
  loadBundle('root-help.cjs').showRootHelp(argv, root);
} else {
  runOclif();
}
