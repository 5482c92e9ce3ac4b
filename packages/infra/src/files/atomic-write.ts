import type { Options } from 'write-file-atomic';

/**
 * write-file-atomic, loaded on the first write: importing it starts signal-exit and worker_threads,
 * which commands that only read (a no-change plan or apply) should not pay for at startup.
 */
export async function writeFileAtomically(file: string, data: string, options?: Options): Promise<void> {
  const { default: writeFileAtomic } = await import('write-file-atomic');
  await writeFileAtomic(file, data, options);
}
