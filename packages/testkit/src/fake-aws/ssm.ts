import { jsonError, jsonResult } from './responses.js';
import type { ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';
import { getParametersByPath } from './ssm-parameters-by-path.js';

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
    GetParametersByPath: getParametersByPath,
  },
});

/**
 * SSM (awsJson1_1, AmazonSSM) GetParameter and GetParametersByPath over one map of parameters, read at
 * call time (a test may add one later); a name not in it is ParameterNotFound.
 */
export function ssmHandler(parameters: Record<string, string>): ServiceHandler {
  return SSM.handler(parameters);
}
