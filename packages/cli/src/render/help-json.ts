import type { Command } from '@oclif/core';

interface FlagHelp {
  name: string;
  char?: string | undefined;
  description?: string | undefined;
  required: boolean;
  /** boolean: a switch; option: takes a value. */
  type: 'boolean' | 'option';
  options?: readonly string[] | undefined;
  default?: unknown;
  env?: string | undefined;
}

export interface CommandHelp {
  /** As typed: "ship app". */
  command: string;
  summary?: string | undefined;
  description?: string | undefined;
  args: Array<{ name: string; description?: string | undefined; required: boolean }>;
  flags: FlagHelp[];
  examples: string[];
}

const typed = (id: string) => id.replaceAll(':', ' ');

/** One command's help as data: what `challenge help <command> --json` prints. */
export function commandHelp(command: Command.Loadable, bin: string): CommandHelp {
  const examples = (command.examples ?? []).map((example) =>
    (typeof example === 'string' ? example : example.command).replaceAll('<%= config.bin %>', bin),
  );
  return {
    command: typed(command.id),
    summary: command.summary,
    description: command.description,
    args: Object.entries(command.args ?? {}).map(([name, arg]) => ({
      name,
      description: arg.description,
      required: Boolean(arg.required),
    })),
    flags: Object.entries(command.flags ?? {})
      .filter(([, flag]) => !flag.hidden)
      .map(([name, flag]) => ({
        name,
        char: flag.char,
        description: flag.summary ?? flag.description,
        required: Boolean(flag.required),
        type: flag.type,
        options: flag.type === 'option' ? flag.options : undefined,
        default: flag.default,
        env: flag.env,
      })),
    examples,
  };
}

/** The command list: what `challenge help --json` prints. */
export function commandList(
  commands: readonly Command.Loadable[],
): Array<{ command: string; summary?: string }> {
  return commands
    .filter((command) => !command.hidden)
    .map((command) => ({ command: typed(command.id), summary: command.summary ?? command.description }))
    .sort((a, b) => a.command.localeCompare(b.command));
}
