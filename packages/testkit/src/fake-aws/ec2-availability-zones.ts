import { ec2Result, xmlEscape } from './responses.js';
import type { ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

const EC2_ZONES = defineFakeService<undefined>({
  model: 'ec2',
  signingName: 'ec2',
  protocol: 'query',
  operations: {
    DescribeAvailabilityZones: (_state, request) => {
      const region = xmlEscape(request.region);
      const items = ['a', 'b', 'c']
        .map(
          (letter, index) =>
            `<item><zoneName>${region}${letter}</zoneName><zoneState>available</zoneState><regionName>${region}</regionName><zoneId>${region.replaceAll('-', '')}-az${index + 1}</zoneId><zoneType>availability-zone</zoneType><optInStatus>opt-in-not-required</optInStatus><groupName>${region}</groupName><networkBorderGroup>${region}</networkBorderGroup><messageSet/></item>`,
        )
        .join('');
      return ec2Result('DescribeAvailabilityZones', `<availabilityZoneInfo>${items}</availabilityZoneInfo>`);
    },
  },
});

/** EC2 DescribeAvailabilityZones (ec2Query): three available zones a/b/c of the request's region. */
export function ec2AvailabilityZonesHandler(): ServiceHandler {
  return EC2_ZONES.handler(undefined);
}
