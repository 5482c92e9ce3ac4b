// Builds a package's JavaScript into dist/ with esbuild: one ES module per entry point (code shared by
// several entries and code loaded with `await import()` go to dist/chunks/). tsc still emits the .d.ts.
//
// Why: Node loads one bundled file much faster than the hundreds of small modules it is made of, and the
// CLI's startup is measured (`pnpm bench`). What stays out of the bundle is loaded from node_modules at
// run time: the heavy modules that the STARTUP RULE (DEVELOPERS.md) says are imported only inside the
// function that uses them, the other workspace packages (each has its own bundle, so a class like
// ChallengeError exists once), and modules that must stay files of their own.
//
// With --cjs, each entry becomes one self-contained CommonJS file, dist/<name>.cjs, with no chunks: what
// bin/run.js loads for --version and for the oclif-free plan/apply/destroy (src/fast-path.ts). One file
// compiles faster than an ES module graph, CommonJS needs no ES module loader, and bin/run.js can keep
// V8's code cache for it (src/code-cache.ts).
//
// usage: node ../../scripts/bundle.mjs [--cjs] <entry or folder of entries>...
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const EXTERNAL = [
  '@aws-sdk/*',
  '@smithy/*',
  '@cdktf/hcl2json',
  'listr2',
  'execa',
  '@inquirer/*',
  '@challenge/*',
  // native or optional modules that oclif or a test loads by path
  'node-pty',
  'typescript',
  'ts-node',
  'tsx',
];

function entriesOf(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

const args = process.argv.slice(2);
const cjs = args.includes('--cjs');
const entryPoints = args.filter((arg) => arg !== '--cjs').flatMap(entriesOf);
if (entryPoints.length === 0) throw new Error('usage: bundle.mjs [--cjs] <entry or folder>...');

const common = {
  entryPoints,
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  sourcemap: 'linked',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};

if (cjs) {
  // import() of a dependency becomes require() (Node >= 20.19 and 22.12 require ES modules too): code
  // compiled through node:vm, as bin/run.js's code cache does, cannot run import().
  await build({
    ...common,
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    supported: { 'dynamic-import': false },
  });
} else {
  // tsc (declarations only) writes into dist/ too; only the previous bundle's JavaScript is replaced.
  rmSync('dist/chunks', { recursive: true, force: true });
  const result = await build({
    ...common,
    splitting: true,
    format: 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    // CommonJS dependencies bundled into an ES module still call require() and read __dirname.
    banner: {
      js: [
        "import { createRequire as __bundleRequire } from 'node:module';",
        "import { dirname as __bundleDirname } from 'node:path';",
        "import { fileURLToPath as __bundlePath } from 'node:url';",
        'const require = __bundleRequire(import.meta.url);',
        'const __filename = __bundlePath(import.meta.url);',
        'const __dirname = __bundleDirname(__filename);',
      ].join(' '),
    },
    metafile: Boolean(process.env.BUNDLE_META),
    logOverride: { 'empty-import-meta': 'silent' },
  });
  if (result.metafile) writeFileSync(process.env.BUNDLE_META, JSON.stringify(result.metafile));
}
