/** Terraform's "Lock Info" block, as printed when the state lock is held (and stored in the lock file). */
export interface LockInfo {
  id: string;
  path: string | undefined;
  /** OperationTypeApply, OperationTypePlan, … as Terraform records it. */
  operation: string | undefined;
  who: string | undefined;
  version: string | undefined;
  /** When the lock was taken (ISO 8601), when Terraform's text could be read. */
  created: string | undefined;
  info: string | undefined;
}

function field(block: string, name: string): string | undefined {
  const value = new RegExp(`^\\s*${name}:[ \\t]*(.*)$`, 'm').exec(block)?.[1]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** "2026-12-01 08:06:44.958719637 +0000 UTC" (Go's time.String) -> ISO 8601. */
function isoTime(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const match = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(\.\d+)?\s*(Z|[+-]\d\d)(?::?(\d\d))?/.exec(text);
  if (!match) return text;
  const millis = (match[3] ?? '').slice(0, 4);
  const zone = match[4] === 'Z' ? 'Z' : `${match[4]}:${match[5] ?? '00'}`;
  const date = new Date(`${match[1]}T${match[2]}${millis}${zone}`);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/** The lock Terraform reports in an "Error acquiring the state lock" message, if any. */
export function parseLockInfo(output: string): LockInfo | undefined {
  const start = output.indexOf('Lock Info:');
  if (start < 0) return undefined;
  const block = output.slice(start);
  const id = field(block, 'ID');
  if (!id) return undefined;
  return {
    id,
    path: field(block, 'Path'),
    operation: field(block, 'Operation'),
    who: field(block, 'Who'),
    version: field(block, 'Version'),
    created: isoTime(field(block, 'Created')),
    info: field(block, 'Info'),
  };
}

/** The JSON Terraform stores as the lock itself (`.terraform.tfstate.lock.info`, S3 `<key>.tflock`). */
export function lockInfoFromJson(text: string): LockInfo | undefined {
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const str = (name: string) =>
      typeof parsed[name] === 'string' && parsed[name] !== '' ? (parsed[name] as string) : undefined;
    const id = str('ID');
    if (!id) return undefined;
    return {
      id,
      path: str('Path'),
      operation: str('Operation'),
      who: str('Who'),
      version: str('Version'),
      created: isoTime(str('Created')),
      info: str('Info'),
    };
  } catch {
    return undefined;
  }
}

const OPERATIONS: Record<string, string> = {
  OperationTypeApply: 'apply',
  OperationTypePlan: 'plan',
  OperationTypeRefresh: 'refresh',
};

/** "apply" / "plan" / "Terraform run" for OperationTypeApply, … */
export function operationName(operation: string | undefined): string {
  return (operation ? OPERATIONS[operation] : undefined) ?? 'Terraform run';
}

/** "apply by root@vm since 2026-12-01T08:06:44.958Z (lock 4667…)" */
export function describeLock(lock: LockInfo): string {
  return `${operationName(lock.operation)}${lock.who ? ` by ${lock.who}` : ''}${lock.created ? ` since ${lock.created}` : ''} (lock ID ${lock.id})`;
}
