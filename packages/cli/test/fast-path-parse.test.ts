import { Flags, type Interfaces, Parser } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import Apply from '../src/commands/apply.js';
import Destroy from '../src/commands/destroy.js';
import Plan from '../src/commands/plan.js';
import { parseTerraformCommandLine } from '../src/fast-path.js';
import { FLAG_SPECS, TERRAFORM_COMMAND_FLAGS } from '../src/flag-specs.js';

// bin/run.js runs plan/apply/destroy without oclif when src/fast-path.ts reads the command line exactly
// as oclif would, and leaves every other command line to oclif. These tests hold the two readings
// together: the same flags, and for each command line either the same values or "oclif's turn".

const COMMANDS = { plan: Plan, apply: Apply, destroy: Destroy } as const;

/** oclif's reading, as the command receives it (its flags plus --json from enableJsonFlag). */
async function oclifReading(argv: string[], env: NodeJS.ProcessEnv) {
  const [name, ...rest] = argv;
  const command = COMMANDS[name as keyof typeof COMMANDS];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const { flags, raw } = await Parser.parse(rest, {
      flags: { ...command.flags, json: Flags.boolean() } as Interfaces.FlagInput,
      strict: true,
    });
    const given = new Set(raw.flatMap((token) => (token.type === 'flag' ? [token.flag] : [])));
    return { flags: flags as Record<string, unknown>, given };
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

/** Booleans oclif leaves undefined count as false, as the commands treat them. */
function normalised(flags: object, names: readonly string[]) {
  return Object.fromEntries(
    names.map((name) => {
      const value = (flags as Record<string, unknown>)[name];
      const spec = FLAG_SPECS[name as keyof typeof FLAG_SPECS];
      return [name, spec.type === 'boolean' ? value === true : value];
    }),
  );
}

describe('the oclif-free path of plan/apply/destroy', () => {
  it('knows each command by the flags its oclif command declares, with the same short forms, variables and defaults', () => {
    for (const [name, command] of Object.entries(COMMANDS)) {
      const names = TERRAFORM_COMMAND_FLAGS[name as keyof typeof TERRAFORM_COMMAND_FLAGS];
      expect(Object.keys(command.flags).sort(), name).toEqual([...names].sort());
      for (const flagName of names) {
        const oclif = command.flags[flagName as keyof typeof command.flags] as {
          type: string;
          char?: string;
          env?: string;
          default?: unknown;
        };
        const spec: { type: string; char?: string; env?: string; default?: string } = FLAG_SPECS[flagName];
        expect(
          {
            type: oclif.type === 'option' ? 'string' : oclif.type,
            char: oclif.char,
            env: oclif.env,
            default: oclif.default,
          },
          `${name} --${flagName}`,
        ).toEqual({ type: spec.type, char: spec.char, env: spec.env, default: spec.default });
      }
    }
  });

  const read: Array<[string[], NodeJS.ProcessEnv]> = [
    [['apply', '--env', 'mock', '--yes'], {}],
    [['apply', '-e', 'mock', '-y', '-v'], {}],
    [['apply', '--env=mock', '--dir=/tmp/x', '--lock-timeout', '5m', '--json'], {}],
    [['apply', '--profile', 'dev', '--skip-preflight'], { CHALLENGE_ENV: 'staging' }],
    [
      ['plan', '--detailed-exitcode', '--json'],
      { CHALLENGE_TERRAFORM_DIR: '/tmp/root', CHALLENGE_ENV: 'mock' },
    ],
    [['plan', '--env', 'prod'], { CHALLENGE_ENV: 'mock' }],
    [['plan', '--env', 'mock'], { CHALLENGE_ENV: '' }],
    [['destroy', '--env', 'mock', '--yes', '--verbose'], {}],
    [['apply', '--env', 'mock', '--yes', '--quiet'], {}],
    [['plan', '-q'], {}],
    [['destroy'], {}],
  ];
  for (const [argv, env] of read) {
    it(`reads \`${argv.join(' ')}\`${Object.keys(env).length ? ` with ${JSON.stringify(env)}` : ''} as oclif does`, async () => {
      const ours = parseTerraformCommandLine(argv, { ...env });
      expect(ours).toBeDefined();
      const names = TERRAFORM_COMMAND_FLAGS[ours?.command ?? 'plan'];
      const oclif = await oclifReading(argv, env);
      expect(normalised(ours?.flags ?? {}, names)).toEqual(normalised(oclif.flags, names));
      expect(ours?.json).toBe(oclif.flags['json'] === true);
      expect([...(ours?.given ?? [])].sort()).toEqual([...oclif.given].sort());
    });
  }

  const leftToOclif: Array<[string[], NodeJS.ProcessEnv, string]> = [
    [['apply', '--help'], {}, 'help'],
    [['apply', '-h'], {}, 'help (short)'],
    [['apply', '--bogus'], {}, 'an unknown flag'],
    [['apply', 'extra'], {}, 'an argument'],
    [['apply', '--', '--yes'], {}, 'the end of flags'],
    [['apply', '-yv'], {}, 'grouped short flags'],
    [['apply', '-emock'], {}, 'a short flag with its value attached'],
    [['apply', '--env', 'a', '--env', 'b'], {}, 'a repeated flag'],
    [['apply', '--yes=true'], {}, 'a value for a boolean'],
    [['apply', '--env'], {}, 'a missing value'],
    [['apply', '--env', ''], {}, 'an empty value'],
    [['apply', '--detailed-exitcode'], {}, "another command's flag"],
    [['apply', '--yes'], { DEBUG: 'challenge*' }, 'DEBUG (oclif prints its traces)'],
    [['apply', '--yes'], { CHALLENGE_CONTENT_TYPE: 'json' }, "oclif's JSON switch"],
    [['status'], {}, 'another command'],
  ];
  for (const [argv, env, what] of leftToOclif) {
    it(`leaves ${what} to oclif: \`${argv.join(' ')}\``, () => {
      expect(parseTerraformCommandLine(argv, env)).toBeUndefined();
    });
  }
});
