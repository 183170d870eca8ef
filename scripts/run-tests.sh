#!/usr/bin/env bash
# Runs the test files with Node's test runner against real Chromium, one file at a time.
#
#   bash scripts/run-tests.sh           every test (scripts/test.sh runs this after installing n8n)
#   bash scripts/run-tests.sh --quick   every test but test/e2e/**, which needs a real n8n install
#                                       (npm run test:quick)
# Needs the npm dependencies and a Chromium: scripts/setup.sh installs both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

exclude=()
if [[ "${1:-}" == "--quick" ]]; then
	exclude=(-not -path 'test/e2e/*')
elif [[ $# -gt 0 ]]; then
	echo "usage: $0 [--quick]" >&2
	exit 2
fi
mapfile -t files < <(find test -name '*.test.ts' -not -path '*/node_modules/*' "${exclude[@]}" | sort)
# One file at a time: each drives real browsers, and this kind of machine has two cores.
exec node --import tsx --test --test-concurrency=1 --test-timeout=600000 "${files[@]}"
