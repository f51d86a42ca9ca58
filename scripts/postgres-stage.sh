#!/usr/bin/env bash
# The Postgres stage of `make test`: a throwaway PostgreSQL server on 127.0.0.1 and the tests
# marked `postgres` (tests/production/) against it. Uses the server binaries already installed,
# else Debian's `postgresql` package (needs root). The server runs as an unprivileged user when
# this runs as root (postgres refuses root). Always stopped and removed; exits with pytest's code.
# Extra arguments go to pytest, e.g. `scripts/postgres-stage.sh -k queue`.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=.venv/bin/python
PG_SUPERUSER=p2n
PG_DATABASE=p2n_test
START_TIMEOUT_SECONDS=60
STOP_TIMEOUT_SECONDS=30
APT_TIMEOUT_SECONDS=600

log() { echo "postgres-stage: $*" >&2; }

# The first directory holding initdb, pg_ctl and postgres: pg_config's, Debian's (newest first),
# then PATH's.
find_bindir() {
    local candidates=() dir found
    if command -v pg_config >/dev/null 2>&1; then
        candidates+=("$(pg_config --bindir 2>/dev/null || true)")
    fi
    while IFS= read -r dir; do
        candidates+=("$dir")
    done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r)
    if found=$(command -v pg_ctl 2>/dev/null); then
        candidates+=("$(dirname "$(readlink -f "$found")")")
    fi
    for dir in "${candidates[@]}"; do
        if [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

install_postgres() {
    if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        log "no PostgreSQL server binaries found; install PostgreSQL (Debian: apt-get install postgresql)"
        exit 1
    fi
    log "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    timeout "$APT_TIMEOUT_SECONDS" apt-get update -qq
    timeout "$APT_TIMEOUT_SECONDS" apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

# As root, run the server as `postgres` (Debian's) or a system user made for this.
server_user() {
    if [[ $EUID -ne 0 ]]; then
        id -un
    elif id postgres >/dev/null 2>&1; then
        echo postgres
    else
        id p2n-pg >/dev/null 2>&1 ||
            useradd --system --no-create-home --shell /usr/sbin/nologin p2n-pg
        echo p2n-pg
    fi
}

as_server_user() {
    if [[ $EUID -eq 0 ]]; then
        (cd "$WORK" && runuser -u "$PG_USER" -- "$@")
    else
        (cd "$WORK" && "$@")
    fi
}

free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -f ${WORK:-}/data/postmaster.pid ]]; then
        as_server_user "$BINDIR/pg_ctl" -D "$WORK/data" -m fast -w -t "$STOP_TIMEOUT_SECONDS" stop \
            >/dev/null 2>&1 ||
            as_server_user "$BINDIR/pg_ctl" -D "$WORK/data" -m immediate -w -t 10 stop \
                >/dev/null 2>&1 || log "could not stop the server (see $WORK/server.log)"
    fi
    [[ -n ${WORK:-} ]] && rm -rf "$WORK"
    log "done in ${SECONDS}s, exit $rc"
    exit "$rc"
}

SECONDS=0
if [[ ! -x $PYTHON ]]; then
    ./scripts/bootstrap.sh
fi
BINDIR=$(find_bindir) || {
    install_postgres
    BINDIR=$(find_bindir) || { log "postgresql installed but no server binaries found"; exit 1; }
}
PG_USER=$(server_user)
# As root, under /tmp: the server's user must reach the directory.
if [[ $EUID -eq 0 ]]; then TMP_BASE=/tmp; else TMP_BASE=${TMPDIR:-/tmp}; fi
WORK=$(mktemp -d "$TMP_BASE/p2n-postgres.XXXXXX")
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
chmod 700 "$WORK"
[[ $EUID -eq 0 ]] && chown "$PG_USER" "$WORK"

PASSWORD=$("$PYTHON" -c 'import secrets; print(secrets.token_hex(16))')
(umask 077 && printf '%s\n' "$PASSWORD" >"$WORK/pwfile")
[[ $EUID -eq 0 ]] && chown "$PG_USER" "$WORK/pwfile"
log "$("$BINDIR/postgres" --version) from $BINDIR, as $PG_USER, in $WORK"
as_server_user "$BINDIR/initdb" -D "$WORK/data" -U "$PG_SUPERUSER" --pwfile="$WORK/pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --no-locale --no-sync >"$WORK/initdb.log" 2>&1 || {
    cat "$WORK/initdb.log" >&2
    exit 1
}
rm -f "$WORK/pwfile"

# A throwaway server: durability off for speed. A port taken between choosing and binding
# makes the start fail; then try another.
for attempt in 1 2 3; do
    PORT=$(free_port)
    if as_server_user "$BINDIR/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w \
        -t "$START_TIMEOUT_SECONDS" -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null; then
        break
    fi
    if [[ $attempt -eq 3 ]]; then
        tail -n 20 "$WORK/server.log" >&2 || true
        log "server did not start"
        exit 1
    fi
done
log "server up on 127.0.0.1:$PORT after ${SECONDS}s"

export P2N_TEST_POSTGRES_URL="postgresql+psycopg2://$PG_SUPERUSER:$PASSWORD@127.0.0.1:$PORT/$PG_DATABASE"
PGURL="postgresql+psycopg2://$PG_SUPERUSER:$PASSWORD@127.0.0.1:$PORT/postgres" "$PYTHON" -c '
import os
import sqlalchemy as sa
engine = sa.create_engine(os.environ["PGURL"], isolation_level="AUTOCOMMIT")
with engine.connect() as connection:
    connection.execute(sa.text("CREATE DATABASE '"$PG_DATABASE"'"))
'

set +e
.venv/bin/pytest -m postgres tests/production "$@"
rc=$?
set -e
exit "$rc"
