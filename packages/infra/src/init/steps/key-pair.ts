import { access } from 'node:fs/promises';
import { privateKeyPath } from '../../aws/key-pair-create.js';
import { type KeyPair, listKeyPairs } from '../../aws/key-pairs.js';
import { readPublicKey, sameFingerprint } from '../../aws/public-key.js';
import { listRegions } from '../../aws/regions.js';
import { ChallengeError } from '../../errors.js';
import { displayPath } from '../../tfvars/display-path.js';
import type { Asker } from '../asker.js';
import type { InitContext, KeyPairChoice } from '../context.js';
import { sessionOf, stringValue } from '../context.js';
import { realAnswer } from '../placeholders.js';
import { findPublicKeys } from '../public-keys.js';
import { defineStep, refusing } from '../step.js';

const IMPORT = '@import:';
/** EC2 key pair names: up to 255 ASCII characters. */
const KEY_NAME = /^[\x20-\x7e]{1,255}$/;

async function keyPairsOf(ctx: InitContext): Promise<KeyPair[]> {
  const region = sessionOf(ctx).region;
  let pairs = ctx.cache.keyPairs.get(region);
  if (!pairs) {
    pairs = await listKeyPairs(sessionOf(ctx));
    ctx.cache.keyPairs.set(region, pairs);
  }
  return pairs;
}

function freeName(ctx: InitContext, pairs: KeyPair[]): string {
  const base = `challenge-${ctx.env?.name ?? 'mock'}`;
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!pairs.some((pair) => pair.name === name)) return name;
  }
}

function checkKeyName(name: string): void {
  if (KEY_NAME.test(name)) return;
  throw new ChallengeError(`"${name}" is not a valid EC2 key pair name.`, {
    hint: 'Use up to 255 ASCII characters, e.g. --key-pair laptop.',
    code: 'AWS_KEY_PAIR_INVALID_NAME',
  });
}

const CREATE = '@create';
const OTHER_FILE = '@file';
const OTHER_REGION = '@region';

/** Another region (one the account knows), picked from a list; init's region becomes it. */
async function askRegion(ctx: InitContext, asker: Asker): Promise<void> {
  ctx.cache.regions ??= await listRegions(sessionOf(ctx));
  const current = sessionOf(ctx).region;
  ctx.region = await asker.select({
    message: 'AWS region for the env (key pairs are per region)',
    choices: ctx.cache.regions
      .filter((region) => region !== current)
      .map((region) => ({ name: region, value: region })),
  });
}

async function missingPair(ctx: InitContext, name: string, pairs: KeyPair[]): Promise<ChallengeError> {
  const keys = await findPublicKeys(ctx.home);
  const region = sessionOf(ctx).region;
  return new ChallengeError(`EC2 key pair "${name}" does not exist in ${region}.`, {
    hint:
      keys.length > 0
        ? `Import your public key: --import-public-key ${keys[0]} (or pick one of: ${pairs.map((p) => p.name).join(', ') || 'none exist'}).`
        : `Let EC2 create it (--create-key-pair; the private key is saved to ${displayPath(privateKeyPath(name, ctx.home))}), or create a key with \`ssh-keygen -t ed25519\` and pass --import-public-key ~/.ssh/id_ed25519.pub.`,
    code: 'AWS_KEY_PAIR_NOT_FOUND',
  });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * The EC2 key pair: an existing one of the region, a local public key to import under a free name, or
 * a new key pair EC2 creates (its private key saved 0600 under ~/.ssh). In a region without key pairs
 * another region can be picked.
 * A name that is taken is refused at once, unless that key pair already holds the same key (same
 * fingerprint): then it is offered as is.
 */
export const keyPairStep = defineStep<KeyPairChoice, KeyPairChoice>({
  name: 'key pair',
  missingFlag: '--key-pair <name>',
  applies: (ctx) => ctx.handled.keyPair !== undefined,
  ready: (ctx) => ctx.credentials !== undefined && ctx.region !== undefined,
  keepsCurrent: true,
  given: (ctx) => {
    const { keyPair, importPublicKey, createKeyPair } = ctx.flags;
    if (createKeyPair && importPublicKey === undefined) {
      const name = keyPair ?? ctx.env?.pending?.keyPair ?? `challenge-${ctx.env?.name ?? 'mock'}`;
      return { name, importPath: undefined, createAt: privateKeyPath(name, ctx.home) };
    }
    if (keyPair !== undefined) return { name: keyPair, importPath: importPublicKey };
    if (importPublicKey === undefined) return undefined;
    return {
      name: ctx.env?.pending?.keyPair ?? `challenge-${ctx.env?.name ?? 'mock'}`,
      importPath: importPublicKey,
    };
  },
  current: (ctx) => {
    const pending = ctx.env?.pending;
    if (pending?.keyPair) {
      return {
        name: pending.keyPair,
        importPath: pending.importPublicKey,
        ...(pending.createKeyPair ? { createAt: privateKeyPath(pending.keyPair, ctx.home) } : {}),
      };
    }
    const name = realAnswer(stringValue(ctx.env?.tfvars[ctx.handled.keyPair?.name ?? '']));
    return name === undefined ? undefined : { name, importPath: undefined };
  },
  checkAlone: (_ctx, answer) =>
    refusing(async () => {
      checkKeyName(answer.name);
      return { ok: true, value: answer };
    }, ['AWS_KEY_PAIR_INVALID_NAME']),
  ask: async (ctx, asker, question) => {
    if (question.retry?.importPath || question.retry?.createAt) {
      const pairs = await keyPairsOf(ctx);
      const name = await asker.input({
        message: question.retry.createAt ? 'Name of the new key pair' : 'Name of the imported key pair',
        default: freeName(ctx, pairs),
      });
      return question.retry.createAt
        ? { name, importPath: undefined, createAt: privateKeyPath(name, ctx.home) }
        : { name, importPath: question.retry.importPath };
    }
    for (;;) {
      const pairs = await keyPairsOf(ctx);
      const keys = await findPublicKeys(ctx.home);
      const region = sessionOf(ctx).region;
      const preferred = question.default;
      const fresh = freeName(ctx, pairs);
      const choice = await asker.select({
        message: `EC2 key pair (${region})${pairs.length === 0 ? ': none exists in this region yet' : ''}`,
        choices: [
          ...pairs.map((pair) => ({ name: pair.name, value: pair.name })),
          ...keys.map((path) => ({ name: `import ${path}`, value: `${IMPORT}${path}` })),
          { name: 'import a public key from another file', value: OTHER_FILE },
          {
            name: `create a new key pair (its private key saved to ${displayPath(privateKeyPath(fresh, ctx.home))})`,
            value: CREATE,
          },
          { name: 'use another region', value: OTHER_REGION },
        ],
        ...(preferred && pairs.some((pair) => pair.name === preferred.name)
          ? { default: preferred.name }
          : {}),
      });
      if (choice === OTHER_REGION) {
        await askRegion(ctx, asker);
        continue;
      }
      if (choice === CREATE) {
        const name = await asker.input({ message: 'Name of the new key pair', default: fresh });
        return { name, importPath: undefined, createAt: privateKeyPath(name, ctx.home) };
      }
      if (!choice.startsWith(IMPORT) && choice !== OTHER_FILE) return { name: choice, importPath: undefined };
      const path =
        choice === OTHER_FILE
          ? (await asker.input({ message: 'Path of an OpenSSH public key file (.pub)' })).trim()
          : choice.slice(IMPORT.length);
      const name = await asker.input({
        message: 'Name of the imported key pair',
        default: preferred?.importPath ? preferred.name : fresh,
      });
      return { name, importPath: path };
    }
  },
  check: (ctx, answer, decide) =>
    refusing(async () => {
      const region = sessionOf(ctx).region;
      checkKeyName(answer.name);
      const pairs = await keyPairsOf(ctx);
      const existing = pairs.find((pair) => pair.name === answer.name);
      if (answer.createAt) {
        if (existing) {
          throw new ChallengeError(`EC2 key pair "${answer.name}" already exists in ${region}.`, {
            hint: `Create one under a free name, e.g. --key-pair ${freeName(ctx, pairs)} --create-key-pair, or use the existing one (--key-pair ${answer.name}).`,
            code: 'AWS_KEY_PAIR_EXISTS',
          });
        }
        if (await exists(answer.createAt)) {
          throw new ChallengeError(
            `${displayPath(answer.createAt)} already exists: the new private key would replace it.`,
            {
              hint: `Create the key pair under another name (--key-pair <name> --create-key-pair), or move that file away.`,
              code: 'AWS_KEY_PAIR_EXISTS',
            },
          );
        }
        return { ok: true, value: answer };
      }
      if (answer.importPath === undefined) {
        if (existing) return { ok: true, value: answer };
        throw await missingPair(ctx, answer.name, pairs);
      }
      const key = await readPublicKey(answer.importPath);
      if (!existing) return { ok: true, value: answer };
      if (!sameFingerprint(existing.fingerprint, key.fingerprint)) {
        throw new ChallengeError(
          `EC2 key pair "${answer.name}" already exists in ${region} and holds another key (fingerprint ${existing.fingerprint ?? 'unknown'}; ${key.path} has ${key.fingerprint}).`,
          {
            hint: `Import under a free name (--key-pair ${freeName(ctx, pairs)} --import-public-key ${key.path}), or use the existing key pair (--key-pair ${answer.name} without --import-public-key).`,
            code: 'AWS_KEY_PAIR_EXISTS',
          },
        );
      }
      const use = await decide({
        message: `EC2 key pair "${answer.name}" in ${region} already holds ${key.path} (same fingerprint). Use it?`,
        default: true,
      });
      if (!use) {
        throw new ChallengeError(`EC2 key pair "${answer.name}" already exists in ${region}.`, {
          hint: `Import under a free name, e.g. --key-pair ${freeName(ctx, pairs)}.`,
          code: 'AWS_KEY_PAIR_EXISTS',
        });
      }
      return {
        ok: true,
        value: { name: answer.name, importPath: undefined },
        note: `Using EC2 key pair "${answer.name}": it already holds ${key.path}.`,
      };
    }, [
      'AWS_KEY_PAIR_INVALID_NAME',
      'AWS_KEY_PAIR_NOT_FOUND',
      'AWS_KEY_PAIR_EXISTS',
      'PUBLIC_KEY_UNREADABLE',
      'PUBLIC_KEY_INVALID',
      'PUBLIC_KEY_UNSUPPORTED',
    ]),
  settle: (ctx, choice) => {
    ctx.keyPair = choice;
  },
});
