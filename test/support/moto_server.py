"""moto's server as the tests start it (test/support/moto.ts): `moto_server`, with hosted zone ids of
Route 53's shape.

Route 53 gives hosted zones ids of `Z` and capital letters or digits (API_GetHostedZone; the
config refuses any other: ROUTE53.hostedZoneId in lib/aws-facts.ts). moto 5.2.5 draws 22 capitals
or digits, so 35 ids in 36 did not start with `Z`, and each test that needed a zone the config
takes made and deleted zones until one did: thousands of calls, about a minute, in a test of 105
zones. moto's own id hook (`moto_id_manager.add_id_source`) gives its zones `Z` and 20 more
instead; everything else is moto as installed.
"""
import random
import string
import sys

from moto.utilities.id_generator import moto_id_manager

_CHARS = string.ascii_uppercase + string.digits


def _hosted_zone_id(context):
    resource = context.get("resource_identifier")
    if resource is None or resource.service != "route53" or resource.resource != "hosted_zone":
        return None
    existing = set(context.get("existing_ids") or [])
    while True:
        candidate = "Z" + "".join(random.choice(_CHARS) for _ in range(20))
        if candidate not in existing:
            return candidate


moto_id_manager.add_id_source(_hosted_zone_id)

if __name__ == "__main__":
    from moto.server import main

    sys.argv[0] = "moto_server"
    sys.exit(main())
