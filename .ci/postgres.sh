# Sourced by .ci/run: installs PostgreSQL if absent (Debian's package), starts a private server as an
# unprivileged user (PostgreSQL refuses to run as root) on a free port with its socket under /tmp,
# exports POSTGRES_TEST_URL for the test suite, and stops it when .ci/run exits, failure or not.
# On any problem it says so and leaves POSTGRES_TEST_URL unset: with CI=true the suite then fails.

ci_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

echo "== postgresql"
if [ -z "$(ci_pg_bin)" ]; then
  echo "installing Debian's postgresql package"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  else
    echo "not root: cannot apt-get install postgresql"
  fi
fi

ci_pg_start() {
  local bin run port
  bin="$(ci_pg_bin)"
  [ -n "$bin" ] || { echo "no PostgreSQL server binaries found"; return 1; }
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres || return 1
    run="runuser -u postgres --"
  else
    run=""
  fi
  CI_PG_DIR="$(mktemp -d /tmp/status-atlas-ci-pg.XXXXXX)" || return 1
  [ -z "$run" ] || chown postgres "$CI_PG_DIR"
  # A port nobody listens on now: other engineers' servers may run on this machine.
  port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  CI_PG_STOP="$run $bin/pg_ctl -D $CI_PG_DIR/data -m immediate stop"
  trap 'ci_pg_stop' EXIT
  $run "$bin/initdb" -D "$CI_PG_DIR/data" -A trust -U postgres >"$CI_PG_DIR/initdb.log" 2>&1 || { cat "$CI_PG_DIR/initdb.log"; return 1; }
  # 300 connections: two test files at a time each open pools of 10 per database, plus listeners and
  # server processes; the default 100 can run out mid-suite.
  $run "$bin/pg_ctl" -D "$CI_PG_DIR/data" -l "$CI_PG_DIR/server.log" -w \
    -o "-p $port -k $CI_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null || { cat "$CI_PG_DIR/server.log"; return 1; }
  export POSTGRES_TEST_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data and socket in $CI_PG_DIR)"
}

# Silent: .ci/run's last line must stay "N passed, N failed".
# What the server refused or aborted, counted, so a failed run says whether the database was the cause.
# (Tests drop their databases WITH (FORCE), which ends connections "due to administrator command": not counted.)
ci_pg_report() {
  local log="${CI_PG_DIR:-}/server.log"
  [ -f "$log" ] || return 0
  if grep -E "FATAL|deadlock|too many clients" "$log" | grep -qv "administrator command"; then
    echo "== PostgreSQL server log: FATAL / deadlock / too many clients"
    grep -E "FATAL|deadlock|too many clients" "$log" | grep -v "administrator command" | sed -E 's/^[^]]*\] //' | sort | uniq -c | sort -rn | head -10
  fi
}

ci_pg_stop() {
  if [ -n "${CI_PG_DIR:-}" ]; then
    $CI_PG_STOP >/dev/null 2>&1
    rm -rf "$CI_PG_DIR"
  fi
}

ci_pg_start || echo "PostgreSQL could not be started: the PostgreSQL tests cannot run"
