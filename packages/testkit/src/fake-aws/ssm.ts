import { jsonError, jsonResult } from './responses.js';
import type { ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

const SSM = defineFakeService<Record<string, string>>({
  model: 'ssm',
  signingName: 'ssm',
  protocol: 'json',
  operations: {
    GetParameter: (parameters, request) => {
      const name = String(request.json?.['Name'] ?? '');
      const value = parameters[name];
      if (value === undefined) return jsonError(400, 'ParameterNotFound', `Parameter ${name} not found.`);
      return jsonResult({
        Parameter: {
          Name: name,
          Type: 'String',
          Value: value,
          Version: 1,
          DataType: value.startsWith('ami-') ? 'aws:ec2:image' : 'text',
          ARN: `arn:aws:ssm:${request.region}::parameter${name}`,
          LastModifiedDate: 1_700_000_000,
        },
      });
    },
  },
});

/** SSM GetParameter (awsJson1_1, AmazonSSM) over a fixed map of parameters; others are ParameterNotFound. */
export function ssmHandler(parameters: Record<string, string>): ServiceHandler {
  return SSM.handler(parameters);
}
