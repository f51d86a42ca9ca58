#!/usr/bin/env bash
# The browser stage of `make test` (`make ui-test`): the operator's path through the real UI of
# `p2n local`, in Debian's Chromium driven by playwright-core (tests/ui/). Installs what it needs
# from the project's own files, like the Postgres stage: Debian's `chromium` package when no
# Chromium is installed (needs root), and playwright-core from tests/ui/package-lock.json
# (`npm ci`; playwright-core downloads no browser). Screenshots go to .ci/artifacts/ui/.
# Extra arguments go to pytest. Exits with pytest's code.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=${P2N_UI_CHROMIUM:-/usr/bin/chromium}
APT_TIMEOUT_SECONDS=900
NPM_TIMEOUT_SECONDS=300
NODE_MAJOR_MIN=20

log() { echo "ui-stage: $*" >&2; }

install_chromium() {
    if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        log "no Chromium at $CHROMIUM; install it (Debian: apt-get install chromium) or set P2N_UI_CHROMIUM"
        exit 1
    fi
    log "installing Debian's chromium package"
    export DEBIAN_FRONTEND=noninteractive
    timeout "$APT_TIMEOUT_SECONDS" apt-get update -qq
    timeout "$APT_TIMEOUT_SECONDS" apt-get install -y -qq --no-install-recommends chromium >/dev/null
}

SECONDS=0
if [[ ! -x .venv/bin/python ]]; then
    ./scripts/bootstrap.sh
fi
if [[ ! -x $CHROMIUM ]]; then
    install_chromium
fi
[[ -x $CHROMIUM ]] || { log "chromium installed but $CHROMIUM is missing"; exit 1; }
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    log "Node.js $NODE_MAJOR_MIN+ and npm are needed to drive the browser"
    exit 1
fi
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
if ((NODE_MAJOR < NODE_MAJOR_MIN)); then
    log "Node.js $NODE_MAJOR_MIN+ is needed (found $(node --version))"
    exit 1
fi
log "$("$CHROMIUM" --version 2>/dev/null | head -n 1), node $(node --version)"
(cd tests/ui && timeout "$NPM_TIMEOUT_SECONDS" npm ci --no-audit --no-fund --loglevel=error)
log "ready after ${SECONDS}s"

set +e
P2N_UI_CHROMIUM=$CHROMIUM .venv/bin/pytest tests/ui "$@"
rc=$?
set -e
log "done in ${SECONDS}s, exit $rc; screenshots in .ci/artifacts/ui/"
exit "$rc"
