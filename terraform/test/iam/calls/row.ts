import type { StackNames } from '../names.js';
import type { RoleKey, Variant } from '../stack.js';

/** A call AWS makes with one of the stack's roles, and the AWS document that says it does. */
export interface CallRow {
  /** What the call is for, in words (named in a failure). */
  call: string;
  principal: RoleKey;
  action: string;
  resource: (names: StackNames) => string;
  /** Context keys as AWS sends them with the request. */
  context?: (names: StackNames) => Record<string, string | string[]>;
  doc: string;
  /** Variants that make this call (default: all of them). */
  when?: (variant: Variant) => boolean;
}

export const blueGreen = (variant: Variant): boolean => variant.blueGreen;
export const rolling = (variant: Variant): boolean => !variant.blueGreen;
export const testStage = (variant: Variant): boolean => variant.testStage;
export const execEnabled = (variant: Variant): boolean => variant.exec !== 'off';
export const execLogging = (variant: Variant): boolean => variant.exec === 'logging';

/** s3:ResourceAccount: S3 sends the bucket owner's account with every request. */
export const s3Context = (names: StackNames) => ({ 's3:ResourceAccount': names.account });

export const rows = (
  principal: RoleKey,
  doc: string,
  entries: Array<Omit<CallRow, 'principal' | 'doc'> & { doc?: string }>,
): CallRow[] => entries.map((entry) => ({ ...entry, principal, doc: entry.doc ?? doc }));
