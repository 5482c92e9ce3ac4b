import { readFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join } from 'node:path';

/**
 * `challenge --version` (and `--version --json`), answered from package.json without loading oclif or
 * any library: it is the CLI's cheapest command and is measured against `node -e 0` (`pnpm bench`).
 * The text is oclif's user agent (`name/version platform-arch node-vX`).
 */
export function printVersion(root: string, json: boolean): void {
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const cpu = arch() === 'ia32' ? 'x86' : arch();
  process.stdout.write(
    json
      ? `${JSON.stringify({ name, version, node: process.version, platform: platform(), arch: cpu }, null, 2)}\n`
      : `${name}/${version} ${platform()}-${cpu} node-${process.version}\n`,
  );
}
