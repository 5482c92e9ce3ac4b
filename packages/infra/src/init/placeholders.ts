/**
 * Texts the committed vars/mock.tfvars.json holds where a real answer belongs (the seed's examples): a
 * value that is or contains one is unanswered, never offered as a default nor checked before it is typed.
 */
const PLACEHOLDERS = ['key_pair_name', 'artifact-store-bucket-name', 'project_name'];

function isPlaceholder(value: unknown): boolean {
  if (typeof value === 'string') return PLACEHOLDERS.includes(value);
  if (Array.isArray(value)) return value.some(isPlaceholder);
  if (value !== null && typeof value === 'object') return Object.values(value).some(isPlaceholder);
  return false;
}

/** The value, unless it is a placeholder. */
export function realAnswer<T>(value: T): T | undefined {
  return isPlaceholder(value) ? undefined : value;
}
