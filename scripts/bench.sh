#!/usr/bin/env bash
# npm run bench: Node 22 if needed, packages, wrk and nginx (Debian's packages, installed when missing and we may), a build
# when dist/ is missing or older than the sources, then scripts/bench.ts. Not part of npm test.
set -euo pipefail
source "$(dirname "$0")/env.sh"
ensure_packages
export PATH="$root/node_modules/.bin:$PATH"

# Debian's wrk and nginx, with nginx's brotli_static module so nginx can serve chatshare's .br bytes too.
missing=()
command -v wrk >/dev/null 2>&1 || [ -n "${WRK:-}" ] || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || [ -n "${NGINX:-}" ] || missing+=(nginx)
[ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || missing+=(libnginx-mod-http-brotli-static)
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo -n)
  echo "chatshare bench: installing ${missing[*]} (Debian packages)" >&2
  if "${sudo[@]}" apt-get update -qq && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then :
  else echo "chatshare bench: could not install ${missing[*]}; the bench runs without what is missing (wrk is required)" >&2; fi
fi
if [ -z "${CHROMIUM_PATH:-}" ]; then
  for c in /usr/lib/chromium/chromium /usr/bin/chromium; do [ -x "$c" ] && export CHROMIUM_PATH="$c" && break; done
fi

entry=dist/chatshare/server.mjs
if [ ! -f "$entry" ] || [ -n "$(find src public db scripts/build.sh scripts/build-entry.mjs scripts/hash-assets.mjs astro.config.mjs package.json -newer "$entry" -print -quit 2>/dev/null)" ]; then
  echo "chatshare bench: building (dist/ is missing or older than the sources)" >&2
  bash scripts/build.sh
fi
# node --import tsx rather than the tsx CLI: one process, so Ctrl-C reaches bench.ts directly and its cleanup always runs.
exec node --import tsx scripts/bench.ts "$@"
