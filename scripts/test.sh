#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what it needs (Chromium, npm
# dependencies, Node 24 and the pinned n8n versions for the end-to-end tests), builds,
# type-checks, lints, then runs every test with Node's test runner against real Chromium.
#
#   N8N_E2E_VERSIONS="2.8.4 2.40.5"   which n8n versions the end-to-end test installs and uses
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
say() { echo "[test] $*" >&2; }

bash scripts/setup.sh

# Pinned n8n versions (see scripts/n8n/install-n8n.sh for why these install here):
#   2.8.4  — the newest line that runs on Node 20 (n8n 1.123.x and 2.0–2.9 accept Node ≥ 20.19);
#   2.40.5 — a current 2.x on Node 24 (2.41.3 needs a dependency this registry lacks).
export N8N_E2E_VERSIONS="${N8N_E2E_VERSIONS:-2.8.4 2.40.5}"
# The n8n installs (several minutes of downloading and unpacking on a fresh machine) run while the
# checks and the tests that need no n8n do; the end-to-end tests wait for them.
install_log="$(mktemp)"
trap 'rm -f "$install_log"' EXIT
(
	for version in $N8N_E2E_VERSIONS; do
		echo "[test] n8n $version"
		bash scripts/n8n/install-n8n.sh "$version" >/dev/null
	done
) >"$install_log" 2>&1 &
installing=$!

say "type-checking sources, tests and benchmarks"
npx tsc -p tsconfig.check.json

say "linting"
npm run --silent lint

say "checking formatting"
npm run --silent format:check

say "running the tests that need no n8n"
quick_status=0
bash scripts/run-tests.sh --quick || quick_status=$?

say "waiting for the n8n installs"
install_status=0
wait "$installing" || install_status=$?
cat "$install_log" >&2
if ((install_status != 0)); then
	say "installing n8n failed (exit $install_status); see above"
	exit "$install_status"
fi

say "running the end-to-end tests in real n8n ($N8N_E2E_VERSIONS)"
e2e_status=0
bash scripts/run-tests.sh --e2e || e2e_status=$?
if ((quick_status != 0 || e2e_status != 0)); then
	say "failed: tests without n8n exit $quick_status, end-to-end tests exit $e2e_status"
	exit 1
fi
