#!/usr/bin/env bash
# npm start: Node 22 if needed, packages, a fresh build, migrations, then serve (HOST/PORT/DATA_DIR honoured).
set -euo pipefail
source "$(dirname "$0")/env.sh"
ensure_packages
export PATH="$root/node_modules/.bin:$PATH"
bash scripts/build.sh
tsx scripts/migrate.ts
export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-4321}"
echo "chatshare: serving on http://$HOST:$PORT (data in ${DATA_DIR:-./data})"
exec node dist/chatshare/server.mjs
