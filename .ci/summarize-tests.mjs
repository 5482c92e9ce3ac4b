// Sums the results every test runner printed in a CI log (vitest, pytest, terraform test) into one
// line, "N passed, N failed". Usage: node .ci/summarize-tests.mjs <log file>
import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

const log = stripVTControlCharacters(readFileSync(process.argv[2], 'utf8'));
let passed = 0;
let failed = 0;
const count = (text, word) => Number(new RegExp(`(\\d+) ${word}`).exec(text)?.[1] ?? 0);

for (const line of log.split('\n')) {
  // vitest: "      Tests  2 failed | 86 passed (88)"; "      Errors  1 error" (unhandled errors fail the run)
  if (/^\S*:?\s*Tests\s+\d/.test(line.replace(/^[^ ]+: /, ''))) {
    passed += count(line, 'passed');
    failed += count(line, 'failed');
  } else if (/^\s*Errors\s+\d+ errors?/.test(line.replace(/^[^ ]+: /, ''))) {
    failed += count(line, 'errors?');
  } else if (/=+ .*\d+ (passed|failed|errors?).* in [\d.]+s/.test(line)) {
    // pytest: "==== 1 failed, 103 passed, 2 errors in 41.93s ===="
    passed += count(line, 'passed');
    failed += count(line, 'failed') + count(line, 'errors?');
  } else if (/(Success|Failure)! \d+ passed, \d+ failed/.test(line)) {
    // terraform test: "Success! 20 passed, 0 failed."
    passed += count(line, 'passed');
    failed += count(line, 'failed');
  }
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
