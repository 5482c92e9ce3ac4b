import {
  type Asker,
  ChallengeError,
  canPrompt,
  displayPath,
  type InitResult,
  InterruptedError,
  runInit,
} from '@challenge/infra';
import { confirm, input, select } from '@inquirer/prompts';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { envFlags, yesFlag } from '../flags.js';
import { terminalWidth } from '../render/wrap.js';
import { wrapBlock } from '../render/wrap-block.js';

/** Ctrl-C inside an inquirer prompt rejects with ExitPromptError: exit 130, nothing written yet. */
function interruptible<T>(prompt: Promise<T>): Promise<T> {
  return prompt.catch((error: unknown) => {
    if ((error as { name?: string }).name === 'ExitPromptError')
      throw new InterruptedError('Interrupted at a prompt: no files were written.');
    throw error;
  });
}

/** An answered prompt is marked neutrally: its check runs after it, and may refuse it. */
const theme = { prefix: { idle: '?', done: '›' } };

const inquirerAsker: Asker = {
  select: (question) => interruptible(select({ ...question, theme })),
  input: (question) => interruptible(input({ ...question, theme })),
  confirm: (question) => interruptible(confirm({ ...question, theme })),
};

function parseVars(pairs: string[] | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      throw new ChallengeError(`--var ${JSON.stringify(pair)} is not of the form name=value.`, {
        hint: 'Pass --var instance_count=2 (repeat --var for each variable).',
        code: 'INIT_INVALID_VAR',
      });
    }
    vars[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return vars;
}

/** What init did: the files written (paths as the user would type them), and the next command. */
function finalScreen(result: InitResult): string {
  const paths = result.written.map((file) => displayPath(file.path));
  const width = Math.max(...paths.map((path) => path.length));
  return [
    `Environment "${result.env}" is ready. Wrote:`,
    ...result.written.map((file, i) => `  ${(paths[i] ?? '').padEnd(width)}  ${file.description}`),
    ...(result.terraformInitialized ? [`Ran terraform init; workspace "${result.env}" is selected.`] : []),
    `Next: ${result.nextCommand}`,
  ].join('\n');
}

/** Init's messages and errors, word-wrapped to the width of the terminal the text goes to. */
function fitTo(stream: NodeJS.WriteStream) {
  return (text: string, prefix = '') => wrapBlock(text, terminalWidth(stream), prefix);
}

export default class Init extends BaseCommand {
  protected override wrapErrors = fitTo(process.stderr);

  static override summary = 'Set up an environment: AWS profile, region, key pair, buckets, variables.';
  static override description =
    'Asks each question interactively, or takes every answer as a flag; each answer is checked where it is given (at the prompt it is asked again, as a flag it is refused, and without a terminal every problem is listed at once). Then the AWS actions run (import the key, create or harden buckets), the files are written atomically, terraform init runs for the env and its workspace is selected. If an AWS action fails, the answers stay in .challenge/<env>.json and the next init resumes with them.';
  static override examples = [
    '<%= config.bin %> init',
    // A new env (dev): an example must not re-point the committed mock env. One option group per line.
    '<%= config.bin %> init --env dev --profile dev --region eu-west-1 \\\n' +
      '    --key-pair laptop --yes \\\n' +
      '    --state-bucket my-state --create-state-bucket \\\n' +
      '    --artifact-bucket my-artifacts --create-artifact-bucket',
  ];
  static override flags = {
    ...envFlags,
    ...yesFlag,
    profile: Flags.string({ description: 'AWS profile from your AWS config/credentials files.' }),
    region: Flags.string({ description: "AWS region (default: the profile's region)." }),
    'key-pair': Flags.string({ description: 'Existing EC2 key pair name (or the name to import under).' }),
    'import-public-key': Flags.string({ description: 'OpenSSH public key file to import as the key pair.' }),
    'create-key-pair': Flags.boolean({
      description:
        'Let EC2 create the key pair (--key-pair, or challenge-<env>); its private key is saved to ~/.ssh/<name>.pem (mode 0600).',
    }),
    'state-bucket': Flags.string({ description: 'S3 bucket for Terraform state.' }),
    'create-state-bucket': Flags.boolean({ description: 'Create the state bucket if it does not exist.' }),
    'harden-state-bucket': Flags.boolean({
      description:
        'Turn on what an existing state bucket lacks: versioning, default encryption, public access block.',
    }),
    'artifact-bucket': Flags.string({ description: 'S3 bucket for pipeline artifacts (artifact_store).' }),
    'create-artifact-bucket': Flags.boolean({
      description: 'Create the artifact bucket if it does not exist.',
    }),
    var: Flags.string({ description: 'A Terraform variable as name=value (repeatable).', multiple: true }),
    advanced: Flags.boolean({ description: 'Also ask the optional variables.' }),
    'migrate-state': Flags.boolean({
      description:
        "When the answers move an existing env's state (bucket, key, region): copy it there with terraform init -migrate-state, and check it reads back the same.",
    }),
    'abandon-state': Flags.boolean({
      description:
        "When the answers move an existing env's state: start with an empty state; the old one and everything it manages stay in AWS.",
    }),
    'terraform-init': Flags.boolean({
      description: 'Run terraform init and select the workspace at the end.',
      allowNo: true,
      default: true,
    }),
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Init);
    const interactive = !flags.yes && canPrompt();
    const result = await runInit({
      answers: {
        env: flags.env,
        profile: flags.profile,
        region: flags.region,
        keyPair: flags['key-pair'],
        importPublicKey: flags['import-public-key'],
        createKeyPair: flags['create-key-pair'],
        stateBucket: flags['state-bucket'],
        createStateBucket: flags['create-state-bucket'],
        hardenStateBucket: flags['harden-state-bucket'],
        artifactBucket: flags['artifact-bucket'],
        createArtifactBucket: flags['create-artifact-bucket'],
        migrateState: flags['migrate-state'],
        abandonState: flags['abandon-state'],
        vars: parseVars(flags.var),
      },
      asker: interactive ? inquirerAsker : undefined,
      advanced: flags.advanced,
      terraformInit: flags['terraform-init'],
      dir: flags.dir,
      log: (line) => {
        if (!this.jsonEnabled()) this.log(fitTo(process.stdout)(line));
      },
    });
    if (!this.jsonEnabled()) this.log(finalScreen(result));
    return result;
  }
}
