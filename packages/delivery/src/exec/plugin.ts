import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

export const PLUGIN_NAME = 'session-manager-plugin';

/** Where AWS documents installing the plugin (the AWS CLI's own "not found" message points there too). */
export const PLUGIN_INSTALL_URL =
  'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html';

/**
 * The session-manager-plugin executable the AWS CLI would run (`check_call(["session-manager-plugin"])`
 * searches PATH), or undefined. Looked up without running it, so nothing is printed.
 */
export async function findSessionManagerPlugin(
  path = process.env['PATH'] ?? '',
): Promise<string | undefined> {
  const names = process.platform === 'win32' ? [`${PLUGIN_NAME}.exe`] : [PLUGIN_NAME];
  for (const dir of path.split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}
