import { queryError, queryResult, xmlEscape } from './responses.js';
import type { ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

export interface FakeTarget {
  id: string;
  port: number;
  state: 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable';
  reason?: string;
}

const NS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

const ELBV2 = defineFakeService<Record<string, FakeTarget[]>>({
  model: 'elbv2',
  signingName: 'elasticloadbalancing',
  protocol: 'query',
  operations: {
    DescribeTargetHealth: (targetGroups, request) => {
      const arn = request.params['TargetGroupArn'] ?? '';
      const targets = targetGroups[arn];
      if (!targets) return queryError(400, 'TargetGroupNotFound', `Target groups '${arn}' not found`);
      const members = targets
        .map(
          (t) =>
            `<member><Target><Id>${xmlEscape(t.id)}</Id><Port>${t.port}</Port></Target><HealthCheckPort>${t.port}</HealthCheckPort><TargetHealth><State>${t.state}</State>${t.reason ? `<Reason>${xmlEscape(t.reason)}</Reason>` : ''}</TargetHealth></member>`,
        )
        .join('');
      return queryResult(
        'DescribeTargetHealth',
        NS,
        `<TargetHealthDescriptions>${members}</TargetHealthDescriptions>`,
      );
    },
  },
});

/** ELBv2 (awsQuery 2015-12-01): DescribeTargetHealth; an unknown ARN gets TargetGroupNotFound. */
export function elbv2Handler(targetGroups: Record<string, FakeTarget[]>): ServiceHandler {
  return ELBV2.handler(targetGroups);
}
