import { type Command, Help, type Interfaces } from '@oclif/core';

type Render = (input: string) => string;

/** oclif renders every help text through ejs (a compile per text); only texts with a tag need it. */
function onlyTemplates(render: Render): Render {
  return (input) => (input.includes('<%') ? render(input) : input);
}

/** Commands in the order a first deployment uses them; the rest follow alphabetically. */
const WORKFLOW_ORDER = [
  'init',
  'doctor',
  'plan',
  'apply',
  'ship:app',
  'approve',
  'status',
  'smoke',
  'logs',
  'drift',
  'rollback',
  'promote',
  'destroy',
];

/** oclif's help, minus the ejs compile of plain texts (help is measured against `node -e 0`). */
export default class ChallengeHelp extends Help {
  constructor(config: Interfaces.Config, options?: Partial<Interfaces.HelpOptions>) {
    super(config, options);
    this.render = onlyTemplates(this.render);
  }

  /** The root help lists commands in the order of a first deployment, then the others, not alphabetically. */
  protected override async showRootHelp(): Promise<void> {
    const visible = this.sortedCommands.filter((command) => command.id && !command.hidden);
    const rank = (id: string) => {
      const at = WORKFLOW_ORDER.indexOf(id);
      return at === -1 ? WORKFLOW_ORDER.length : at;
    };
    const ordered = [...visible].sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
    this.log(this.formatRoot());
    this.log('');
    this.log(this.formatCommands(ordered));
    this.log('');
  }

  protected override getCommandHelpClass(command: Command.Loadable) {
    const help = super.getCommandHelpClass(command);
    help.render = onlyTemplates(help.render);
    return help;
  }
}
