/** The prompts init needs; the CLI passes @inquirer/prompts, tests can pass scripted answers. */
export interface Choice<T extends string> {
  name: string;
  value: T;
  description?: string;
}

export interface Asker {
  select<T extends string>(question: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  input(question: {
    message: string;
    default?: string;
    validate?: (value: string) => true | string | Promise<true | string>;
  }): Promise<string>;
  confirm(question: { message: string; default?: boolean }): Promise<boolean>;
}
