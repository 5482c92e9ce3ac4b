import { createHash, generateKeyPairSync } from 'node:crypto';
import { ec2ImportedFingerprint } from './ec2-key-fingerprint.js';
import { ec2Error, ec2Result, xmlEscape } from './responses.js';
import type { ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

export interface FakeKeyPair {
  name: string;
  fingerprint?: string;
  keyType?: 'rsa' | 'ed25519';
}

export interface Ec2KeyPairsOptions {
  /** Key pairs per region; a region not listed has none. */
  keyPairs?: Record<string, FakeKeyPair[]>;
  /** Regions DescribeRegions answers (default: a handful of real ones). */
  regions?: string[];
}

export interface FakeEc2KeyPairs {
  handler: ServiceHandler;
  /** Current key pairs of a region, including imported ones. */
  keyPairs(region: string): FakeKeyPair[];
}

export const DEFAULT_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-southeast-2',
];

function numbered(params: Record<string, string>, prefix: string): string[] {
  return Object.keys(params)
    .filter((key) => key.startsWith(prefix))
    .sort()
    .map((key) => params[key] as string);
}

function keyPairXml(pair: FakeKeyPair): string {
  return `<item><keyPairId>key-${xmlEscape(pair.name)}</keyPairId><keyName>${xmlEscape(pair.name)}</keyName><keyFingerprint>${xmlEscape(pair.fingerprint ?? 'aa:bb:cc')}</keyFingerprint><keyType>${pair.keyType ?? 'rsa'}</keyType></item>`;
}

/**
 * A new RSA key as EC2 CreateKeyPair returns it: the unencrypted private key in PEM, and the fingerprint
 * EC2 shows for a key it created (the SHA-1 digest of the DER-encoded private key, in colon-separated hex).
 */
function createdRsaKey(): { material: string; fingerprint: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const material = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString().trim();
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  const fingerprint = (createHash('sha1').update(der).digest('hex').match(/../g) ?? []).join(':');
  return { material, fingerprint };
}

interface KeyPairState {
  pairsOf(region: string): FakeKeyPair[];
  regions: string[];
}

const EC2_KEY_PAIRS = defineFakeService<KeyPairState>({
  model: 'ec2',
  signingName: 'ec2',
  protocol: 'query',
  operations: {
    DescribeKeyPairs: (state, request) => {
      const pairs = state.pairsOf(request.region);
      const names = numbered(request.params, 'KeyName.');
      const missing = names.find((name) => !pairs.some((pair) => pair.name === name));
      if (missing !== undefined) {
        return ec2Error(400, 'InvalidKeyPair.NotFound', `The key pair '${missing}' does not exist`);
      }
      const found = names.length > 0 ? pairs.filter((pair) => names.includes(pair.name)) : pairs;
      return ec2Result('DescribeKeyPairs', `<keySet>${found.map(keyPairXml).join('')}</keySet>`);
    },
    ImportKeyPair: (state, request) => {
      const pairs = state.pairsOf(request.region);
      const name = request.params['KeyName'] ?? '';
      if (pairs.some((pair) => pair.name === name)) {
        return ec2Error(400, 'InvalidKeyPair.Duplicate', `The keypair already exists`);
      }
      const material = Buffer.from(request.params['PublicKeyMaterial'] ?? '', 'base64').toString('utf8');
      // EC2 imports RSA and ED25519 keys only, and reports the fingerprint of what it imported.
      const imported = ec2ImportedFingerprint(material);
      if (!imported) {
        return ec2Error(400, 'InvalidKey.Format', 'Key is not in valid OpenSSH public key format');
      }
      const pair: FakeKeyPair = { name, ...imported };
      pairs.push(pair);
      return ec2Result(
        'ImportKeyPair',
        `<keyFingerprint>${pair.fingerprint}</keyFingerprint><keyName>${xmlEscape(name)}</keyName><keyPairId>key-${xmlEscape(name)}</keyPairId>`,
      );
    },
    CreateKeyPair: (state, request) => {
      const pairs = state.pairsOf(request.region);
      const name = request.params['KeyName'] ?? '';
      if (pairs.some((pair) => pair.name === name)) {
        return ec2Error(400, 'InvalidKeyPair.Duplicate', `The keypair '${name}' already exists.`);
      }
      const keyType = request.params['KeyType'] ?? 'rsa';
      if (keyType !== 'rsa' || (request.params['KeyFormat'] ?? 'pem') !== 'pem') {
        // The fake makes what the CLI asks for: an RSA key in PEM, as EC2 makes by default.
        return ec2Error(400, 'InvalidParameterValue', 'The fake creates RSA keys in PEM format only');
      }
      const created = createdRsaKey();
      const pair: FakeKeyPair = { name, fingerprint: created.fingerprint, keyType: 'rsa' };
      pairs.push(pair);
      return ec2Result(
        'CreateKeyPair',
        `<keyFingerprint>${created.fingerprint}</keyFingerprint><keyMaterial>${xmlEscape(created.material)}</keyMaterial><keyName>${xmlEscape(name)}</keyName><keyPairId>key-${xmlEscape(name)}</keyPairId>`,
      );
    },
    DescribeRegions: (state) =>
      ec2Result(
        'DescribeRegions',
        `<regionInfo>${state.regions
          .map(
            (region) =>
              `<item><regionName>${region}</regionName><regionEndpoint>ec2.${region}.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>`,
          )
          .join('')}</regionInfo>`,
      ),
  },
});

/** EC2 DescribeKeyPairs (KeyName filters), ImportKeyPair, CreateKeyPair and DescribeRegions, with AWS's error codes. */
export function ec2KeyPairs(options: Ec2KeyPairsOptions = {}): FakeEc2KeyPairs {
  const state = new Map<string, FakeKeyPair[]>();
  for (const [region, pairs] of Object.entries(options.keyPairs ?? {})) state.set(region, [...pairs]);
  const pairsOf = (region: string): FakeKeyPair[] => {
    if (!state.has(region)) state.set(region, []);
    return state.get(region) as FakeKeyPair[];
  };
  const handler = EC2_KEY_PAIRS.handler({ pairsOf, regions: options.regions ?? DEFAULT_REGIONS });
  return { handler, keyPairs: (region) => [...pairsOf(region)] };
}
