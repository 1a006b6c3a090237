# Shared by the load scripts (run.sh, write-path.sh); sourced, not run. Each script sets $out (its run folder) before
# it builds, and the PostgreSQL port and folder of its own (OC_PG_PORT, OC_PG_DIR) before it starts PostgreSQL.

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$repo/tests/load"
shared="$repo/../shared"
api_project="$repo/api/OfficeCoordinator.Api"
api_dll="$api_project/bin/Release/net10.0/OfficeCoordinator.Api.dll"
bench_dll="$repo/tests/OfficeCoordinator.Benchmarks/bin/Release/net10.0/OfficeCoordinator.Benchmarks.dll"

# Processes the script started, stopped by their ids on exit; PostgreSQL only if the script started it.
pids=()
pg_started=false
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if $pg_started; then bash "$shared/scripts/pg-stop.sh"; fi
}
trap cleanup EXIT

require_root_and_wrk() {
  [ "$(id -u)" = 0 ] || { echo "run as root: it installs wrk and starts PostgreSQL through runuser" >&2; exit 1; }
  if ! command -v wrk >/dev/null; then
    echo "Installing wrk (Debian package)..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  fi
}

# One Release build of the API and of the benchmarks app that hosts the bare and anchor hosts; the task panes are not needed.
build_release() {
  echo "Building in Release..."
  local project
  for project in api/OfficeCoordinator.Api tests/OfficeCoordinator.Benchmarks; do
    if ! (cd "$repo" && dotnet build -c Release "$project" -p:SkipTaskpanes=true -nologo -v q >"$out/build.log" 2>&1); then
      tail -30 "$out/build.log" >&2; exit 1
    fi
  done
}

# Local sign-in with a key made for this run; every process gets the same key, as the README asks for several instances.
issuer=OfficeCoordinator.LoadTest
audience=OfficeCoordinator
signing_key=$(head -c 32 /dev/urandom | base64)
token=$(python3 "$here/mint-token.py" "$issuer" "$audience" "$signing_key")

# The sign-in settings as the environment variables ASP.NET Core binds to Authentication:Schemes:Bearer.
export_sign_in() {
  export Authentication__Schemes__Bearer__ValidIssuer="$issuer" \
    Authentication__Schemes__Bearer__ValidAudiences__0="$audience" \
    Authentication__Schemes__Bearer__SigningKeys__0__Issuer="$issuer" \
    Authentication__Schemes__Bearer__SigningKeys__0__Value="$signing_key"
}

# Stops one of our processes and forgets its id, so the exit trap never signals a number the system has reused.
stop_pid() {
  local kept=() p
  for p in "${pids[@]}"; do [ "$p" = "$1" ] || kept+=("$p"); done
  pids=("${kept[@]}")
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$1" 2>/dev/null || true
}

# Waits for a 200 from the URL; fails early, with the log's end, if the process has died.
wait_ready() { # url pid log
  for _ in $(seq 1 120); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ]; then return 0; fi
    kill -0 "$2" 2>/dev/null || { echo "process exited; end of $3:" >&2; tail -20 "$3" >&2; return 1; }
    sleep 0.5
  done
  echo "no 200 from $1 within 60 s; end of $3:" >&2; tail -20 "$3" >&2; return 1
}

# Refuses a port something already answers on: a leftover process would pass the readiness check in our place.
port_free() {
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1/"; then echo "port $1 is in use" >&2; return 1; fi
}

# Starts the API from the Release build, content root = the project folder (so appsettings.json is read), and sets
# $started_pid. Staging: neither the development sign-in (Development) nor the HTTPS redirect (Production).
start_api() { # port provider connection-string data-dir log
  port_free "$1" || return 1
  (
    cd "$api_project"
    export_sign_in
    export ASPNETCORE_ENVIRONMENT=Staging ASPNETCORE_URLS="http://127.0.0.1:$1" DataDirectory="$4" \
      Database__Provider="$2" ConnectionStrings__Coordinator="$3" \
      RateLimits__Reads__PerMinute=10000000 RateLimits__Reads__Burst=10000000 \
      RateLimits__Writes__PerMinute=10000000 RateLimits__Writes__Burst=10000000
    # Instances sharing this machine share its cores: each gets its part of the read bulkhead (4 x cores).
    export RateLimits__ConcurrentReads=$(( 4 * $(nproc) / ${instances_here:-1} ))
    exec dotnet "$api_dll"
  ) >"$5" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
  wait_ready "http://127.0.0.1:$1/health/ready" "$started_pid" "$5"
}

# A new project through the API; prints its id.
new_project() { # base-url name
  curl -sf -X POST "$1/api/projects" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{ \"name\": \"$2\", \"start\": \"2026-12-01\", \"finish\": \"2027-06-30\", \"budget\": 100000, \"currency\": \"EUR\" }" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])' || { echo "POST /api/projects failed" >&2; return 1; }
}

# Tasks through the real write path: plan rows without an ID, as a new plan pasted into the Excel pane, in batches
# well inside the request body limit.
add_plan_tasks() { # base-url project count [batch]
  local batch=${4:-2000} first rows
  for ((first = 1; first <= $3; first += batch)); do
    rows=$(python3 -c 'import json, sys; first, last = int(sys.argv[1]), int(sys.argv[2]); print(json.dumps({"rows": [{"Task": f"Task {n}", "Start": "2026-12-01", "Finish": "2026-12-05"} for n in range(first, last + 1)]}))' \
      "$first" "$((first + batch - 1 < $3 ? first + batch - 1 : $3))")
    curl -sf -o /dev/null -X POST "$1/api/projects/$2/plan/changes" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' --data-binary @- <<<"$rows" || { echo "POST /plan/changes failed (rows from $first)" >&2; return 1; }
  done
}

# Reads one key=value field of a wrk result line (tests/load/lua/common.lua writes it).
field() { sed -n "s/.*OC_RESULT.* $1=\([^ ]*\).*/\1/p" "$2"; }

# One count per query, one a line, straight from the database.
count_sqlite() { # file query...
  python3 - "$@" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for sql in sys.argv[2:]:
    print(db.execute(sql).fetchone()[0])
EOF
}

count_postgres() { # database query...
  local database=$1 sql; shift
  for sql in "$@"; do psql -h 127.0.0.1 -p "$OC_PG_PORT" -U postgres -d "$database" -tAc "$sql"; done
}

# max-connections: for processes whose pools together may hold more than PostgreSQL's default 100 connections.
start_postgres() { # [max-connections]
  $pg_started && return 0
  echo "Starting PostgreSQL on 127.0.0.1:$OC_PG_PORT ($OC_PG_DIR)..."
  pg_started=true
  bash "$shared/scripts/pg-stop.sh"   # one left running by an interrupted run would hold the port
  bash "$shared/scripts/pg-start.sh" >/dev/null
  if [ -n "${1:-}" ]; then
    psql -q -h 127.0.0.1 -p "$OC_PG_PORT" -U postgres -c "ALTER SYSTEM SET max_connections = $1" >/dev/null
    bash "$shared/scripts/pg-stop.sh" && bash "$shared/scripts/pg-pause.sh" start   # the setting takes a restart
  fi
}

# A fresh database in the one cluster; prints its connection string.
new_database() {
  psql -q -h 127.0.0.1 -p "$OC_PG_PORT" -U postgres -c "CREATE DATABASE $1" >/dev/null
  echo "Host=127.0.0.1;Port=$OC_PG_PORT;Username=postgres;Database=$1"
}
