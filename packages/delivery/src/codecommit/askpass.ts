import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitCredentials } from './credentials.js';

/**
 * Hands git the credentials through GIT_ASKPASS: the script only echoes variables from the environment
 * of the one git process that asks, so the secret is never in argv, a URL, .git/config or a file.
 */
export async function withAskpass<T>(
  credentials: GitCredentials,
  run: (env: Record<string, string>, secrets: string[]) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'challenge-askpass-'));
  const script = join(dir, 'askpass.sh');
  await writeFile(
    script,
    '#!/bin/sh\ncase "$1" in\n  *sername*) printf \'%s\\n\' "$CHALLENGE_GIT_USERNAME" ;;\n  *) printf \'%s\\n\' "$CHALLENGE_GIT_PASSWORD" ;;\nesac\n',
  );
  await chmod(script, 0o700);
  try {
    return await run(
      {
        GIT_ASKPASS: script,
        GIT_TERMINAL_PROMPT: '0',
        CHALLENGE_GIT_USERNAME: credentials.username,
        CHALLENGE_GIT_PASSWORD: credentials.password,
      },
      [credentials.password, credentials.username],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
