#!/usr/bin/env bash
# The demo from a fresh machine: installs what it needs (Chromium, npm dependencies, Node 24 and
# n8n), then starts a real n8n with this node loaded, runs the example workflow against the
# bundled demo site, prints what came out and where to open the editor.
#   N8N_DEMO_VERSION=2.8.4 bash scripts/demo.sh      # another pinned n8n
#   bash scripts/demo.sh --no-editor                 # run the workflow and stop
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
bash scripts/setup.sh
bash scripts/n8n/install-n8n.sh "${N8N_DEMO_VERSION:-2.40.5}" >/dev/null
exec npx tsx scripts/demo.ts "$@"
