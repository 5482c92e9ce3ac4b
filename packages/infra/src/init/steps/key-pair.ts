import { type KeyPair, listKeyPairs } from '../../aws/key-pairs.js';
import { readPublicKey, sameFingerprint } from '../../aws/public-key.js';
import { ChallengeError } from '../../errors.js';
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

function noKeyAtAll(region: string): ChallengeError {
  return new ChallengeError(`No EC2 key pair in ${region} and no ~/.ssh/*.pub to import.`, {
    hint: 'Create a key with `ssh-keygen -t ed25519`, then run `challenge init` again.',
    code: 'AWS_KEY_PAIR_NOT_FOUND',
  });
}

async function missingPair(ctx: InitContext, name: string, pairs: KeyPair[]): Promise<ChallengeError> {
  const keys = await findPublicKeys(ctx.home);
  const region = sessionOf(ctx).region;
  return new ChallengeError(`EC2 key pair "${name}" does not exist in ${region}.`, {
    hint:
      keys.length > 0
        ? `Import your public key: --import-public-key ${keys[0]} (or pick one of: ${pairs.map((p) => p.name).join(', ') || 'none exist'}).`
        : 'No ~/.ssh/*.pub found: create one with `ssh-keygen -t ed25519`, then pass --import-public-key ~/.ssh/id_ed25519.pub.',
    code: 'AWS_KEY_PAIR_NOT_FOUND',
  });
}

/**
 * The EC2 key pair: an existing one of the region, or a local public key to import under a free name.
 * A name that is taken is refused at once, unless that key pair already holds the same key (same
 * fingerprint): then it is offered as is. Never creates a private key.
 */
export const keyPairStep = defineStep<KeyPairChoice, KeyPairChoice>({
  name: 'key pair',
  missingFlag: '--key-pair <name>',
  applies: (ctx) => ctx.handled.keyPair !== undefined,
  ready: (ctx) => ctx.credentials !== undefined && ctx.region !== undefined,
  keepsCurrent: true,
  given: (ctx) => {
    const { keyPair, importPublicKey } = ctx.flags;
    if (keyPair !== undefined) return { name: keyPair, importPath: importPublicKey };
    if (importPublicKey === undefined) return undefined;
    return {
      name: ctx.env?.pending?.keyPair ?? `challenge-${ctx.env?.name ?? 'mock'}`,
      importPath: importPublicKey,
    };
  },
  current: (ctx) => {
    const pending = ctx.env?.pending;
    if (pending?.keyPair) return { name: pending.keyPair, importPath: pending.importPublicKey };
    const name = realAnswer(stringValue(ctx.env?.tfvars[ctx.handled.keyPair?.name ?? '']));
    return name === undefined ? undefined : { name, importPath: undefined };
  },
  checkAlone: (_ctx, answer) =>
    refusing(async () => {
      checkKeyName(answer.name);
      return { ok: true, value: answer };
    }, ['AWS_KEY_PAIR_INVALID_NAME']),
  ask: async (ctx, asker, question) => {
    const pairs = await keyPairsOf(ctx);
    if (question.retry?.importPath) {
      const name = await asker.input({
        message: 'Name of the imported key pair',
        default: freeName(ctx, pairs),
      });
      return { name, importPath: question.retry.importPath };
    }
    const keys = await findPublicKeys(ctx.home);
    const region = sessionOf(ctx).region;
    if (pairs.length === 0 && keys.length === 0) throw noKeyAtAll(region);
    const preferred = question.default;
    const choice = await asker.select({
      message: `EC2 key pair (${region})`,
      choices: [
        ...pairs.map((pair) => ({ name: pair.name, value: pair.name })),
        ...keys.map((path) => ({ name: `import ${path}`, value: `${IMPORT}${path}` })),
      ],
      ...(preferred && pairs.some((pair) => pair.name === preferred.name) ? { default: preferred.name } : {}),
    });
    if (!choice.startsWith(IMPORT)) return { name: choice, importPath: undefined };
    const name = await asker.input({
      message: 'Name of the imported key pair',
      default: preferred?.importPath ? preferred.name : freeName(ctx, pairs),
    });
    return { name, importPath: choice.slice(IMPORT.length) };
  },
  check: (ctx, answer, decide) =>
    refusing(async () => {
      const region = sessionOf(ctx).region;
      checkKeyName(answer.name);
      const pairs = await keyPairsOf(ctx);
      const existing = pairs.find((pair) => pair.name === answer.name);
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
