import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commandLine, pythonJsonDumps } from '../src/exec/index.js';

// The plugin's JSON arguments are Python's json.dumps text in the AWS CLI: compare with Python itself.
const pythonDumps = (value: unknown): string =>
  execFileSync(
    'python3',
    ['-c', 'import json, sys; print(json.dumps(json.loads(sys.argv[1])), end="")', JSON.stringify(value)],
    {
      encoding: 'utf8',
    },
  );

describe('the session-manager-plugin arguments', () => {
  it("writes JSON as Python's json.dumps does (separators, key order, non-ASCII escapes)", () => {
    const value = {
      sessionId: 'ecs-execute-command-0a1b',
      streamUrl: 'wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/x?role=publish_subscribe',
      tokenValue: 'AAEAA+/=',
      nested: [1, true, null, 'café ☕ 😀 "q" \\ \n\u007f'],
      Target: 'ecs:c_t_r',
    };
    expect(pythonJsonDumps(value)).toBe(pythonDumps(value));
  });

  it('joins `-- CMD ARGS...` into the one command string ExecuteCommand takes, quoting what a shell would split', () => {
    expect(commandLine([])).toBe('/bin/sh');
    expect(commandLine(['ls', '-la', '/app'])).toBe('ls -la /app');
    expect(commandLine(['sh', '-c', 'echo $HOME; exit 3'])).toBe("sh -c 'echo $HOME; exit 3'");
    expect(commandLine(['echo', "it's"])).toBe(`echo 'it'"'"'s'`);
  });
});
