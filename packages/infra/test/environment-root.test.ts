import { mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTerraformRoot } from '../src/index.js';

async function tree(files: Record<string, string>): Promise<string> {
  const base = await realpath(await mkdtemp(join(tmpdir(), 'find-root-')));
  for (const [path, contents] of Object.entries(files)) {
    await mkdir(join(base, path, '..'), { recursive: true });
    await writeFile(join(base, path), contents);
  }
  return base;
}

describe('findTerraformRoot without --dir', () => {
  it('a folder of .tf files with no vars/ yet and no repository around it is the root', async () => {
    const base = await tree({ 'main.tf': 'resource "terraform_data" "x" {}\n' });
    expect(await findTerraformRoot({ cwd: base })).toBe(base);
  });

  it("from a module's folder, the repository's terraform/ is the root, not the module", async () => {
    const base = await tree({
      'terraform/main.tf': 'module "m" {\n  source = "./modules/m"\n}\n',
      'terraform/modules/m/main.tf': 'variable "x" {}\n',
    });
    expect(await findTerraformRoot({ cwd: join(base, 'terraform', 'modules', 'm') })).toBe(
      join(base, 'terraform'),
    );
    expect(await findTerraformRoot({ cwd: join(base, 'terraform') })).toBe(join(base, 'terraform'));
  });

  it('a folder with no .tf files anywhere around it is refused with the flag that fixes it', async () => {
    const base = await tree({ 'notes.txt': 'x\n' });
    await expect(findTerraformRoot({ cwd: base })).rejects.toMatchObject({
      code: 'ROOT_NOT_FOUND',
      hint: expect.stringContaining('--dir'),
    });
  });
});
