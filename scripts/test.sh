#!/usr/bin/env bash
# npm test: everything the tests need (Node 22, packages, Debian's Chromium), a build, then every test.
set -euo pipefail
source "$(dirname "$0")/env.sh"
# Each phase says how long it took, so a slow CI run shows where its minutes went.
phase() { local t=$SECONDS; "$@"; echo "chatshare test phase: $* took $((SECONDS - t)) s (total $SECONDS s)" >&2; }
phase ensure_packages
export PATH="$root/node_modules/.bin:$PATH"

if [ -z "${CHROMIUM_PATH:-}" ]; then
  for c in /usr/lib/chromium/chromium /usr/bin/chromium; do [ -x "$c" ] && export CHROMIUM_PATH="$c" && break; done
fi
if [ -z "${CHROMIUM_PATH:-}" ]; then
  echo "chatshare: installing Debian's chromium for the browser tests" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
  export CHROMIUM_PATH=/usr/lib/chromium/chromium
fi

# nginx is the load balancer of the two-node test (tests/integration/multi-node.test.ts), as a deployment would use it.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "chatshare: installing Debian's nginx for the two-node test" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; fi
fi

phase bash scripts/build.sh
# The type check runs beside the first vitest pool (it needs no server) and must pass before the browsers start.
tsc --noEmit -p . & tsc_pid=$!
# Most test files wait on servers they start more than they compute: three at a time. The files that time things or
# flood the machine on purpose then run alone (see vitest.config.ts).
# The rest includes the second backend: the store-heavy files again with every server on PostgreSQL (embedded-postgres,
# started once for the run by tests/helpers/postgres-global.ts) and its share files in a real S3-protocol server on
# loopback (the *-pg.test.ts files), plus the two-node test behind nginx and migrate-data, in the same pool rather than as
# a pass of their own after it.
VITEST_GROUP=rest phase vitest run --maxWorkers=3
phase wait "$tsc_pid" # tsc's own exit status: a type error stops the run here
VITEST_GROUP=timing phase vitest run --maxWorkers=1
phase playwright test
