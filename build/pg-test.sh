#!/usr/bin/env bash
# build/pg-test.sh [COMMAND...]: starts a throwaway PostgreSQL cluster,
# runs COMMAND with JIEDAO_TEST_PG naming it (by default the data and
# sheet test suites: every test that opens a register through
# datatest.MustOpen then runs against the server), then stops the cluster
# and removes it, whatever happened (trap).
#
# The cluster lives in a mktemp folder, listens on 127.0.0.1 only, on a
# local port, and asks for a password (SCRAM, as a real server does, so the
# tests of a wrong password are real); the password is drawn anew each
# run, and the cluster is gone afterwards.
# PostgreSQL will not run as root, so as root (CI) the server runs as the
# unprivileged user nobody (runuser); the tests connect over TCP and may
# run as anyone. fsync is off: the cluster is thrown away, and without
# fsync a database per test is quick to make.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
TAGS=${TAGS:-migrated_fynedo}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "pg-test: PostgreSQL's server is not installed (apt-get install postgresql)" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/jiedao-pg.XXXXXX)
run=()
if [ "$(id -u)" = 0 ]; then
  chown nobody "$dir"
  run=(runuser -u nobody --)
fi
stop() {
  "${run[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

pw=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$pw" >"$dir/pw"
[ "$(id -u)" = 0 ] && chown nobody "$dir/pw"

t0=$(date +%s)
# C collation and UTF-8, as README's "Office server" asks IT staff to
# create Jiedao's database.
"${run[@]}" "$pgbin/initdb" -D "$dir/data" -U jiedao --pwfile="$dir/pw" --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# A local port: JIEDAO_PG_PORT, else one drawn from 20000–39999, and
# another when the server cannot listen on it (taken).
started=
for _ in 1 2 3 4 5; do
  port=${JIEDAO_PG_PORT:-$(( 20000 + (RANDOM * 32768 + RANDOM) % 20000 ))}
  if "${run[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null; then
    started=1
    break
  fi
  [ -n "${JIEDAO_PG_PORT:-}" ] && break
done
[ -n "$started" ] || { cat "$dir/server.log" >&2; exit 1; }
echo "pg-test: PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (ready in $(( $(date +%s) - t0 )) s)"

export JIEDAO_TEST_PG="postgres://jiedao:$pw@127.0.0.1:$port/postgres?sslmode=disable"
if [ $# -gt 0 ]; then
  "$@"
else
  "$GO" test -tags "$TAGS" -count=1 ./data/... ./sheet/...
fi
