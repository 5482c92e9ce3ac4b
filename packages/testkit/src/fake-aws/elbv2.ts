import { queryError, queryResult, xmlEscape } from './responses.js';
import type { FakeAwsRequest, ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

export interface FakeTarget {
  id: string;
  port: number;
  state: 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable';
  reason?: string;
}

/** A forward action as ELBv2 describes it: one target group, or a weighted forward (CodeDeploy's reroute). */
export interface FakeForwardAction {
  targetGroupArn?: string;
  forward?: {
    targetGroups: Array<{ arn: string; weight: number }>;
    stickiness?: { enabled: boolean; durationSeconds?: number };
  };
}

export interface FakeListener {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: 'HTTP' | 'HTTPS';
  defaultActions: FakeForwardAction[];
  tags?: Record<string, string>;
}

interface Elbv2State {
  targetGroups: Record<string, FakeTarget[]>;
  listeners: FakeListener[];
}

const NS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

/** The values of an awsQuery list parameter (`Name.member.1`, `Name.member.2`...). */
function memberList(request: FakeAwsRequest, name: string): string[] {
  const values: string[] = [];
  for (let i = 1; request.params[`${name}.member.${i}`] !== undefined; i++) {
    values.push(String(request.params[`${name}.member.${i}`]));
  }
  return values;
}

function actionXml(action: FakeForwardAction, order: number): string {
  const forward = action.forward;
  const groups = forward
    ? forward.targetGroups
        .map(
          (g) =>
            `<member><TargetGroupArn>${xmlEscape(g.arn)}</TargetGroupArn><Weight>${g.weight}</Weight></member>`,
        )
        .join('')
    : '';
  const stickiness = forward
    ? `<TargetGroupStickinessConfig><Enabled>${forward.stickiness?.enabled ?? false}</Enabled>${
        forward.stickiness?.durationSeconds === undefined
          ? ''
          : `<DurationSeconds>${forward.stickiness.durationSeconds}</DurationSeconds>`
      }</TargetGroupStickinessConfig>`
    : '';
  return `<member><Type>forward</Type>${
    action.targetGroupArn ? `<TargetGroupArn>${xmlEscape(action.targetGroupArn)}</TargetGroupArn>` : ''
  }<Order>${order}</Order>${forward ? `<ForwardConfig><TargetGroups>${groups}</TargetGroups>${stickiness}</ForwardConfig>` : ''}</member>`;
}

function listenerXml(listener: FakeListener): string {
  const actions = listener.defaultActions.map((action, i) => actionXml(action, i + 1)).join('');
  return `<member><ListenerArn>${xmlEscape(listener.arn)}</ListenerArn><LoadBalancerArn>${xmlEscape(listener.loadBalancerArn)}</LoadBalancerArn><Port>${listener.port}</Port><Protocol>${listener.protocol}</Protocol><DefaultActions>${actions}</DefaultActions></member>`;
}

const ELBV2 = defineFakeService<Elbv2State>({
  model: 'elbv2',
  signingName: 'elasticloadbalancing',
  protocol: 'query',
  operations: {
    DescribeTargetHealth: ({ targetGroups }, request) => {
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
    // By ListenerArns or LoadBalancerArn (AWS refuses both or neither); all on one page.
    DescribeListeners: ({ listeners }, request) => {
      const arns = memberList(request, 'ListenerArns');
      const balancer = request.params['LoadBalancerArn'];
      if (arns.length > 0 === (balancer !== undefined)) {
        return queryError(
          400,
          'ValidationError',
          'Listener ARNs or a load balancer ARN must be specified, not both',
        );
      }
      const found =
        arns.length > 0
          ? listeners.filter((l) => arns.includes(l.arn))
          : listeners.filter((l) => l.loadBalancerArn === balancer);
      if (arns.length > 0 && found.length < arns.length) {
        return queryError(400, 'ListenerNotFound', 'One or more listeners not found');
      }
      if (balancer !== undefined && found.length === 0) {
        return queryError(400, 'LoadBalancerNotFound', `Load balancers '[${balancer}]' not found`);
      }
      return queryResult(
        'DescribeListeners',
        NS,
        `<Listeners>${found.map(listenerXml).join('')}</Listeners>`,
      );
    },
    // Tags of listeners only (the fake holds no other taggable resource); at most 20 ARNs, like AWS.
    DescribeTags: ({ listeners }, request) => {
      const arns = memberList(request, 'ResourceArns');
      if (arns.length === 0 || arns.length > 20) {
        return queryError(400, 'ValidationError', 'ResourceArns must hold between 1 and 20 ARNs');
      }
      const descriptions: string[] = [];
      for (const arn of arns) {
        const listener = listeners.find((l) => l.arn === arn);
        if (!listener) return queryError(400, 'ListenerNotFound', 'One or more listeners not found');
        const tags = Object.entries(listener.tags ?? {})
          .map(
            ([key, value]) =>
              `<member><Key>${xmlEscape(key)}</Key><Value>${xmlEscape(value)}</Value></member>`,
          )
          .join('');
        descriptions.push(
          `<member><ResourceArn>${xmlEscape(arn)}</ResourceArn><Tags>${tags}</Tags></member>`,
        );
      }
      return queryResult('DescribeTags', NS, `<TagDescriptions>${descriptions.join('')}</TagDescriptions>`);
    },
  },
});

/**
 * ELBv2 (awsQuery 2015-12-01): DescribeTargetHealth over `targetGroups` (an unknown ARN gets
 * TargetGroupNotFound), DescribeListeners and DescribeTags over `listeners` (read at call time, so a test
 * can reroute one between two plans).
 */
export function elbv2Handler(
  targetGroups: Record<string, FakeTarget[]>,
  listeners: FakeListener[] = [],
): ServiceHandler {
  return ELBV2.handler({ targetGroups, listeners });
}
