import { type Command, Help, type Interfaces } from '@oclif/core';

type Render = (input: string) => string;

/** oclif renders every help text through ejs (a compile per text); only texts with a tag need it. */
function onlyTemplates(render: Render): Render {
  return (input) => (input.includes('<%') ? render(input) : input);
}

/** oclif's help, minus the ejs compile of plain texts (help is measured against `node -e 0`). */
export default class ChallengeHelp extends Help {
  constructor(config: Interfaces.Config, options?: Partial<Interfaces.HelpOptions>) {
    super(config, options);
    this.render = onlyTemplates(this.render);
  }

  protected override getCommandHelpClass(command: Command.Loadable) {
    const help = super.getCommandHelpClass(command);
    help.render = onlyTemplates(help.render);
    return help;
  }
}
