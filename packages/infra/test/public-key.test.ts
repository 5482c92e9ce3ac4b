import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ec2Fingerprint, readPublicKey, sameFingerprint } from '../src/aws/index.js';

// The fingerprint EC2 reports for an imported key, checked against the tools the EC2 user guide names.

const dir = mkdtempSync(join(tmpdir(), 'public-key-'));

async function keygen(type: 'rsa' | 'ed25519' | 'ecdsa'): Promise<string> {
  const path = join(dir, type);
  await execa('ssh-keygen', [
    '-q',
    '-t',
    type,
    '-N',
    '',
    '-f',
    path,
    ...(type === 'rsa' ? ['-b', '3072'] : []),
  ]);
  return path;
}

describe('ec2Fingerprint', () => {
  it('RSA: MD5 of the DER public key, as the EC2 user guide computes it with ssh-keygen and openssl', async () => {
    const key = await keygen('rsa');
    const pem = await execa('ssh-keygen', ['-e', '-f', key, '-m', 'PEM']);
    const der = await execa('openssl', ['rsa', '-RSAPublicKey_in', '-outform', 'DER'], {
      input: pem.stdout,
      encoding: 'buffer',
    });
    const md5 = (await execa('openssl', ['md5', '-c'], { input: der.stdout })).stdout.split('= ')[1]?.trim();
    expect(ec2Fingerprint(readFileSync(`${key}.pub`, 'utf8'))).toEqual({ keyType: 'rsa', fingerprint: md5 });
  });

  it('ED25519: SHA-256 of the key blob, as `ssh-keygen -l` prints it (EC2 adds the base64 padding)', async () => {
    const key = await keygen('ed25519');
    const printed = (await execa('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${key}.pub`])).stdout.split(
      ' ',
    )[1];
    const fingerprint = ec2Fingerprint(readFileSync(`${key}.pub`, 'utf8'))?.fingerprint;
    expect(fingerprint).toMatch(/=$/);
    expect(sameFingerprint(fingerprint, printed)).toBe(true);
    expect(sameFingerprint(fingerprint, 'SHA256:AAAA')).toBe(false);
  });
});

describe('readPublicKey', () => {
  it('refuses ECDSA keys (EC2 imports RSA and ED25519 only) and private keys, without echoing them', async () => {
    const ecdsa = await keygen('ecdsa');
    await expect(readPublicKey(`${ecdsa}.pub`)).rejects.toMatchObject({ code: 'PUBLIC_KEY_UNSUPPORTED' });
    const error = (await readPublicKey(ecdsa).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'PUBLIC_KEY_INVALID' });
    expect(error.message).not.toContain(readFileSync(ecdsa, 'utf8').split('\n')[1]);
    const truncated = join(dir, 'truncated.pub');
    writeFileSync(truncated, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake me@laptop\n');
    await expect(readPublicKey(truncated)).rejects.toMatchObject({ code: 'PUBLIC_KEY_INVALID' });
  });
});
