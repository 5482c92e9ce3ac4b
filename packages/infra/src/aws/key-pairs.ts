import { ChallengeError } from '../errors.js';
import { toChallengeError } from './errors.js';
import { readPublicKey } from './public-key.js';
import { type AwsSession, clientConfig } from './session.js';

export interface KeyPair {
  name: string;
  fingerprint: string | undefined;
  /** "rsa" or "ed25519", as EC2 reports it. */
  keyType?: string | undefined;
}

/** Key pairs of the session's region. */
export async function listKeyPairs(session: AwsSession): Promise<KeyPair[]> {
  const { DescribeKeyPairsCommand, EC2Client } = await import('@aws-sdk/client-ec2');
  try {
    const answer = await new EC2Client(clientConfig(session)).send(new DescribeKeyPairsCommand({}));
    return (answer.KeyPairs ?? []).map((pair) => ({
      name: pair.KeyName ?? '',
      fingerprint: pair.KeyFingerprint,
      keyType: pair.KeyType,
    }));
  } catch (error) {
    throw toChallengeError(error, session, `listing EC2 key pairs in ${session.region}`);
  }
}

/** Fails naming the key pair and region when it does not exist. */
export async function checkKeyPair(session: AwsSession, name: string): Promise<KeyPair> {
  const { DescribeKeyPairsCommand, EC2Client } = await import('@aws-sdk/client-ec2');
  try {
    const answer = await new EC2Client(clientConfig(session)).send(
      new DescribeKeyPairsCommand({ KeyNames: [name] }),
    );
    const pair = answer.KeyPairs?.[0];
    return { name, fingerprint: pair?.KeyFingerprint, keyType: pair?.KeyType };
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
  const key = await readPublicKey(publicKeyPath);
  const { EC2Client, ImportKeyPairCommand } = await import('@aws-sdk/client-ec2');
  try {
    const answer = await new EC2Client(clientConfig(session)).send(
      new ImportKeyPairCommand({ KeyName: name, PublicKeyMaterial: new TextEncoder().encode(key.material) }),
    );
    return { name: answer.KeyName ?? name, fingerprint: answer.KeyFingerprint, keyType: key.keyType };
  } catch (error) {
    if ((error as { name?: string }).name === 'InvalidKeyPair.Duplicate') {
      throw new ChallengeError(`EC2 key pair "${name}" already exists in ${session.region}.`, {
        hint: `Pick it as the key pair (\`challenge init --key-pair ${name}\` without --import-public-key), or import under another name.`,
        code: 'AWS_KEY_PAIR_EXISTS',
      });
    }
    throw toChallengeError(error, session, `importing key pair "${name}" into ${session.region}`);
  }
}
