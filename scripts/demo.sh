#!/usr/bin/env bash
# npm run demo: seeds a demo account with realistic chats, then starts the server like npm start.
set -euo pipefail
source "$(dirname "$0")/env.sh"
ensure_packages
export PATH="$root/node_modules/.bin:$PATH"
tsx scripts/demo.ts
exec bash scripts/start.sh
