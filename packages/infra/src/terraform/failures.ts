import { describeProfile, type ProfileChoice } from '../environment/aws-profile.js';
import { describeLock, type LockInfo, operationName, parseLockInfo } from './lock-info.js';

/** What a classified Terraform failure needs to word its fix. */
export interface FailureContext {
  env: string;
  profile: ProfileChoice;
  /** The challenge command line that repeats the failed step ("challenge apply --env a"). */
  rerun?: string | undefined;
  /** The command the user ran has --lock-timeout (plan / apply / destroy). */
  lockTimeoutFlag?: boolean | undefined;
  /** The env's backend type ("local", "s3", …); a local lock cannot be forced. */
  backend?: string | undefined;
}

/** A Terraform failure recognised by its text: its own cause and fix instead of the raw output. */
export interface KnownFailure {
  code: string;
  message: string;
  hint: string;
  /** Set for TERRAFORM_STATE_LOCKED. */
  lock?: LockInfo | undefined;
  /** The message cannot name everything Terraform did (e.g. which provider): quote Terraform's errors. */
  quoteTerraform?: boolean;
}

interface Rule {
  code: string;
  matches: RegExp;
  build(output: string, context: FailureContext): Omit<KnownFailure, 'code'>;
}

/** Terraform wraps long lines; rules read the text with line breaks folded into spaces. */
function fold(output: string): string {
  return output.replace(/\s*\n\s*/g, ' ');
}

function rerunText(context: FailureContext): string {
  return context.rerun ? `\`${context.rerun}\`` : 'the command';
}

function quoted(output: string, pattern: RegExp): string | undefined {
  return pattern.exec(fold(output))?.[1];
}

/** The fix for credentials that do not work, for the way this run chose them. */
function credentialsFix(context: FailureContext, expired: boolean): string {
  const { name, source } = context.profile;
  const refresh =
    name === undefined
      ? expired
        ? 'export fresh AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN'
        : 'export a valid AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY'
      : `refresh profile "${name}" (\`aws sso login --profile ${name}\` or \`aws configure --profile ${name}\`)`;
  const other =
    source === 'settings'
      ? `pass --profile <name>, or save another with \`challenge init --env ${context.env} --profile <name>\``
      : `pass --profile <name> (or save one with \`challenge init --env ${context.env} --profile <name>\`)`;
  return `${refresh[0]?.toUpperCase()}${refresh.slice(1)}, or ${other}; then run ${rerunText(context)} again.`;
}

const RULES: Rule[] = [
  {
    // Before the lock rule: a lock file Terraform cannot write is reported as "Error acquiring the state lock".
    code: 'TERRAFORM_PERMISSION_DENIED',
    matches: /: (permission denied|read-only file system)/i,
    build(output, context) {
      const path = quoted(
        output,
        /(?:open|mkdir|create|rename|remove)\s+(\S+?):\s*(?:permission denied|read-only file system)/i,
      );
      const readOnly = /read-only file system/i.test(fold(output));
      return {
        message: `Terraform could not write ${path ?? 'a file'} in the root of env ${context.env}: ${readOnly ? 'the file system is read-only' : 'permission denied'}.`,
        hint: readOnly
          ? 'Copy the Terraform root to a writable place and pass --dir <copy> (Terraform writes its lock, state and data dir there).'
          : 'Make the Terraform root and its .terraform folder writable by you (e.g. `chmod -R u+w <root>`, or fix their owner), or copy the root somewhere writable and pass --dir.',
      };
    },
  },
  {
    code: 'TERRAFORM_STATE_LOCKED',
    matches: /Error acquiring the state lock/,
    build(output, context) {
      const lock = parseLockInfo(output);
      const wait = context.lockTimeoutFlag
        ? ', or pass a longer --lock-timeout (e.g. --lock-timeout 5m)'
        : '';
      // A local lock belongs to the process holding the state file and ends with it: nothing to force.
      const ifDied =
        context.backend === 'local'
          ? ' A local lock ends with the process that holds it, so nothing needs unlocking: stop that run (Ctrl-C in its terminal) or let it finish.'
          : lock
            ? ` If it died, release the lock: \`challenge unlock --env ${context.env} ${lock.id}\`.`
            : ` If it died, release the lock with \`challenge unlock --env ${context.env}\`.`;
      if (!lock) {
        return {
          message: `The state of env ${context.env} is locked by another Terraform run.`,
          hint: `Wait for the other run to finish${wait}.${ifDied}`,
        };
      }
      return {
        message: `The state of env ${context.env} is locked: ${describeLock(lock)}.`,
        hint: `Another ${operationName(lock.operation)} of env ${context.env} is probably still running${lock.who ? ` (${lock.who})` : ''}: wait for it to finish${wait}.${ifDied}`,
        lock,
      };
    },
  },
  {
    code: 'TERRAFORM_STALE_PLAN',
    matches: /Saved plan is stale/,
    build: (_output, context) => ({
      message: `The saved plan of env ${context.env} is stale: another Terraform run changed the state after it was made, so nothing was applied.`,
      hint: `Run ${rerunText(context)} again: it plans from the current state.`,
    }),
  },
  {
    code: 'STATE_MIGRATION_REFUSED',
    matches:
      /Error asking for state migration action|Do you want to (copy existing state|migrate all workspaces)/,
    build: (_output, context) => ({
      message: `Terraform wants to move existing local state (terraform.tfstate or terraform.tfstate.d/ in the root) into the backend of env ${context.env}; challenge never migrates state by itself.`,
      hint: `If that local state is obsolete, move it out of the root; to migrate it deliberately run \`TF_DATA_DIR=.terraform/envs/${context.env} terraform init -migrate-state\` (with -backend-config=backends/${context.env}.s3.tfbackend for S3). Then run ${rerunText(context)} again.`,
    }),
  },
  {
    code: 'CODECOMMIT_NOT_ALLOWED',
    matches: /OperationNotAllowedException/,
    build: (_output, context) => ({
      message: `CodeCommit refused to create the repository of env ${context.env} (OperationNotAllowedException): AWS no longer lets accounts (or organizations) that never had a CodeCommit repository create one.`,
      hint: `Deploy into an account that already has a CodeCommit repository (--profile <name>, or \`challenge init --env ${context.env} --profile <name>\`), or ask AWS Support to enable CodeCommit for this account; check with \`challenge doctor --env ${context.env}\`.`,
    }),
  },
  {
    code: 'STATE_BUCKET_MISSING',
    matches: /S3 bucket "[^"]+" does not exist|NoSuchBucket/,
    build(output, context) {
      const bucket = quoted(output, /S3 bucket "([^"]+)"/);
      return {
        message: `The state bucket${bucket ? ` "${bucket}"` : ''} of env ${context.env} does not exist (backends/${context.env}.s3.tfbackend names it).`,
        hint: `Create it, or choose another: \`challenge init --env ${context.env} --state-bucket <name> --create-state-bucket\`.`,
      };
    },
  },
  {
    code: 'AWS_EXPIRED_CREDENTIALS',
    matches:
      /ExpiredToken|security token included in the request is expired|TokenRefreshRequired|token has expired|SSO session .*expired|refresh cached SSO token failed/i,
    build: (_output, context) => ({
      message: `The AWS credentials Terraform used for env ${context.env} have expired (${describeProfile(context.profile, context.env)}).`,
      hint: credentialsFix(context, true),
    }),
  },
  {
    code: 'AWS_INVALID_CREDENTIALS',
    matches:
      /InvalidClientTokenId|security token included in the request is invalid|SignatureDoesNotMatch|InvalidAccessKeyId|UnrecognizedClientException/,
    build: (_output, context) => ({
      message: `AWS rejected the credentials Terraform used for env ${context.env} as invalid (${describeProfile(context.profile, context.env)}).`,
      hint: credentialsFix(context, false),
    }),
  },
  {
    code: 'AWS_UNKNOWN_PROFILE',
    matches: /failed to get shared config profile, \S+/,
    build(output, context) {
      const name = quoted(output, /failed to get shared config profile, (\S+)/);
      return {
        message: `Terraform could not find AWS profile "${name}" in your AWS config or credentials file.`,
        hint: `Pass --profile <name> with an existing profile, save one with \`challenge init --env ${context.env} --profile <name>\`, or create it: \`aws configure --profile ${name}\`.`,
      };
    },
  },
  {
    code: 'AWS_NO_CREDENTIALS',
    matches: /No valid credential sources found|NoCredentialProviders|no EC2 IMDS role found/,
    build: (_output, context) => ({
      message: `Terraform found no AWS credentials for env ${context.env} (${describeProfile(context.profile, context.env)}).`,
      hint: `Pass --profile <name>, save one with \`challenge init --env ${context.env} --profile <name>\`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; then run ${rerunText(context)} again.`,
    }),
  },
  {
    code: 'STATE_BACKEND_ACCESS_DENIED',
    matches:
      /(S3 bucket|state|workspaces)[^\n]*(StatusCode: 403|AccessDenied|Forbidden)|(StatusCode: 403|AccessDenied)[^\n]*S3/,
    build(output, context) {
      const bucket = quoted(output, /S3 bucket "([^"]+)"/);
      return {
        message: `AWS denied access to the state${bucket ? ` in bucket "${bucket}"` : ''} of env ${context.env} (${describeProfile(context.profile, context.env)}).`,
        hint: `Use credentials whose IAM policy allows s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject on that bucket (--profile <name>, or \`challenge init --env ${context.env} --profile <name>\`), or ask your AWS administrator.`,
      };
    },
  },
  {
    code: 'PROVIDER_UNAVAILABLE',
    matches:
      /Failed to query available provider packages|Failed to install provider|could not connect to registry\.terraform\.io|Failed to retrieve available versions/,
    build(output, context) {
      const provider =
        quoted(output, /available versions for provider ([\w.-]+\/[\w.-]+(?:\/[\w.-]+)?)/) ??
        quoted(output, /Error while installing ([\w.-]+\/[\w.-]+)/);
      const offline = /could not connect to|no such host|dial tcp|i\/o timeout|connection refused/.test(
        output,
      );
      // Why an install failed (a checksum, a platform) is Terraform's to say.
      const installFailed = /Failed to install provider/.test(output);
      const reason = offline
        ? 'the provider registry (registry.terraform.io) is unreachable'
        : installFailed
          ? "its package could not be installed, as Terraform's error below says"
          : 'no configured source (registry or local mirror) has it';
      return {
        ...(provider && !installFailed ? {} : { quoteTerraform: true }),
        message: `Terraform could not install provider ${provider ?? '(named in its error below)'} for env ${context.env}: ${reason}.`,
        hint: offline
          ? `Check your network and proxy (HTTPS_PROXY), or install providers from a local mirror (a TF_CLI_CONFIG_FILE with a provider_installation filesystem_mirror); then run ${rerunText(context)} again.`
          : `Add the provider to your mirror or allow the registry in your TF_CLI_CONFIG_FILE provider_installation block; then run ${rerunText(context)} again.`,
      };
    },
  },
];

/**
 * Recognises the common Terraform failures by their text (lock held, stale plan, state migration
 * refused, CodeCommit closed, state bucket missing or denied, expired / invalid / missing credentials,
 * unknown profile, provider registry unreachable, permission denied) and gives each its own cause and
 * fix. Undefined for anything else: the caller shows Terraform's own error then.
 */
export function classifyTerraformFailure(output: string, context: FailureContext): KnownFailure | undefined {
  for (const rule of RULES) {
    if (rule.matches.test(output) || rule.matches.test(fold(output))) {
      return { code: rule.code, ...rule.build(output, context) };
    }
  }
  return undefined;
}
