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
  // A typo of a topic ("shipp") suggests its command when it has one ("ship app"), else its help.
  const suggestions = new Map<string, string>([['help', 'help']]);
  const ids = options.config.commandIDs.map((id) => id.replaceAll(':', ' '));
  for (const id of ids) {
    suggestions.set(id, id);
    const [topic] = id.split(' ');
    if (topic && topic !== id && !suggestions.has(topic)) {
      const inTopic = ids.filter((other) => other.startsWith(`${topic} `));
      suggestions.set(topic, inTopic.length === 1 ? id : `help ${topic}`);
    }
  }
  const closest = closestName(typed, [...suggestions.keys()], { strict: true });
  const suggestion = closest === undefined ? undefined : suggestions.get(closest);
  throw new ChallengeError(`"${typed}" is not a challenge command.`, {
    code: 'UNKNOWN_COMMAND',
    hint: `${suggestion ? `Did you mean \`challenge ${suggestion}\`? ` : ''}Run \`challenge help\` for the list of commands.`,
  });
};

export default hook;
