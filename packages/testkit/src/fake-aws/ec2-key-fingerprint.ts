import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';

/**
 * The fingerprint EC2 reports for an imported OpenSSH public key (EC2 user guide, "Verify the fingerprint
 * of your key pair"): RSA -> MD5 of the DER SubjectPublicKeyInfo, colon-separated hex; ED25519 -> base64
 * SHA-256 of the key blob, as OpenSSH shows it, with base64 padding. Undefined for anything EC2 refuses.
 */
export function ec2ImportedFingerprint(
  openSshLine: string,
): { keyType: 'rsa' | 'ed25519'; fingerprint: string } | undefined {
  const [type, base64] = openSshLine.trim().split(/\s+/);
  if (base64 === undefined || !/^[A-Za-z0-9+/]+=*$/.test(base64)) return undefined;
  const blob = Buffer.from(base64, 'base64');
  const fields: Buffer[] = [];
  for (let at = 0; at < blob.length; ) {
    if (at + 4 > blob.length) return undefined;
    const length = blob.readUInt32BE(at);
    if (at + 4 + length > blob.length) return undefined;
    fields.push(blob.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  if (fields[0]?.toString('latin1') !== type) return undefined;
  if (type === 'ssh-ed25519' && fields.length === 2 && fields[1]?.length === 32) {
    return { keyType: 'ed25519', fingerprint: createHash('sha256').update(blob).digest('base64') };
  }
  if (type === 'ssh-rsa' && fields.length === 3) {
    const unsigned = (mpint: Buffer) =>
      mpint.subarray(mpint.findIndex((byte) => byte !== 0)).toString('base64url');
    try {
      const der = createPublicKey({
        key: { kty: 'RSA', e: unsigned(fields[1] as Buffer), n: unsigned(fields[2] as Buffer) },
        format: 'jwk',
      }).export({ type: 'spki', format: 'der' });
      const hex = createHash('md5').update(der).digest('hex');
      return { keyType: 'rsa', fingerprint: hex.match(/../g)?.join(':') ?? hex };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

/** An SSH mpint: big-endian, with a 0x00 in front when the top bit is set (so it stays positive). */
function sshMpint(base64url: string): Buffer {
  const bytes = Buffer.from(base64url, 'base64url');
  return sshString((bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** A fresh OpenSSH public key line (`ssh-ed25519 AAAA... comment`), for fixtures that need a real key. */
export function makeOpenSshPublicKey(type: 'ed25519' | 'rsa' = 'ed25519', comment = 'me@laptop'): string {
  if (type === 'ed25519') {
    const { x } = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    const blob = Buffer.concat([
      sshString(Buffer.from('ssh-ed25519')),
      sshString(Buffer.from(x as string, 'base64url')),
    ]);
    return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
  }
  const { e, n } = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
  const blob = Buffer.concat([
    sshString(Buffer.from('ssh-rsa')),
    sshMpint(e as string),
    sshMpint(n as string),
  ]);
  return `ssh-rsa ${blob.toString('base64')} ${comment}`;
}
