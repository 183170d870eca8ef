#!/usr/bin/env bash
# Everything the tests and the demo need, installed idempotently:
#   1. a Chromium (Playwright's, $BROWSER_AGENT_EXECUTABLE_PATH, one on the PATH, or apt's), and
#      chrome-headless-shell for the Headless Shell mode (on the PATH, $BROWSER_AGENT_HEADLESS_SHELL_PATH, or apt's),
#      and Redis and PostgreSQL for the queue-mode test (on the PATH or apt's),
#   2. the npm dependencies (npm ci, only when package-lock.json changed),
#   3. the build (dist/).
# Sourced or run; prints progress on stderr.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
say() { echo "[setup] $*" >&2; }

# --- 1. npm dependencies -------------------------------------------------------------
stamp="node_modules/.browser-agent-lock"
if [[ ! -f "$stamp" ]] || ! cmp -s package-lock.json "$stamp"; then
	say "installing npm dependencies (npm ci)"
	# Plain `npm ci`, as a contributor runs it: package.json's allowScripts says which dependency
	# install scripts run (none, each for a reason given in README → Developing).
	npm ci --no-audit --no-fund --loglevel=error
	cp package-lock.json "$stamp"
fi

# --- 2. a Chromium ----------------------------------------------------------------------
has_browser() {
	[[ -n "${BROWSER_AGENT_EXECUTABLE_PATH:-}" && -x "${BROWSER_AGENT_EXECUTABLE_PATH}" ]] && return 0
	node -e "process.exit(require('fs').existsSync(require('playwright').chromium.executablePath()) ? 0 : 1)" 2>/dev/null && return 0
	command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null
}
if ! has_browser; then
	if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
		say "no Chromium found: installing Debian's chromium package"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >&2
		apt-get install -y -qq chromium >&2
	else
		say "no Chromium found. Install one: 'npx playwright install chromium', your system's chromium package,"
		say "or set BROWSER_AGENT_EXECUTABLE_PATH to a Chrome/Chromium executable."
		exit 1
	fi
fi

# chrome-headless-shell: optional for users (Headless Mode "Headless Shell"), needed by its tests.
has_headless_shell() {
	[[ -n "${BROWSER_AGENT_HEADLESS_SHELL_PATH:-}" && -x "${BROWSER_AGENT_HEADLESS_SHELL_PATH}" ]] && return 0
	command -v chromium-headless-shell >/dev/null || command -v chrome-headless-shell >/dev/null
}
if ! has_headless_shell; then
	if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
		say "no headless shell found: installing Debian's chromium-headless-shell package"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >&2
		apt-get install -y -qq chromium-headless-shell >&2
	else
		say "no chrome-headless-shell found (only the Headless Shell mode and its tests need it). Install your"
		say "system's chromium-headless-shell package, or set BROWSER_AGENT_HEADLESS_SHELL_PATH to one."
	fi
fi

# Redis and PostgreSQL: only the queue-mode end-to-end test needs them, and it starts throwaway
# servers of its own (temp folders, free ports), never the system's services.
has_redis() { command -v redis-server >/dev/null; }
has_postgres() {
	command -v initdb >/dev/null && command -v postgres >/dev/null && return 0
	# Debian keeps them off the PATH, in /usr/lib/postgresql/<major>/bin.
	compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}
queue_packages=()
has_redis || queue_packages+=(redis-server)
has_postgres || queue_packages+=(postgresql)
if ((${#queue_packages[@]})); then
	if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
		say "installing Debian's ${queue_packages[*]} (for the queue-mode test)"
		export DEBIAN_FRONTEND=noninteractive
		# A policy-rc.d that answers 101 keeps the packages from starting their system services
		# (which would hold ports 5432 and 6379 and use memory for nothing). Docker images have one.
		own_policy=""
		if [[ ! -e /usr/sbin/policy-rc.d ]]; then
			own_policy=/usr/sbin/policy-rc.d
			printf '#!/bin/sh\nexit 101\n' >"$own_policy"
			chmod +x "$own_policy"
		fi
		apt-get update -qq >&2
		apt-get install -y -qq "${queue_packages[@]}" >&2 || install_failed=1
		[[ -n "$own_policy" ]] && rm -f "$own_policy"
		[[ -z "${install_failed:-}" ]] || exit 1
	else
		say "no ${queue_packages[*]} found (only the queue-mode test needs them). Install your system's"
		say "redis-server and postgresql packages."
	fi
fi

# --- 3. build --------------------------------------------------------------------------
say "building"
npm run --silent build >&2
