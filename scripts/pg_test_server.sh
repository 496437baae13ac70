#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests (Debian package `postgresql`).
#
#   eval "$(scripts/pg_test_server.sh start)"   # prints export lines, the server runs
#   python -m pytest                            # PostgreSQL cases use ATLAS_TEST_PG_URL
#   scripts/pg_test_server.sh restart "$ATLAS_PG_DIR"   # pg_ctl restart -m fast (fault drills)
#   scripts/pg_test_server.sh stop "$ATLAS_PG_DIR"
#
# The cluster lives in a `mktemp -d` folder and listens on a Unix socket only
# (no TCP port is opened). As root, the server runs as the `postgres` user
# because initdb refuses to run as root.
set -euo pipefail

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$dir" ]; then
        echo "PostgreSQL introuvable : apt-get install -y postgresql" >&2
        exit 1
    fi
    echo "$dir"
}

as_owner() {
    if [ "$(id -u)" = "0" ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    local bin dir port
    bin=$(pg_bin)
    dir=$(mktemp -d -t atlas-pg.XXXXXX)
    port=$(free_port)
    mkdir -p "$dir/data" "$dir/sock"
    if [ "$(id -u)" = "0" ]; then
        chown -R postgres:postgres "$dir"
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-k $dir/sock -p $port -c listen_addresses='' -c fsync=off -c full_page_writes=off" start >/dev/null
    echo "export ATLAS_PG_DIR='$dir'"
    echo "export ATLAS_TEST_PG_URL='postgresql+psycopg://postgres@/postgres?host=$dir/sock&port=$port'"
}

stop() {
    local dir="${1:-${ATLAS_PG_DIR:-}}"
    if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
        echo "usage : $0 stop DOSSIER" >&2
        exit 1
    fi
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
}

restart() {
    local dir="${1:-${ATLAS_PG_DIR:-}}"
    if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
        echo "usage : $0 restart DOSSIER" >&2
        exit 1
    fi
    # Same options as at start (pg_ctl reads them back from postmaster.opts).
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null
}

case "${1:-}" in
    start) start ;;
    restart) restart "${2:-}" ;;
    stop) stop "${2:-}" ;;
    *) echo "usage : $0 start | restart DOSSIER | stop DOSSIER" >&2; exit 1 ;;
esac
