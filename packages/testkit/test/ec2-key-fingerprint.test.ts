import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ec2ImportedFingerprint, makeOpenSshPublicKey } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'fingerprint-'));

/** What the EC2 user guide tells users to run to get the fingerprint of an imported RSA key. */
async function opensslMd5(pubPath: string): Promise<string> {
  const pkcs8 = await execa('ssh-keygen', ['-e', '-m', 'PKCS8', '-f', pubPath]);
  const der = await execa('openssl', ['pkey', '-pubin', '-outform', 'DER'], {
    input: pkcs8.stdout,
    encoding: 'buffer',
  });
  const md5 = await execa('openssl', ['md5', '-c'], { input: der.stdout });
  return md5.stdout.split('= ')[1]?.trim() ?? '';
}

async function sshKeygenSha256(pubPath: string): Promise<string> {
  const { stdout } = await execa('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubPath]);
  return stdout.split(' ')[1]?.replace(/^SHA256:/, '') ?? '';
}

describe('the fingerprint EC2 reports for an imported key', () => {
  it('RSA: matches openssl md5 of the DER public key (ssh-keygen made the key)', async () => {
    const key = join(dir, 'rsa');
    await execa('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', key]);
    const fingerprint = ec2ImportedFingerprint(readFileSync(`${key}.pub`, 'utf8'));
    expect(fingerprint).toEqual({ keyType: 'rsa', fingerprint: await opensslMd5(`${key}.pub`) });
  });

  it('ED25519: matches ssh-keygen -l -E sha256, padded', async () => {
    const key = join(dir, 'ed');
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const fingerprint = ec2ImportedFingerprint(readFileSync(`${key}.pub`, 'utf8'));
    expect(fingerprint?.keyType).toBe('ed25519');
    expect(fingerprint?.fingerprint).toBe(`${await sshKeygenSha256(`${key}.pub`)}=`);
  });

  it('generated fixture keys are keys ssh-keygen reads, with the same fingerprints', async () => {
    for (const type of ['ed25519', 'rsa'] as const) {
      const path = join(dir, `made-${type}.pub`);
      writeFileSync(path, `${makeOpenSshPublicKey(type)}\n`);
      const expected = type === 'rsa' ? await opensslMd5(path) : `${await sshKeygenSha256(path)}=`;
      expect(ec2ImportedFingerprint(readFileSync(path, 'utf8'))?.fingerprint).toBe(expected);
    }
  });

  it('refuses what EC2 does not import: ECDSA, truncated blobs, private keys', async () => {
    const key = join(dir, 'ecdsa');
    await execa('ssh-keygen', ['-q', '-t', 'ecdsa', '-N', '', '-f', key]);
    expect(ec2ImportedFingerprint(readFileSync(`${key}.pub`, 'utf8'))).toBeUndefined();
    expect(ec2ImportedFingerprint('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake me@laptop')).toBeUndefined();
    expect(ec2ImportedFingerprint(readFileSync(join(dir, 'ed'), 'utf8'))).toBeUndefined();
  });
});
