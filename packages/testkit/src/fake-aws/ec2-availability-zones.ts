import { ec2Result, xmlEscape } from './responses.js';
import type { ServiceHandler } from './server.js';

/** EC2 DescribeAvailabilityZones (ec2Query): three available zones a/b/c of the request's region. */
export function ec2AvailabilityZonesHandler(): ServiceHandler {
  return (request) => {
    if (request.action !== 'DescribeAvailabilityZones') return undefined;
    const region = xmlEscape(request.region);
    const items = ['a', 'b', 'c']
      .map(
        (letter, index) =>
          `<item><zoneName>${region}${letter}</zoneName><zoneState>available</zoneState><regionName>${region}</regionName><zoneId>${region.replaceAll('-', '')}-az${index + 1}</zoneId><zoneType>availability-zone</zoneType><optInStatus>opt-in-not-required</optInStatus><groupName>${region}</groupName><networkBorderGroup>${region}</networkBorderGroup><messageSet/></item>`,
      )
      .join('');
    return ec2Result('DescribeAvailabilityZones', `<availabilityZoneInfo>${items}</availabilityZoneInfo>`);
  };
}
