#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: Debian's server packages, a cluster
# made with initdb in a folder of its own, started with pg_ctl on a free
# loopback port as an unprivileged user (PostgreSQL refuses to run as
# root), trusting local connections only. Nothing of the machine's own
# PostgreSQL (if any) is touched.
#
#   scripts/postgres.sh start     installs the server if missing, starts a
#                                 fresh cluster, prints its address
#                                 (postgres://ayi@127.0.0.1:PORT)
#   scripts/postgres.sh restart   restarts it (the tests that check nodes
#                                 reconnect)
#   scripts/postgres.sh stop      stops it and deletes its folder
#
# The cluster lives in $AYI_PG_DIR (default: /tmp/ayi-postgres); every
# folder above it must be open to others, for the unprivileged owner.
set -euo pipefail
dir="${AYI_PG_DIR:-${TMPDIR:-/tmp}/ayi-postgres}"
mkdir -p "$(dirname "$dir")"
dir="$(cd "$(dirname "$dir")" && pwd)/$(basename "$dir")"

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

# Runs a PostgreSQL program as the cluster's owner: a system user of its
# own when we are root, ourselves otherwise.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u ayi-postgres -- "$@"
    else
        "$@"
    fi
}

install_server() {
    if [ -z "$(pg_bin)" ]; then
        echo "ayi: installing PostgreSQL (Debian's packages) for the cluster tests" >&2
        $sudo apt-get update -qq
        # Only its programs are used here; the machine's own cluster, which
        # the package may make, is left alone.
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
    fi
    if [ "$(id -u)" -eq 0 ] && ! id ayi-postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin ayi-postgres
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    install_server
    stop_quietly
    local bin port
    bin="$(pg_bin)"
    port="$(free_port)"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown ayi-postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U ayi -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # Loopback only; a socket folder of its own; room for three nodes'
    # pools and the suite's services side by side.
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 400
shared_buffers = 64MB
fsync = on
CONF
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://ayi@127.0.0.1:$port" >"$dir/url"
    cat "$dir/url"
}

stop_quietly() {
    local bin
    bin="$(pg_bin)"
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
start) start ;;
restart) as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null ;;
stop) stop_quietly ;;
*)
    echo "usage: scripts/postgres.sh start|restart|stop" >&2
    exit 2
    ;;
esac
