#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests (and for trying PostgreSQL mode): its own cluster in a
# temporary directory, listening on a free loopback port only, run by a non-root user, with a
# random password (SCRAM), tuned for speed over durability (fsync off: never for real data).
#
#   scripts/pg-test.sh run -- CMD ARGS...   start, run CMD with SHOPDESK_TEST_DATABASE_URL set to
#                                            the server's URL, stop; exits with CMD's status
#   scripts/pg-test.sh start DIR            start a cluster in DIR (empty or absent); its URL is
#                                            written to DIR/url (mode 0600)
#   scripts/pg-test.sh stop DIR             stop it and remove DIR
#
# Needs Debian's `postgresql` package (scripts/setup.sh installs it). As root, the server runs as
# the system user `shopdesk-pg` (created when missing), since PostgreSQL refuses to run as root.
set -euo pipefail

die() { printf '[pg-test] %s\n' "$*" >&2; exit 1; }

pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return; }
  die "PostgreSQL not found: apt-get install postgresql (scripts/setup.sh does)"
}

# Runs "$@" as the cluster's user: shopdesk-pg when we are root, else ourselves.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u shopdesk-pg -- "$@"
  else
    "$@"
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local dir=$1 bin port password tries=0
  bin=$(pg_bin)
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    id -u shopdesk-pg >/dev/null 2>&1 \
      || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin shopdesk-pg
    chown shopdesk-pg: "$dir"
  fi
  chmod 0700 "$dir"
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  (umask 077; printf '%s\n' "$password" >"$dir/pwfile")
  [ "$(id -u)" -ne 0 ] || chown shopdesk-pg: "$dir/pwfile"
  as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 --pwfile="$dir/pwfile" \
    -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  rm -f "$dir/pwfile"
  while :; do
    port=$((20000 + RANDOM % 40000))
    tries=$((tries + 1))
    port_in_use "$port" && continue
    if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start -o \
      "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' \
       -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
       -c max_connections=400 -c shared_buffers=64MB" >/dev/null; then
      break
    fi
    [ $tries -lt 5 ] || { tail -20 "$dir/server.log" >&2; die "the server did not start"; }
  done
  (umask 077; printf 'postgres://postgres:%s@127.0.0.1:%s/postgres\n' "$password" "$port" >"$dir/url")
  printf '[pg-test] PostgreSQL %s on 127.0.0.1:%s (cluster %s)\n' \
    "$("$bin/postgres" --version | awk '{print $3}')" "$port" "$dir" >&2
}

stop() {
  local dir=$1
  [ -d "$dir/data" ] && as_pg "$(pg_bin)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) [ $# -eq 2 ] || die "usage: $0 start DIR"; start "$2" ;;
  stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
  run)
    shift
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || die "usage: $0 run -- CMD ARGS..."
    dir=$(mktemp -d -t shopdesk-pg-XXXXXX)
    trap 'stop "$dir"' EXIT
    start "$dir"
    SHOPDESK_TEST_DATABASE_URL=$(cat "$dir/url")
    export SHOPDESK_TEST_DATABASE_URL
    set +e
    "$@"
    status=$?
    set -e
    exit $status
    ;;
  *) die "usage: $0 run -- CMD ARGS... | start DIR | stop DIR" ;;
esac
