import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { listRuns, runState } from '@challenge/infra';
import { makeRoot } from './cli.js';
import { backendFile, type S3BackendWorld } from './s3-backend.js';

/**
 * The fault-injection fixture: 5 `terraform_data` resources in a chain (so an apply takes a few seconds),
 * each replaced when `generation` changes; each provisioner first appends the resource's id to
 * markers.txt, then sleeps. After any fault, every id in markers.txt must be in the state.
 */
export const RESOURCES = 5;

function faultTf(sleepSeconds: number, gated: boolean): string {
  // A gated root's first provisioner also waits for a file named "go": the test decides when it goes on.
  const gate = gated ? ' && while [ ! -f go ]; do sleep 0.1; done' : '';
  const blocks = Array.from({ length: RESOURCES }, (_, i) => {
    const previous = i === 0 ? '' : `, terraform_data.r${i - 1}.id`;
    return `resource "terraform_data" "r${i}" {
  triggers_replace = [var.generation${previous}]
  provisioner "local-exec" {
    command = "echo \${self.id} >> markers.txt && sleep ${sleepSeconds}${i === 0 ? gate : ''}"
  }
}
`;
  });
  return `variable "generation" {
  description = "Changing it replaces every resource"
  type        = string
}

${blocks.join('\n')}`;
}

export type Backend = 'local' | 's3';

export interface FaultRoot {
  root: string;
  backend: Backend;
  /** Sets the generation (so the next apply replaces all 5 resources). */
  nextGeneration(): void;
  /** Resource ids in the env's state. */
  stateIds(): Promise<string[]>;
  /** Ids the provisioners wrote. */
  markerIds(): string[];
  /** Whether the state lock is held (local: the lock record; S3: the .tflock object). */
  lockHeld(): boolean;
}

export async function makeFaultRoot(
  backend: Backend,
  options: { bucket?: string; world?: S3BackendWorld; sleepSeconds?: number; gated?: boolean } = {},
): Promise<FaultRoot> {
  const bucket = options.bucket ?? 'faults';
  const root = await makeRoot({
    'main.tf': faultTf(options.sleepSeconds ?? 0.3, options.gated ?? false),
    'backend.tf':
      backend === 's3' ? 'terraform {\n  backend "s3" {}\n}\n' : 'terraform {\n  backend "local" {}\n}\n',
    'vars/mock.tfvars.json': '{ "generation": "g0" }\n',
    ...(backend === 's3' && { 'backends/mock.s3.tfbackend': backendFile(bucket, 'mock') }),
  });
  let generation = 0;
  const stateKey = 'env:/mock/challenge/mock/terraform.tfstate';
  const stateText = (): string | undefined =>
    backend === 'local'
      ? existsSync(join(root, 'terraform.tfstate.d', 'mock', 'terraform.tfstate'))
        ? readFileSync(join(root, 'terraform.tfstate.d', 'mock', 'terraform.tfstate'), 'utf8')
        : undefined
      : options.world?.s3.object(bucket, stateKey)?.body;
  return {
    root,
    backend,
    nextGeneration() {
      generation += 1;
      writeFileSync(join(root, 'vars', 'mock.tfvars.json'), `{ "generation": "g${generation}" }\n`);
    },
    async stateIds() {
      const text = stateText();
      if (!text) return [];
      const state = JSON.parse(text) as {
        resources?: Array<{ instances?: Array<{ attributes?: { id?: string } }> }>;
      };
      return (state.resources ?? []).flatMap((resource) =>
        (resource.instances ?? []).map((instance) => instance.attributes?.id ?? ''),
      );
    },
    markerIds() {
      const path = join(root, 'markers.txt');
      return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
    },
    lockHeld() {
      return backend === 'local'
        ? existsSync(join(root, 'terraform.tfstate.d', 'mock', '.terraform.tfstate.lock.info'))
        : options.world?.s3.object(bucket, `${stateKey}.tflock`) !== undefined;
    },
  };
}

/** Waits until no recorded Terraform run of the env is still going (the CLI may be long gone). */
export async function waitForRunsToEnd(root: string, env = 'mock', timeoutMs = 120_000): Promise<void> {
  const dataDir = join(root, '.terraform', 'envs', env);
  const deadline = Date.now() + timeoutMs;
  while (listRuns({ dataDir }).some((run) => runState(run).state === 'running')) {
    if (Date.now() > deadline) throw new Error('terraform still running');
    await sleep(100);
  }
}

/**
 * An HTTP proxy in front of the fake AWS endpoint that holds each write of a state object (PUT of a
 * `.tfstate` key) for `delayMs`: a slow state write, as on a slow link to S3.
 */
export async function startSlowStateProxy(
  target: string,
  delayMs: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const slow = incoming.method === 'PUT' && /\.tfstate(\?|$)/.test(incoming.url ?? '');
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const forward = () => {
        const proxied = request(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: incoming.method,
            path: incoming.url,
            headers: incoming.headers,
          },
          (response) => {
            outgoing.writeHead(response.statusCode ?? 502, response.headers);
            response.pipe(outgoing);
          },
        );
        proxied.on('error', () => outgoing.destroy());
        proxied.end(Buffer.concat(chunks));
      };
      if (slow) setTimeout(forward, delayMs);
      else forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
