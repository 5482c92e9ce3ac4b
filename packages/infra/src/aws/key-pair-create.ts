import { open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ChallengeError } from '../errors.js';
import { toChallengeError } from './errors.js';
import { type AwsSession, clientConfig } from './session.js';

/** Where a key pair created by init keeps its private key: ~/.ssh/<name>.pem. */
export function privateKeyPath(name: string, home: string = homedir()): string {
  return join(home, '.ssh', `${name.replace(/[^\w.-]/g, '_')}.pem`);
}

/**
 * Creates an EC2 key pair (RSA, PEM: EC2's default, which every SSH client reads) and saves its private
 * key, which EC2 returns only this once, to `path` with mode 0600, refusing to overwrite a file. The key
 * is never printed, logged or put in an error. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateKeyPair.html
 */
export async function createKeyPair(session: AwsSession, name: string, path: string): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
  // Opened first (exclusive, 0600), so a key EC2 made is never left without its file.
  const file = await open(path, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
    throw new ChallengeError(
      `Cannot save the private key of a new key pair to ${path}: ${error.code === 'EEXIST' ? 'a file is there' : error.message}.`,
      { hint: 'Name the key pair otherwise, or move that file away.', code: 'KEY_FILE_UNWRITABLE' },
    );
  });
  try {
    const { CreateKeyPairCommand, EC2Client } = await import('@aws-sdk/client-ec2');
    let material: string;
    try {
      const answer = await new EC2Client(clientConfig(session)).send(
        new CreateKeyPairCommand({ KeyName: name, KeyType: 'rsa', KeyFormat: 'pem' }),
      );
      material = answer.KeyMaterial ?? '';
    } catch (error) {
      if ((error as { name?: string }).name === 'InvalidKeyPair.Duplicate') {
        throw new ChallengeError(`EC2 key pair "${name}" already exists in ${session.region}.`, {
          hint: 'Pick it as the key pair, or create one under another name.',
          code: 'AWS_KEY_PAIR_EXISTS',
        });
      }
      throw toChallengeError(error, session, `creating EC2 key pair "${name}" in ${session.region}`);
    }
    await file.writeFile(`${material.trim()}\n`);
  } catch (error) {
    await file.close();
    const { rm } = await import('node:fs/promises');
    await rm(path, { force: true });
    throw error;
  }
  await file.close();
}
