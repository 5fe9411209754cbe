#!/usr/bin/env bash
# Runs a command from node_modules/.bin under Node 22 (bootstrapped by env.sh), installing packages first.
set -euo pipefail
source "$(dirname "$0")/env.sh"
ensure_packages
export PATH="$root/node_modules/.bin:$PATH"
exec "$@"
