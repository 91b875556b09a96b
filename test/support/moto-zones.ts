/**
 * Hosted zones in moto with ids as Route 53 gives them. Route 53's ids start with Z
 * (ROUTE53.hostedZoneId in lib/aws-facts.ts, which the config requires); moto draws an id's 22
 * characters from A-Z and 0-9. So a zone is made until its id is one Route 53 could give, and
 * each zone made on the way is deleted: the account holds only the zones a test asked for.
 */
import { CreateHostedZoneCommand, DeleteHostedZoneCommand, type Route53Client, type VPCRegion } from '@aws-sdk/client-route-53';
import { ROUTE53 } from '../../lib/aws-facts';

let made = 0;

/** A public hosted zone (a private one with `vpc`), its id without `/hostedzone/` and its delegation set. */
export async function createHostedZone(r53: Route53Client, name: string, opts: { vpc?: { id: string; region: VPCRegion } } = {}): Promise<{ id: string; nameServers: string[] }> {
  for (;;) {
    const out = await r53.send(
      new CreateHostedZoneCommand({
        Name: name,
        // Unique per call, as Route 53 requires of a caller reference.
        CallerReference: `${name}-${++made}`,
        ...(opts.vpc ? { VPC: { VPCId: opts.vpc.id, VPCRegion: opts.vpc.region }, HostedZoneConfig: { PrivateZone: true } } : {}),
      }),
    );
    const id = out.HostedZone!.Id!.replace('/hostedzone/', '');
    if (ROUTE53.hostedZoneId.test(id)) return { id, nameServers: out.DelegationSet?.NameServers ?? [] };
    await r53.send(new DeleteHostedZoneCommand({ Id: id }));
  }
}
