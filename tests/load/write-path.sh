#!/usr/bin/env bash
# Issue 17's write-path benchmark: ours (from-email and a page of tasks) beside an anchor host (the same JWT, one EF Core
# insert with its history row, a 50-row read) in the same run, on SQLite and PostgreSQL, at several connection counts.
# Writes go into one new project, spread over 20, with an Idempotency-Key on every request, and into a project of
# 20,000 tasks. After each run the rows stored are counted against the writes acknowledged.
# Run as root (it installs wrk and starts a throwaway PostgreSQL). Exits 1 on any 5xx or acknowledged write not stored.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: tests/load/write-path.sh [--duration 30s] [--connections 8,64] [--databases sqlite,postgres] [--smoke]
  --duration     how long each route is loaded (wrk's -d), per process, database and connection count
  --connections  connection counts to measure, comma-separated (2 wrk threads each)
  --databases    sqlite, postgres or both, comma-separated
  --smoke        2s per route, 8 connections, both databases, a large project of 500 tasks instead of 20,000
Before each connection count, every route is loaded in rounds of 5s until two rounds agree within 10 % (at most 8).
EOF
}

duration=30s
connection_counts=8,64
databases=sqlite,postgres
large_tasks=20000
warm_up_for=5s
warm_up_rounds=8
quiet_wait=15
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connection_counts=$2; shift 2 ;;
    --databases) databases=$2; shift 2 ;;
    --smoke) duration=2s; connection_counts=8; large_tasks=500; warm_up_for=1s; warm_up_rounds=1; quiet_wait=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

source "$(dirname "$0")/lib.sh"

# Ports and a PostgreSQL folder of their own: run.sh uses 31480-31499 and the test suite's cluster 55432. Below
# Linux's ephemeral range (32768-60999), where a test's client connection could hold the port.
anchor_port=31460
api_port=31461
export OC_PG_PORT=31469 OC_PG_DIR=/tmp/oc-write-path-pg OC_PG_DB=oc_write_path
spread=20

out=$(mktemp -d /tmp/oc-write-path.XXXXXX)
results="$out/results.tsv"   # config, database, connections, route, rps, p50, p99, 2xx, 4xx, 5xx, acked, stored, net errors
: >"$results"
echo "Run folder (logs, wrk output, SQLite files): $out"

require_root_and_wrk
build_release

# Where each process keeps its rows.
sqlite_file() { [ "$1" = ours ] && echo "$out/sqlite-ours/officecoordinator.db" || echo "$out/sqlite-anchor.db"; }
postgres_database() { echo "oc_write_path_$1"; }

# Rows stored so far: tasks made from email (ours); items with their history row (the anchor: the smaller of the two
# counts, so an item stored without its history row counts as missing).
stored() { # config database
  local queries
  if [ "$1" = ours ]; then queries=('SELECT count(*) FROM "Tasks" WHERE "SourceEmailId" IS NOT NULL')
  else queries=('SELECT count(*) FROM "AnchorItems"' 'SELECT count(*) FROM "AnchorHistory"'); fi
  if [ "$2" = sqlite ]; then count_sqlite "$(sqlite_file "$1")" "${queries[@]}"
  else count_postgres "$(postgres_database "$1")" "${queries[@]}"; fi | sort -n | head -1
}

# Starts the anchor host on the given database with the large project seeded; sets $started_pid.
start_anchor() { # provider connection-string log
  port_free "$anchor_port" || return 1
  (
    export_sign_in
    # Server GC, as the API runs it (the web SDK's default; the benchmarks app is a console app).
    export DOTNET_gcServer=1
    exec dotnet "$bench_dll" anchor-host --urls "http://127.0.0.1:$anchor_port" --provider "$1" --connection "$2" \
      --seed-project large --seed-items "$large_tasks"
  ) >"$3" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
  wait_ready "http://127.0.0.1:$anchor_port/health" "$started_pid" "$3"
}

# Loads one process with one route for the given time (2 wrk threads); wrk leaves answers slower than --timeout out of
# its percentiles, so the timeout is the whole run.
load() { # config database connections route projects lua for [VAR=value...]
  local config=$1 database=$2 connections=$3 route=$4 projects=$5 lua=$6 for=$7; shift 7
  local port=$anchor_port file="$out/$database-$config-$connections-$route.wrk"
  [ "$config" = ours ] && port=$api_port
  env "$@" OC_LOAD_LUA="$here/lua" OC_LOAD_TOKEN="$token" OC_LOAD_PROJECT="${projects%%,*}" OC_LOAD_PROJECTS="$projects" \
    OC_LOAD_RUN="$(date +%s%N)-$database-$config-$route" \
    wrk -t2 -c"$connections" -d"$for" --timeout "$for" --latency -s "$here/lua/$lua" "http://127.0.0.1:$port" >"$file" 2>&1 || true
  grep -q OC_RESULT "$file" || { echo "wrk gave no result; see $file" >&2; cat "$file" >&2; return 1; }
}

# Waits (at most $quiet_wait seconds each) until neither process uses more than about 4 % of a core. After a run, ours
# kept 60-70 % of a core busy for a few seconds (the JIT's later tiers, we take it), which would land in the next run.
wait_quiet() {
  local pid before after
  for pid in "$anchor_pid" "$api_pid"; do
    for _ in $(seq 1 $((quiet_wait * 2))); do
      before=$(cpu_ticks "$pid"); sleep 0.5; after=$(cpu_ticks "$pid")
      [ $((after - before)) -gt 2 ] || break
    done
  done
}

# User and system CPU time of a process, in clock ticks (100 a second).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# Loads a route in rounds of $warm_up_for until two rounds in a row agree within 10 % (at most $warm_up_rounds):
# tiered JIT, EF Core's query compilation and pools grown to the connection count take ours much longer than the
# anchor to settle, and the first route measured would pay for them.
warm_up() { # config database connections route projects lua [VAR=value...]
  local previous=0 rps file="$out/$2-$1-$3-$4.wrk"
  for _ in $(seq 1 "$warm_up_rounds"); do
    wait_quiet
    load "$1" "$2" "$3" "$4" "$5" "$6" "$warm_up_for" "${@:7}" || return 1
    rps=$(field rps "$file")
    if awk -v now="$rps" -v before="$previous" 'BEGIN { exit !(now >= before * 0.9 && now <= before * 1.1) }'; then return 0; fi
    previous=$rps
  done
}

# One measured run of load(), recorded as a row of $results with the rows stored meanwhile.
measure() { # config database connections route projects lua for [VAR=value...]
  local config=$1 database=$2 connections=$3 route=$4 file="$out/$2-$1-$3-$4.wrk" before after acked=- stored_now=-
  wait_quiet
  before=$(stored "$config" "$database") || return 1
  load "$@" || return 1
  sleep 0.5   # the requests wrk cut off at the end finish before the count
  after=$(stored "$config" "$database") || return 1
  if [ "$route" != read ]; then acked=$(field acked "$file"); stored_now=$((after - before)); fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$config" "$database" "$connections" "$route" \
    "$(field rps "$file")" "$(field p50_ms "$file")" "$(field p99_ms "$file")" \
    "$(field c2xx "$file")" "$(field c4xx "$file")" "$(field c5xx "$file")" "$acked" "$stored_now" \
    "$(( $(field socket_errors "$file") + $(field timeouts "$file") ))" >>"$results"
  printf '  %-6s %3s connections  %-10s %8s req/s\n' "$config" "$connections" "$route" "$(field rps "$file")"
}

# Project ids for one write run: new ones each time, so every run starts from empty projects.
anchor_projects() { # count
  local ids=() i
  for i in $(seq 1 "$1"); do ids+=("p-$RANDOM$RANDOM-$i"); done
  (IFS=,; echo "${ids[*]}")
}

# Four at a time: the API takes a few hundred milliseconds for each new project, and a run asks for dozens.
our_projects() { # count
  local folder jobs=() i job
  folder=$(mktemp -d "$out/projects.XXXXXX")
  for i in $(seq 1 "$1"); do
    new_project "http://127.0.0.1:$api_port" "Write path $i" >"$folder/$i" &
    jobs+=($!)
    if [ $((i % 4)) = 0 ] || [ "$i" = "$1" ]; then
      for job in "${jobs[@]}"; do wait "$job" || return 1; done
      jobs=()
    fi
  done
  cat "$folder"/* | paste -sd,
}

run_database() { # sqlite|postgres
  local database=$1 provider anchor_connection api_connection="" data="$out/$1-ours" large_project connections
  mkdir -p "$data"
  if [ "$database" = sqlite ]; then
    provider=Sqlite; anchor_connection="Data Source=$(sqlite_file anchor)"
  else
    provider=Postgres
    # The anchor and the API stay up side by side, and each pool keeps up to 100 connections (Npgsql's default).
    start_postgres 250 || return 1
    anchor_connection=$(new_database "$(postgres_database anchor)") || return 1
    api_connection=$(new_database "$(postgres_database ours)") || return 1
  fi

  echo "== $database: starting the anchor host and the API, seeding a project of $large_tasks tasks in each..."
  start_anchor "$provider" "$anchor_connection" "$out/$database-anchor.log" || return 1
  anchor_pid=$started_pid
  start_api "$api_port" "$provider" "$api_connection" "$data" "$out/$database-ours.log" || return 1
  api_pid=$started_pid
  large_project=$(new_project "http://127.0.0.1:$api_port" "Large") || return 1
  add_plan_tasks "http://127.0.0.1:$api_port" "$large_project" "$large_tasks" || return 1

  local warm_project one spread_ids
  warm_project=$(our_projects 1) || return 1
  for connections in ${connection_counts//,/ }; do
    echo "   $connections connections (warming up first):"
    warm_up anchor "$database" "$connections" warm-up-write warm-up anchor.lua OC_LOAD_ROUTE=write OC_LOAD_KEYS=0 || return 1
    warm_up anchor "$database" "$connections" warm-up-read large anchor.lua OC_LOAD_ROUTE=read || return 1
    warm_up ours "$database" "$connections" warm-up-write "$warm_project" email.lua OC_LOAD_KEYS=0 || return 1
    warm_up ours "$database" "$connections" warm-up-write-key "$warm_project" email.lua OC_LOAD_KEYS=1 || return 1
    warm_up ours "$database" "$connections" warm-up-read "$large_project" tasks-page.lua || return 1

    # Each route on the anchor, then at once on ours, so the two figures of a pair are taken close together; the large
    # project right after a new one, for the same reason.
    one=$(anchor_projects 1)
    measure anchor "$database" "$connections" one "$one" anchor.lua "$duration" OC_LOAD_ROUTE=write OC_LOAD_KEYS=0 || return 1
    one=$(our_projects 1) || return 1
    measure ours "$database" "$connections" one "$one" email.lua "$duration" OC_LOAD_KEYS=0 || return 1
    measure anchor "$database" "$connections" large large anchor.lua "$duration" OC_LOAD_ROUTE=write OC_LOAD_KEYS=0 || return 1
    measure ours "$database" "$connections" large "$large_project" email.lua "$duration" OC_LOAD_KEYS=0 || return 1
    spread_ids=$(anchor_projects $spread)
    measure anchor "$database" "$connections" spread "$spread_ids" anchor.lua "$duration" OC_LOAD_ROUTE=write OC_LOAD_KEYS=0 || return 1
    spread_ids=$(our_projects $spread) || return 1
    measure ours "$database" "$connections" spread "$spread_ids" email.lua "$duration" OC_LOAD_KEYS=0 || return 1
    one=$(our_projects 1) || return 1
    measure ours "$database" "$connections" one-key "$one" email.lua "$duration" OC_LOAD_KEYS=1 || return 1
    spread_ids=$(our_projects $spread) || return 1
    measure ours "$database" "$connections" spread-key "$spread_ids" email.lua "$duration" OC_LOAD_KEYS=1 || return 1
    measure anchor "$database" "$connections" read large anchor.lua "$duration" OC_LOAD_ROUTE=read || return 1
    measure ours "$database" "$connections" read "$large_project" tasks-page.lua "$duration" || return 1
  done
  stop_pid "$anchor_pid"
  stop_pid "$api_pid"
}

echo "Write path: $duration per route; connections $connection_counts; databases $databases; large project $large_tasks tasks"
failed=()
for database in ${databases//,/ }; do
  case "$database" in
    sqlite|postgres) run_database "$database" || failed+=("$database") ;;
    *) echo "unknown database: $database" >&2; failed+=("$database") ;;
  esac
done

# The report: one markdown table, each of our rows against the anchor's matching row, and the large project against
# a new one. Exit status 1 on a 5xx or on fewer rows stored than acknowledged.
echo
status=0
python3 - "$results" "$large_tasks" "$spread" <<'EOF' || status=1
import csv, sys

rows = [dict(zip(("config", "database", "connections", "route", "rps", "p50", "p99", "c2xx", "c4xx", "c5xx", "acked", "stored", "net"), r))
        for r in csv.reader(open(sys.argv[1]), delimiter="\t")]
large, spread = int(sys.argv[2]), int(sys.argv[3])
routes = {
    "one": "write, 1 project",
    "spread": f"write, {spread} projects",
    "one-key": "write, 1 project, Idempotency-Key",
    "spread-key": f"write, {spread} projects, Idempotency-Key",
    "large": f"write, 1 project of {large:,} tasks",
    "read": "read, 50 rows",
}
databases = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
rps = {(r["config"], r["database"], r["connections"], r["route"]): float(r["rps"]) for r in rows}
# Measured in pairs (see run_database); listed by database, connections and route, the anchor above ours.
rows.sort(key=lambda r: (list(databases).index(r["database"]), int(r["connections"]), list(routes).index(r["route"]), r["config"]))

# The anchor has no Idempotency-Key: ours with a key is held against the anchor's plain write into as many projects.
def ratio(r):
    anchor = rps.get(("anchor", r["database"], r["connections"], r["route"].removesuffix("-key")))
    return f"{float(r['rps']) / anchor:.2f}" if r["config"] == "ours" and anchor else "–"

print("| Config | Database | Connections | Route | Requests/s | p50 ms | p99 ms | × anchor | 2xx | 4xx | 5xx | Acknowledged | Stored |")
print("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['config']} | {databases[r['database']]} | {r['connections']} | {routes[r['route']]} | {float(r['rps']):,.1f} | "
          f"{float(r['p50']):.1f} | {float(r['p99']):.1f} | {ratio(r)} | {r['c2xx']} | {r['c4xx']} | {r['c5xx']} | "
          f"{r['acked'].replace('-', '–')} | {r['stored'].replace('-', '–')} |")
print()
print("Writes: ours POST /api/projects/{id}/tasks/from-email, a new message each request; the anchor POST")
print("/anchor/projects/{id}/items, one row and its history row in one SaveChanges. Reads: ours GET")
print("/api/projects/{id}/tasks?limit=50 of the large project; the anchor 50 rows of its large project (AsNoTracking).")
print("Rows with an Idempotency-Key are held against the anchor's write without one. Acknowledged: 201s; stored: rows")
print("counted in the database after the run less before it (it may exceed acknowledged by requests wrk cut off).")
print()
for r in rows:
    empty = rps.get((r["config"], r["database"], r["connections"], "one"))
    if r["route"] == "large" and empty:
        print(f"{r['config']}, {databases[r['database']]}, {r['connections']} connections: project of {large:,} tasks "
              f"{float(r['rps']):,.1f} req/s / new project {empty:,.1f} req/s = {float(r['rps']) / empty:.2f}")
print()

failed = False
if any(int(r["c5xx"]) > 0 for r in rows):
    print("FAILED: 5xx answers"); failed = True
if any(r["acked"] != "-" and int(r["acked"]) > int(r["stored"]) for r in rows):
    print("FAILED: acknowledged writes missing from the database"); failed = True
if any(int(r["c4xx"]) > 0 for r in rows):
    print("NOTE: some requests were answered 4xx; see the wrk output in the run folder")
if any(int(r["net"]) > 0 for r in rows):
    print("NOTE: wrk counted socket errors or timeouts; see the wrk output in the run folder")
sys.exit(1 if failed else 0)
EOF
if [ ${#failed[@]} -gt 0 ]; then echo "FAILED to run: ${failed[*]} (see $out)"; status=1; fi
[ $status -eq 0 ] && echo "OK: no 5xx, every acknowledged write stored."
exit $status
