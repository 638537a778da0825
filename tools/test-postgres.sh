#!/usr/bin/env bash
# A throwaway PostgreSQL on 127.0.0.1 for the store tests, on a free port, with its data in a
# directory of its own.
#
#   tools/test-postgres.sh start [DIR]   starts it (data in DIR, a new temporary directory if not
#                                        given) and prints the URL to export as ISE_CHATOPS_TEST_PG
#   tools/test-postgres.sh stop DIR      stops it and deletes DIR
#   tools/test-postgres.sh               same as `start`; stderr says how to stop it
#
# CI (.ci/run) creates DIR, traps EXIT with `stop DIR`, and exports the printed URL:
#   export ISE_CHATOPS_TEST_PG=$(tools/test-postgres.sh start "$dir")
#
# Needs Debian's postgresql server binaries (/usr/lib/postgresql/*/bin). When they are missing they
# are installed with apt-get, which needs root or passwordless sudo; otherwise it stops and says so.
# As root the server runs as the `postgres` user (initdb refuses root).
set -Eeuo pipefail

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop() {
  local data=$1
  [ -n "$data" ] && [ -d "$data" ] || return 0
  local bin
  bin=$(find_bin)
  if [ -f "$data/db/postmaster.pid" ] && [ -n "$bin" ]; then
    as_owner "$bin/pg_ctl" -D "$data/db" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$data"
}

install_postgres() {
  local apt=(apt-get)
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      apt=(sudo -n apt-get)
    else
      echo "tools/test-postgres.sh: PostgreSQL's server binaries are not installed (no /usr/lib/postgresql/*/bin/initdb)." >&2
      echo "Installing them needs root or passwordless sudo: run 'apt-get install postgresql' as root, or run this script as root." >&2
      exit 2
    fi
  fi
  if ! command -v apt-get >/dev/null; then
    echo "tools/test-postgres.sh: PostgreSQL's server binaries are missing and there is no apt-get to install them; install PostgreSQL 13 or later." >&2
    exit 2
  fi
  ("${apt[@]}" update -qq && DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq postgresql) >&2
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  local data=${1:-}
  local bin
  bin=$(find_bin)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    install_postgres
    bin=$(find_bin)
  fi
  if [ -z "$data" ]; then
    data=$(mktemp -d /tmp/ise-chatops-pg.XXXXXX)
    echo "tools/test-postgres.sh: stop it with: tools/test-postgres.sh stop $data" >&2
  fi
  mkdir -p "$data"
  # Anything failing from here on leaves no server and no data behind.
  trap 'stop "$data"' ERR
  if [ "$(id -u)" = 0 ]; then chown postgres "$data"; fi
  as_owner "$bin/initdb" -D "$data/db" -A trust -U postgres >/dev/null
  # A free port can be taken between the probe and the server's bind: try a few.
  local port
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$data/db" -l "$data/log" -w -t 60 \
      -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null; then
      trap - ERR
      echo "postgres://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
  done
  echo "tools/test-postgres.sh: PostgreSQL did not start; its log:" >&2
  cat "$data/log" >&2 || true
  stop "$data"
  exit 1
}

case "${1:-start}" in
  start) start "${2:-}" ;;
  stop) stop "${2:?usage: tools/test-postgres.sh stop DIR}" ;;
  *) echo "usage: tools/test-postgres.sh [start [DIR] | stop DIR]" >&2; exit 2 ;;
esac
