#!/usr/bin/env bash
# Runs the test files with Node's test runner against real Chromium, one file at a time.
#
#   bash scripts/run-tests.sh           every test (scripts/test.sh runs --quick, then --e2e)
#   bash scripts/run-tests.sh --quick   every test but test/e2e/**, which needs a real n8n install
#                                       (npm run test:quick)
#   bash scripts/run-tests.sh --e2e     only test/e2e/** (needs the n8n versions of N8N_E2E_VERSIONS)
# Needs the npm dependencies and a Chromium: scripts/setup.sh installs both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

select=()
case "${1:-}" in
	'') ;;
	--quick) select=(-not -path 'test/e2e/*') ;;
	--e2e) select=(-path 'test/e2e/*') ;;
	*)
		echo "usage: $0 [--quick | --e2e]" >&2
		exit 2
		;;
esac
mapfile -t files < <(find test -name '*.test.ts' -not -path '*/node_modules/*' "${select[@]}" | sort)
# One file at a time: each drives real browsers, and this kind of machine has two cores.
exec node --import tsx --test --test-concurrency=1 --test-timeout=600000 "${files[@]}"
