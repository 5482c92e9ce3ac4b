import { createHash, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ChallengeError } from '../errors.js';

/** An OpenSSH public key EC2 can import, with the fingerprint EC2 will report for it. */
export interface PublicKey {
  path: string;
  /** The one `ssh-ed25519 AAAA... comment` line, as sent to ImportKeyPair. */
  material: string;
  keyType: 'rsa' | 'ed25519';
  fingerprint: string;
}

/** The length-prefixed fields of an SSH wire-format key blob, or undefined when it is malformed. */
function sshFields(blob: Buffer): Buffer[] | undefined {
  const fields: Buffer[] = [];
  let at = 0;
  while (at < blob.length) {
    if (at + 4 > blob.length) return undefined;
    const end = at + 4 + blob.readUInt32BE(at);
    if (end > blob.length) return undefined;
    fields.push(blob.subarray(at + 4, end));
    at = end;
  }
  return fields;
}

function withoutLeadingZeros(mpint: Buffer): string {
  let start = 0;
  while (start < mpint.length - 1 && mpint[start] === 0) start += 1;
  return mpint.subarray(start).toString('base64url');
}

/**
 * The fingerprint EC2 shows for an imported key (EC2 user guide, "Verify the fingerprint of your key
 * pair"): for RSA the MD5 of the DER-encoded public key (SubjectPublicKeyInfo) as colon-separated hex,
 * for ED25519 the base64 SHA-256 of the key blob (what `ssh-keygen -l` prints). Undefined for key types
 * EC2 does not import (ECDSA, DSA) and for malformed lines.
 */
export function ec2Fingerprint(
  line: string,
): { keyType: 'rsa' | 'ed25519'; fingerprint: string } | undefined {
  const [type, base64] = line.trim().split(/\s+/);
  if (base64 === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const blob = Buffer.from(base64, 'base64');
  const fields = sshFields(blob);
  if (!fields || fields[0]?.toString('latin1') !== type) return undefined;
  if (type === 'ssh-ed25519') {
    if (fields.length !== 2 || fields[1]?.length !== 32) return undefined;
    return { keyType: 'ed25519', fingerprint: createHash('sha256').update(blob).digest('base64') };
  }
  if (type === 'ssh-rsa' && fields.length === 3) {
    const [, exponent, modulus] = fields as [Buffer, Buffer, Buffer];
    try {
      const der = createPublicKey({
        key: { kty: 'RSA', e: withoutLeadingZeros(exponent), n: withoutLeadingZeros(modulus) },
        format: 'jwk',
      }).export({ type: 'spki', format: 'der' });
      const hex = createHash('md5').update(der).digest('hex');
      return { keyType: 'rsa', fingerprint: (hex.match(/../g) ?? []).join(':') };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Fingerprints compare equal whatever the padding, `SHA256:` prefix or hex case the tool printed. */
export function sameFingerprint(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const normal = (value: string) => {
    const bare = value
      .trim()
      .replace(/^SHA256:/, '')
      .replace(/=+$/, '');
    return /^[0-9a-f:]+$/i.test(bare) ? bare.toLowerCase() : bare;
  };
  return normal(a) === normal(b);
}

/**
 * Reads an OpenSSH public key file EC2 can import. Only the public half is ever read: a file that is not
 * one public key line (a private key, say) is refused without echoing its content.
 */
export async function readPublicKey(path: string): Promise<PublicKey> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ChallengeError(`Cannot read public key file ${path}.`, {
      hint: 'Pass an existing OpenSSH public key, e.g. --import-public-key ~/.ssh/id_ed25519.pub (create one with `ssh-keygen -t ed25519`).',
      code: 'PUBLIC_KEY_UNREADABLE',
    });
  }
  const material = text.trim();
  const type = /^(\S+) /.exec(material)?.[1];
  if (type !== undefined && /^(ecdsa-sha2-\S+|ssh-dss|sk-\S+)$/.test(type)) {
    throw new ChallengeError(`${path} is a ${type} key; EC2 imports only RSA and ED25519 keys.`, {
      hint: 'Create an ED25519 key with `ssh-keygen -t ed25519` and pass its .pub file (--import-public-key ~/.ssh/id_ed25519.pub).',
      code: 'PUBLIC_KEY_UNSUPPORTED',
    });
  }
  const parsed = material.includes('\n') ? undefined : ec2Fingerprint(material);
  if (!parsed) {
    throw new ChallengeError(`${path} is not an OpenSSH public key.`, {
      hint: 'Pass the .pub file (one line starting with ssh-ed25519 or ssh-rsa), never the private key.',
      code: 'PUBLIC_KEY_INVALID',
    });
  }
  return { path, material, ...parsed };
}
