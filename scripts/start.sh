#!/usr/bin/env bash
# npm start: Node 22 if needed, packages, a fresh build, migrations, then serve (HOST/PORT/DATA_DIR honoured).
set -euo pipefail
source "$(dirname "$0")/env.sh"
ensure_packages
export PATH="$root/node_modules/.bin:$PATH"
bash scripts/build.sh
tsx scripts/migrate.ts
# Sockets are files: raise the soft limit on open files to the hard one (the connection budget is sized from it).
ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true
export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-4321}"
echo "chatshare: serving on http://$HOST:$PORT (data in ${DATA_DIR:-./data})"
exec node dist/chatshare/server.mjs
