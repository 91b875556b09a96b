#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need, then runs every test.
#  - node_modules from package-lock.json (npm ci) when missing or stale;
#  - .venv with moto[server], cfn-lint and the AWS CLI from requirements-test.txt (pinned) when missing or stale;
#  - type-check, then jest (template assertions, cdk-nag, cfn-guard, cfn-lint, handler tests).
set -euo pipefail
cd "$(dirname "$0")/.."

stamp_ok() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
# A plain `npm ci` (the README's main job) leaves npm's hidden lockfile newer than package-lock.json:
# that install is current, so it is stamped instead of being repeated.
if ! stamp_ok node_modules/.install-stamp "$lock_sum" && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "$lock_sum" > node_modules/.install-stamp
fi
if ! stamp_ok node_modules/.install-stamp "$lock_sum"; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
  echo "$lock_sum" > node_modules/.install-stamp
fi

req_sum=$(sha256sum requirements-test.txt | cut -d' ' -f1)
if ! stamp_ok .venv/.install-stamp "$req_sum"; then
  echo "==> python venv (.venv) from requirements-test.txt"
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements-test.txt
  echo "$req_sum" > .venv/.install-stamp
fi
export PATH="$PWD/.venv/bin:$PATH"

# Debian packages: headless Chromium (dashboard render check), BIND 9 with its signing tools (real
# authoritative servers and signed zones for the DNS-check tests), Knot DNS and PowerDNS (online signers) and
# Unbound (a real validating resolver that cross-checks the prober's DNSSEC verdicts), installed
# when missing and running as root.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/sbin/named ] || need+=(bind9)
[ -x /usr/bin/dnssec-signzone ] || need+=(bind9-utils)
[ -x /usr/sbin/unbound ] || need+=(unbound)
[ -x /usr/sbin/knotd ] || need+=(knot) # Knot DNS: online signing (compact denial answers) for the DNSSEC denial tests
[ -x /usr/sbin/pdns_server ] || need+=(pdns-server) # PowerDNS: online signing with NSEC, NSEC3 and NSEC3 narrow denial for the DNSSEC denial tests
compgen -G '/usr/lib/*/pdns/libbindbackend.so' >/dev/null || need+=(pdns-backend-bind) # PowerDNS's zone-file backend
[ -x /usr/sbin/ip ] || need+=(iproute2)
[ -x /usr/bin/script ] || need+=(bsdutils) # a pseudo-terminal for the replay progress-bar test
[ -x /usr/bin/jq ] || need+=(jq) # runs the dead-letter redrive transform of docs/slack.md, and splits the AWS CLI's output in tests (test/support/aws-cli.ts)
if [ ${#need[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "==> apt-get install ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# Tests never talk to real AWS: no credentials from the environment, no IMDS lookups.
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN=testing
export AWS_EC2_METADATA_DISABLED=true AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
unset AWS_PROFILE || true
# Known and documented (README): SDK releases after January 2027 need Node.js 22. Not test output.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

# Every temporary directory of the run (synthesis outdirs, packed tarballs, DNS servers' files) goes
# under one directory that is removed when the run ends: each run used to leave about 2 GB of
# synthesized templates in /tmp, and repeated runs filled the disk. jest makes its own run directory
# inside it (test/support/tmpdir.ts, for `npx jest` too); this one also holds what runs outside jest.
run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/dnsmon-test.XXXXXX")
trap 'rm -rf "$run_tmp"' EXIT
export TMPDIR="$run_tmp"

echo "==> type-check"
npx tsc --noEmit -p tsconfig.json

# No test may reach a non-loopback address. Where the command can (root, util-linux's unshare),
# jest runs in a network namespace of its own whose only interface is loopback: a test that tries
# anything else fails at once, and test/support/network-isolation.test.ts proves the namespace is
# there (DNSMON_TEST_NETWORK=isolated). Elsewhere the tests run as before, and the command says so.
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 && unshare --net -- /usr/sbin/ip link set lo up 2>/dev/null; then
  echo "==> jest (network: loopback only)"
  DNSMON_TEST_NETWORK=isolated unshare --net -- bash -c '/usr/sbin/ip link set lo up && npx jest --ci "$@"' jest "$@"
else
  echo "==> jest (network NOT isolated: that needs root and unshare; the loopback-only rule is then not enforced)"
  npx jest --ci "$@"
fi
