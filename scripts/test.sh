#!/usr/bin/env bash
# npm test: everything the tests need (Node 22, packages, Debian's Chromium), a build, then every test.
set -euo pipefail
source "$(dirname "$0")/env.sh"
# Each phase says how long it took, so a slow CI run shows where its minutes went.
phase() { local t=$SECONDS; "$@"; echo "chatshare test phase: $* took $((SECONDS - t)) s (total $SECONDS s)" >&2; }
# Debian's nginx (the two-node test's load balancer, tests/integration/multi-node.test.ts) and Chromium (the browser
# tests) install in the background while npm installs and the first tests run: on a clean machine apt takes minutes that
# are mostly download. nginx comes first, and the vitest pool that holds the two-node test waits for it; Chromium has
# until the files that time things, which then run on a quiet machine.
if [ -z "${CHROMIUM_PATH:-}" ]; then
  for c in /usr/lib/chromium/chromium /usr/bin/chromium; do [ -x "$c" ] && export CHROMIUM_PATH="$c" && break; done
fi
as_root() { if [ "$(id -u)" = 0 ]; then env DEBIAN_FRONTEND=noninteractive "$@"; else sudo env DEBIAN_FRONTEND=noninteractive "$@"; fi; }
has_nginx() { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }
apt_packages=()
has_nginx || apt_packages+=(nginx)
[ -n "${CHROMIUM_PATH:-}" ] || apt_packages+=(chromium)
apt_dir=$(mktemp -d) apt_pid=""
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "chatshare: installing Debian's ${apt_packages[*]} for the tests, in the background" >&2
  (
    as_root apt-get update -qq
    for pkg in "${apt_packages[@]}"; do as_root apt-get install -y -qq "$pkg" >/dev/null && touch "$apt_dir/$pkg"; done
  ) >"$apt_dir/log" 2>&1 & apt_pid=$!
fi
# Waits until apt has installed $1 (or has ended without it: then its log shows why, and the run stops).
apt_wait() {
  [ -n "$apt_pid" ] || return 0
  while [ ! -e "$apt_dir/$1" ] && kill -0 "$apt_pid" 2>/dev/null; do sleep 1; done
  if [ ! -e "$apt_dir/$1" ]; then echo "chatshare: could not install Debian's $1:" >&2; cat "$apt_dir/log" >&2; exit 1; fi
}

phase ensure_packages
export PATH="$root/node_modules/.bin:$PATH"

phase bash scripts/build.sh
# The type check runs beside the first vitest pool (it needs no server) and must pass before the browsers start.
tsc --noEmit -p . & tsc_pid=$!
# Most test files wait on servers they start more than they compute: three at a time. The files that time things or
# flood the machine on purpose then run alone (see vitest.config.ts).
# The rest includes the second backend: the store-heavy files again with every server on PostgreSQL (embedded-postgres,
# started once for the run by tests/helpers/postgres-global.ts) and its share files in a real S3-protocol server on
# loopback (the *-pg.test.ts files), plus the two-node test behind nginx and migrate-data, in the same pool rather than as
# a pass of their own after it.
phase apt_wait nginx
VITEST_GROUP=rest phase vitest run --maxWorkers=3
phase wait "$tsc_pid" # tsc's own exit status: a type error stops the run here
[ -n "${CHROMIUM_PATH:-}" ] || { phase apt_wait chromium; export CHROMIUM_PATH=/usr/lib/chromium/chromium; }
VITEST_GROUP=timing phase vitest run --maxWorkers=1
phase playwright test
