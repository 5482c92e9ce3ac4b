import { Args, Command, loadHelpClass } from '@oclif/core';
import { commandHelp, commandList } from '../render/help-json.js';

export default class Help extends Command {
  static override summary = 'Show the help of challenge or of one command.';
  static override examples = [
    '<%= config.bin %> help',
    '<%= config.bin %> help apply',
    '<%= config.bin %> help ship app',
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static override args = {
    command: Args.string({ description: 'The command to show the help of.', required: false }),
  };

  // main.ts renders an error the way every command does (Error/Fix, or {error} with --json).
  protected override async catch(error: Error): Promise<never> {
    throw error;
  }

  async run(): Promise<unknown> {
    const { argv } = await this.parse(Help);
    const words = (argv as string[]).filter((word) => !word.startsWith('-'));
    const id = words.join(':');
    if (id && !this.config.findCommand(id) && !this.config.findTopic(id)) {
      // Only here: help itself must not pay for the libraries' import.
      const { ChallengeError, closestName } = await import('@challenge/infra');
      const typed = words.join(' ');
      const suggestion = closestName(
        typed,
        [...this.config.commandIDs, ...this.config.topics.map((topic) => topic.name)].map((name) =>
          name.replaceAll(':', ' '),
        ),
      );
      throw new ChallengeError(`"${typed}" is not a challenge command.`, {
        code: 'UNKNOWN_COMMAND',
        hint: `${suggestion ? `Did you mean \`challenge help ${suggestion}\`? ` : ''}Run \`challenge help\` for the list of commands.`,
      });
    }
    if (this.jsonEnabled()) {
      const command = id ? this.config.findCommand(id) : undefined;
      return command
        ? commandHelp(command, this.config.bin)
        : { commands: commandList(this.config.commands.filter((c) => !id || c.id.startsWith(`${id}:`))) };
    }
    const HelpClass = await loadHelpClass(this.config);
    await new HelpClass(
      this.config,
      this.config.pjson.oclif.helpOptions ?? this.config.pjson.helpOptions,
    ).showHelp(words);
    return undefined;
  }
}
