import { readFile } from 'node:fs/promises';
import { DescribeKeyPairsCommand, EC2Client, ImportKeyPairCommand } from '@aws-sdk/client-ec2';
import { ChallengeError } from '../errors.js';
import { toChallengeError } from './errors.js';
import { type AwsSession, clientConfig } from './session.js';

export interface KeyPair {
  name: string;
  fingerprint: string | undefined;
}

/** Key pairs of the session's region. */
export async function listKeyPairs(session: AwsSession): Promise<KeyPair[]> {
  try {
    const answer = await new EC2Client(clientConfig(session)).send(new DescribeKeyPairsCommand({}));
    return (answer.KeyPairs ?? []).map((pair) => ({
      name: pair.KeyName ?? '',
      fingerprint: pair.KeyFingerprint,
    }));
  } catch (error) {
    throw toChallengeError(error, session, `listing EC2 key pairs in ${session.region}`);
  }
}

/** Fails naming the key pair and region when it does not exist. */
export async function checkKeyPair(session: AwsSession, name: string): Promise<KeyPair> {
  try {
    const answer = await new EC2Client(clientConfig(session)).send(
      new DescribeKeyPairsCommand({ KeyNames: [name] }),
    );
    const pair = answer.KeyPairs?.[0];
    return { name, fingerprint: pair?.KeyFingerprint };
  } catch (error) {
    if ((error as { name?: string }).name === 'InvalidKeyPair.NotFound') {
      throw new ChallengeError(`EC2 key pair "${name}" does not exist in ${session.region}.`, {
        hint: `Import your public key: \`challenge init --key-pair ${name} --import-public-key ~/.ssh/id_ed25519.pub\`, or pick an existing key pair.`,
        code: 'AWS_KEY_PAIR_NOT_FOUND',
      });
    }
    throw toChallengeError(error, session, `looking up EC2 key pair "${name}" in ${session.region}`);
  }
}

/**
 * Imports an OpenSSH public key as an EC2 key pair. Only the public half is ever read: a file that
 * looks like a private key is refused without echoing its content.
 */
export async function importKeyPair(
  session: AwsSession,
  name: string,
  publicKeyPath: string,
): Promise<KeyPair> {
  let material: string;
  try {
    material = (await readFile(publicKeyPath, 'utf8')).trim();
  } catch {
    throw new ChallengeError(`Cannot read public key file ${publicKeyPath}.`, {
      hint: 'Pass an existing OpenSSH public key, e.g. --import-public-key ~/.ssh/id_ed25519.pub (create one with `ssh-keygen -t ed25519`).',
      code: 'PUBLIC_KEY_UNREADABLE',
    });
  }
  if (!/^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/=]+/.test(material)) {
    throw new ChallengeError(`${publicKeyPath} is not an OpenSSH public key.`, {
      hint: 'Pass the .pub file (one line starting with ssh-ed25519 or ssh-rsa), never the private key.',
      code: 'PUBLIC_KEY_INVALID',
    });
  }
  try {
    const answer = await new EC2Client(clientConfig(session)).send(
      new ImportKeyPairCommand({ KeyName: name, PublicKeyMaterial: new TextEncoder().encode(material) }),
    );
    return { name: answer.KeyName ?? name, fingerprint: answer.KeyFingerprint };
  } catch (error) {
    throw toChallengeError(error, session, `importing key pair "${name}" into ${session.region}`);
  }
}
