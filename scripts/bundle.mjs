// Builds a package's JavaScript into dist/ with esbuild: one ES module per entry point (code shared by
// several entries and code loaded with `await import()` go to dist/chunks/). tsc still emits the .d.ts.
//
// Why: Node loads one bundled file much faster than the hundreds of small modules it is made of, and the
// CLI's startup is measured (`pnpm bench`). What stays out of the bundle is loaded from node_modules at
// run time: the heavy modules that the STARTUP RULE (DEVELOPERS.md) says are imported only inside the
// function that uses them, the other workspace packages (each has its own bundle, so a class like
// ChallengeError exists once), and modules that must stay files of their own.
//
// usage: node ../../scripts/bundle.mjs <entry or folder of entries>...
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const EXTERNAL = [
  '@aws-sdk/*',
  '@smithy/*',
  '@cdktf/hcl2json',
  'listr2',
  'execa',
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

const entryPoints = process.argv.slice(2).flatMap(entriesOf);
if (entryPoints.length === 0) throw new Error('usage: bundle.mjs <entry or folder>...');

// tsc (declarations only) writes into dist/ too; only the previous bundle's JavaScript is replaced.
rmSync('dist/chunks', { recursive: true, force: true });

const result = await build({
  entryPoints,
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  external: EXTERNAL,
  sourcemap: 'linked',
  minifyWhitespace: true,
  minifySyntax: true,
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
  logLevel: 'warning',
  logOverride: { 'empty-import-meta': 'silent' },
});
if (result.metafile) writeFileSync(process.env.BUNDLE_META, JSON.stringify(result.metafile));
