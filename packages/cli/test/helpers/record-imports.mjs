// `node --import ./record-imports.mjs …`: appends every module the process resolves (ES modules through a
// resolve hook, CommonJS through the require resolver) to the file named by CHALLENGE_RECORD_IMPORTS.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const file = process.env.CHALLENGE_RECORD_IMPORTS;
if (file) {
  register(new URL('./record-imports-hooks.mjs', import.meta.url), { data: { file } });
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function recordResolved(...args) {
    const resolved = resolveFilename.apply(this, args);
    appendFileSync(file, `${resolved}\n`);
    return resolved;
  };
}
