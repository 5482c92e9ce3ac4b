import { ChallengeError, closestName } from '@challenge/infra';
import type { Hook } from '@oclif/core';

/**
 * An unknown command: exit 1 with the closest command ("did you mean") and where the list is. Replaces
 * @oclif/plugin-not-found, which prompts on a terminal and exits 127 elsewhere.
 */
const hook: Hook.CommandNotFound = async (options) => {
  const typed = options.id.replaceAll(':', ' ');
  if (typed.startsWith('-')) {
    throw new ChallengeError(`${typed} is not an option of challenge itself.`, {
      code: 'USAGE_ERROR',
      hint: 'Put it after a command (`challenge <command> --help` lists its flags), or run `challenge help`.',
    });
  }
  const commands = [...options.config.commandIDs.map((id) => id.replaceAll(':', ' ')), 'help'];
  const suggestion = closestName(typed, commands);
  throw new ChallengeError(`"${typed}" is not a challenge command.`, {
    code: 'UNKNOWN_COMMAND',
    hint: `${suggestion ? `Did you mean \`challenge ${suggestion}\`? ` : ''}Run \`challenge help\` for the list of commands.`,
  });
};

export default hook;
