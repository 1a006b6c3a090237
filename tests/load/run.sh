#!/usr/bin/env bash
# Load test of the API (issue 12, point 11): reads, email to task, communications and plan pushes at once, on SQLite,
# on PostgreSQL and on two instances sharing one PostgreSQL, beside a bare minimal-API host measured in the same run.
# Checks: no 5xx, no "database is locked", no lost write (what was acknowledged against what is stored).
# Run as root (it installs wrk and starts a throwaway PostgreSQL). Exits 1 when a check fails.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: tests/load/run.sh [--duration 60s] [--connections 100] [--mix reads:70,email:10,communications:10,plan:10]
                         [--configs bare,sqlite,postgres,postgres2] [--smoke]
  --duration     how long each configuration is loaded (wrk's -d)
  --connections  connections per configuration, split over the four route classes by --mix
  --mix          each route class's share of the connections, in percent (a coordinator's day reads far more than it writes)
  --configs      which configurations to run, comma-separated
  --smoke        every configuration for 3s with 8 connections (a quick check that nothing is broken)
EOF
}

duration=60s
connections=100
mix=reads:70,email:10,communications:10,plan:10
configs=bare,sqlite,postgres,postgres2
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --configs) configs=$2; shift 2 ;;
    --mix) mix=$2; shift 2 ;;
    --smoke) duration=3s; connections=8; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

source "$(dirname "$0")/lib.sh"

# Ports and a PostgreSQL folder of its own, so the test suite's cluster (55432, /tmp/oc-pgdata) is never touched. The
# ports lie below Linux's ephemeral range (32768-60999): there, a client connection of a test running meanwhile can
# hold the port and the API then fails to bind it.
bare_port=31480
api_port=31481
export OC_PG_PORT=31499 OC_PG_DIR=/tmp/oc-load-pg OC_PG_DB=oc_load

classes=(reads email communications plan)
declare -A share
for part in ${mix//,/ }; do share[${part%%:*}]=${part#*:}; done
# Connections of a route class: its share, at least two (one per instance with two instances), even.
connections_of() { local n=$((connections * ${share[$1]:-0} / 100)); n=$((n / 2 * 2)); echo $((n < 2 ? 2 : n)); }

out=$(mktemp -d /tmp/oc-load.XXXXXX)
results="$out/results.tsv"   # config, class, connections, rps, p50, p99, 2xx, 4xx, 5xx, acked, stored, net errors
checks="$out/checks.tsv"     # config, locked, error log lines, 503 log lines, lost
: >"$results"; : >"$checks"
echo "Run folder (logs, wrk output, SQLite files): $out"

require_root_and_wrk
build_release

# One project and 200 tasks through the real write path; prints the project id.
seed() { # base-url
  local project
  project=$(new_project "$1" "Load test") || return 1
  add_plan_tasks "$1" "$project" 200 || return 1
  echo "$project"
}

# A few rounds of every route on one instance before measuring: the first calls pay for JIT and EF's model and
# query compilation (about a second), which would swamp a short run. The plan push is a dry run (it writes nothing).
warm_up() { # base-url project
  local round url code
  for round in 1 2 3 4 5; do
    for url in "" "/tasks?limit=50" /schedule "/tasks/$round"; do
      code=$(curl -s -o /dev/null -w '%{http_code}' "$1/api/projects/$2$url" -H "Authorization: Bearer $token")
      [ "$code" = 200 ] || { echo "warm-up: GET $url answered $code" >&2; return 1; }
    done
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$1/api/projects/$2/tasks/from-email" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d "{\"email\":{\"internetMessageId\":\"<warm-up-$RANDOM-$RANDOM-$round@load.test>\",\"conversationId\":\"warm-up\",\"subject\":\"Warm-up\",\"from\":{\"name\":\"Vera Vendor\",\"email\":\"vera@vendor.example\"},\"to\":[],\"cc\":[],\"receivedAt\":\"2026-12-07T09:00:00+01:00\",\"bodyText\":\"Warm-up\"}}")
    [ "$code" = 201 ] || { echo "warm-up: from-email answered $code" >&2; return 1; }
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$1/api/projects/$2/communications" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d '{"kind":"Update","summary":"Warm-up","occurredAt":"2026-12-07T10:00:00Z","participants":[{"name":"Sam Sponsor","email":"sam@contoso.com"}]}')
    [ "$code" = 201 ] || { echo "warm-up: communications answered $code" >&2; return 1; }
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$1/api/projects/$2/plan/changes?dryRun=true" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d '{"rows":[{"ID":"T-1","Version":1,"% Complete":0.5}]}')
    [ "$code" = 200 ] || { echo "warm-up: plan/changes answered $code" >&2; return 1; }
  done
}

# Records one wrk result as a row of $results: config class connections wrk-output acked-override stored.
record() {
  local file=$4
  if ! grep -q OC_RESULT "$file"; then echo "wrk gave no result; see $file" >&2; cat "$file" >&2; return 1; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" \
    "$(field rps "$file")" "$(field p50_ms "$file")" "$(field p99_ms "$file")" \
    "$(field c2xx "$file")" "$(field c4xx "$file")" "$(field c5xx "$file")" "${5:-$(field acked "$file")}" "${6:--}" \
    "$(( $(field socket_errors "$file") + $(field timeouts "$file") ))" >>"$results"
}

# The four route classes at once, one wrk process each; with several addresses, one wrk thread per instance.
# wrk leaves answers slower than --timeout out of its percentiles, so the timeout is the whole run.
# The API logs' lines written meanwhile are kept as $out/<config>-during-load.log.
run_mix() { # config project log... -- address...
  local config=$1 project=$2; shift 2
  local logs=() marks=() i
  while [ "$1" != -- ]; do logs+=("$1"); marks+=("$(wc -l <"$1")"); shift; done
  shift
  local addresses; addresses=$(IFS=,; echo "$*")
  local threads=$#
  local wrk_pids=() class pid per_thread
  for class in "${classes[@]}"; do
    per_thread=$(($(connections_of "$class") / threads))
    OC_LOAD_LUA="$here/lua" OC_LOAD_TOKEN="$token" OC_LOAD_PROJECT="$project" OC_LOAD_TASKS=200 \
      OC_LOAD_RUN="$(date +%s)-$config" OC_LOAD_ADDRS="$addresses" \
      wrk -t"$threads" -c"$((per_thread * threads))" -d"$duration" --timeout "$duration" --latency \
      -s "$here/lua/$class.lua" "http://$1" >"$out/$config-$class.wrk" 2>&1 &
    wrk_pids+=($!)
  done
  for pid in "${wrk_pids[@]}"; do wait "$pid" || true; done
  for i in "${!logs[@]}"; do tail -n +"$((marks[i] + 1))" "${logs[i]}"; done >"$out/$config-during-load.log"
}

# Stored rows: tasks made from email, communications, % Complete changes in the history.
stored_queries=('SELECT count(*) FROM "Tasks" WHERE "SourceEmailId" IS NOT NULL' 'SELECT count(*) FROM "Communications"'
  "SELECT count(*) FROM \"History\" WHERE \"Entity\" = 'task' AND \"Action\" = 'updated' AND \"Field\" = 'percentComplete'")

# Compares acknowledged with stored per writing class, records the rows and the log checks of one configuration.
finish_config() { # config counts-before-file counts-after-file log...
  local config=$1 before=$2 after=$3; shift 3
  local logs=("$@") stored_email stored_comms stored_cells lost=0 connections n
  for n in $(cat "$before" "$after"); do
    [[ "$n" =~ ^[0-9]+$ ]] || { echo "could not count the stored rows ($before, $after)" >&2; return 1; }
  done
  # What the run stored: the counts after it less those before it (the seed and the warm-up).
  { read -r stored_email; read -r stored_comms; read -r stored_cells; } < <(paste "$after" "$before" | awk '{ print $1 - $2 }')
  # Each class's connections as its wrk run reports them.
  conns() { grep -o '[0-9]* connections' "$out/$config-$1.wrk" | head -1 | cut -d' ' -f1; }
  record "$config" reads "$(conns reads)" "$out/$config-reads.wrk" || return 1
  record "$config" email "$(conns email)" "$out/$config-email.wrk" "" "$stored_email" || return 1
  record "$config" communications "$(conns communications)" "$out/$config-communications.wrk" "" "$stored_comms" || return 1
  # Plan pushes: the cells the 200s reported as applied, against the % Complete changes the history holds.
  record "$config" "plan (cells)" "$(conns plan)" "$out/$config-plan.wrk" "$(field applied "$out/$config-plan.wrk")" "$stored_cells" || return 1
  for pair in "$(field acked "$out/$config-email.wrk") $stored_email" "$(field acked "$out/$config-communications.wrk") $stored_comms" \
    "$(field applied "$out/$config-plan.wrk") $stored_cells"; do
    set -- $pair
    [ "$1" -le "$2" ] || lost=$((lost + $1 - $2))
  done
  # JSON console logs: errors (unhandled exceptions, 500s) at Error/Critical; a database outage is a Warning with 503.
  # Locks and 503s anywhere in the logs; errors while the load ran (a fresh PostgreSQL database logs one at start).
  printf '%s\t%s\t%s\t%s\t%s\n' "$config" \
    "$(cat "${logs[@]}" | grep -c 'database is locked' || true)" \
    "$(grep -cE '"LogLevel":"(Error|Critical)"' "$out/$config-during-load.log" || true)" \
    "$(cat "${logs[@]}" | grep -c 'answered 503' || true)" "$lost" >>"$checks"
}

run_bare() {
  local log="$out/bare.log"
  port_free "$bare_port" || return 1
  dotnet "$bench_dll" bare-host --urls "http://127.0.0.1:$bare_port" >"$log" 2>&1 &
  local bare_pid=$!; pids+=("$bare_pid")
  wait_ready "http://127.0.0.1:$bare_port/hello" "$bare_pid" "$log" || return 1
  for _ in $(seq 1 20); do curl -s -o /dev/null "http://127.0.0.1:$bare_port/hello"; done  # the same warm-up as the API gets
  # All the connections on one route; two wrk threads, as the API configurations run four wrk processes at once.
  OC_LOAD_LUA="$here/lua" wrk -t2 -c"$connections" -d"$duration" --timeout "$duration" --latency \
    -s "$here/lua/hello.lua" "http://127.0.0.1:$bare_port" >"$out/bare-hello.wrk" 2>&1
  stop_pid "$bare_pid"
  record bare "GET /hello" "$connections" "$out/bare-hello.wrk" || return 1
  printf 'bare\t0\t0\t0\t0\n' >>"$checks"
}

run_sqlite() {
  local data="$out/sqlite-data" log="$out/sqlite-api.log"
  mkdir -p "$data"
  start_api "$api_port" Sqlite "" "$data" "$log" || return 1
  local api_pid=$started_pid project
  project=$(seed "http://127.0.0.1:$api_port") || return 1
  warm_up "http://127.0.0.1:$api_port" "$project" || return 1
  count_sqlite "$data/officecoordinator.db" "${stored_queries[@]}" >"$out/sqlite-before.txt" || return 1
  run_mix sqlite "$project" "$log" -- "127.0.0.1:$api_port"
  stop_pid "$api_pid"
  count_sqlite "$data/officecoordinator.db" "${stored_queries[@]}" >"$out/sqlite-after.txt" || return 1
  finish_config sqlite "$out/sqlite-before.txt" "$out/sqlite-after.txt" "$log"
}

run_postgres() { # config instances
  local config=$1 instances=$2 database="oc_load_$1" connection project
  start_postgres || return 1
  connection=$(new_database "$database") || return 1
  local logs=() addresses=() api_pids=() i pid address
  instances_here=$instances
  # The first instance migrates the new database before the second one starts.
  for i in $(seq 0 $((instances - 1))); do
    local port=$((api_port + i)) log="$out/$config-api$((i + 1)).log"
    mkdir -p "$out/$config-data$((i + 1))"
    start_api "$port" Postgres "$connection" "$out/$config-data$((i + 1))" "$log" || return 1
    api_pids+=("$started_pid"); logs+=("$log"); addresses+=("127.0.0.1:$port")
  done
  project=$(seed "http://${addresses[0]}") || return 1
  for address in "${addresses[@]}"; do warm_up "http://$address" "$project" || return 1; done
  count_postgres "$database" "${stored_queries[@]}" >"$out/$config-before.txt" || return 1
  run_mix "$config" "$project" "${logs[@]}" -- "${addresses[@]}"
  for pid in "${api_pids[@]}"; do stop_pid "$pid"; done
  count_postgres "$database" "${stored_queries[@]}" >"$out/$config-after.txt" || return 1
  finish_config "$config" "$out/$config-before.txt" "$out/$config-after.txt" "${logs[@]}"
}

echo "Load: $duration per configuration, $connections connections (mix $mix); configurations: $configs"
failed_configs=()
for config in ${configs//,/ }; do
  echo "== $config"
  case "$config" in
    bare) run_bare || failed_configs+=("$config") ;;
    sqlite) run_sqlite || failed_configs+=("$config") ;;
    postgres) run_postgres postgres 1 || failed_configs+=("$config") ;;
    postgres2) run_postgres postgres2 2 || failed_configs+=("$config") ;;
    *) echo "unknown configuration: $config" >&2; failed_configs+=("$config") ;;
  esac
done

# The report: one markdown table, the ratio to the bare host, the log checks, and SQLite's durability setting.
echo
echo "| Config | Route class | Connections | Requests/s | p50 ms | p99 ms | 2xx | 4xx | 5xx | Acknowledged | Stored | Timeouts + socket errors |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 }' "$results"
echo
echo "Acknowledged: 201s for email and communications; for plan pushes, the % Complete cells their 200s report as applied"
echo "(stored: the history's % Complete changes). Stored may exceed acknowledged by requests wrk cut off at the end."
echo
bare_rps=$(awk -F'\t' '$1 == "bare" { print $4 }' "$results")
for config in sqlite postgres postgres2; do
  total=$(awk -F'\t' -v c="$config" '$1 == c { sum += $4; n++ } END { if (n) printf "%.1f", sum }' "$results")
  [ -n "$total" ] || continue
  if [ -n "$bare_rps" ]; then
    echo "$config: API total $total req/s / bare host $bare_rps req/s = $(awk -v a="$total" -v b="$bare_rps" 'BEGIN { printf "%.4f (the bare host answers %.0f times as many)", a / b, b / a }')"
  else
    echo "$config: API total $total req/s (no bare host in this run)"
  fi
done
for file in "$out"/postgres2-*.wrk; do
  [ -f "$file" ] && echo "postgres2, $(field class "$file"): requests answered per instance $(field per_thread "$file")"
done
echo
echo "| Config | 'database is locked' in the log | Error/Critical log lines during the load | 503 (database unavailable) log lines | Lost writes |"
echo "|---|---:|---:|---:|---:|"
awk -F'\t' '{ printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }' "$checks"

# What the API logged at Warning or above while the load ran, by message, so that each count above can be read.
for file in "$out"/*-during-load.log; do
  [ -f "$file" ] || continue
  python3 - "$file" <<'EOF'
import collections, json, os, sys
seen = collections.Counter()
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    try:
        entry = json.loads(line)
    except ValueError:
        continue  # a stack trace line of an unhandled exception; its first line is counted
    if entry.get("LogLevel") in ("Warning", "Error", "Critical"):
        seen[(entry["LogLevel"], entry.get("Category", ""), entry.get("Message", "").splitlines()[0][:160])] += 1
config = os.path.basename(sys.argv[1]).removesuffix("-during-load.log")
for (level, category, message), count in seen.most_common():
    print(f"{config}: {count} x {level} {category}: {message}")
EOF
done

if [ -f "$out/sqlite-data/officecoordinator.db" ]; then
  # synchronous is per connection: what the API sets on each of its connections is in DatabaseSetup.cs.
  api_sync=$(grep -o 'PRAGMA synchronous = [A-Z]*' "$api_project/Data/DatabaseSetup.cs" | head -1 | awk '{ print $4 }')
  read -r file_journal file_sync < <(python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute("PRAGMA journal_mode").fetchone()[0], c.execute("PRAGMA synchronous").fetchone()[0])' \
    "$out/sqlite-data/officecoordinator.db")
  echo
  echo "SQLite durability: journal_mode=$file_journal (stored in the file); the API sets synchronous=$api_sync on every"
  echo "connection (Data/DatabaseSetup.cs); a fresh connection without it reads synchronous=$file_sync (0 OFF, 1 NORMAL, 2 FULL)."
  echo "NORMAL in WAL mode: a commit is not fsynced until the next checkpoint, so a power cut may lose the last transactions"
  echo "acknowledged before it; the database stays consistent and is never corrupted (FULL would make each commit durable)."
fi

echo
status=0
if [ ${#failed_configs[@]} -gt 0 ]; then echo "FAILED to run: ${failed_configs[*]} (see $out)"; status=1; fi
if awk -F'\t' '$9 > 0 { bad = 1 } END { exit !bad }' "$results"; then echo "FAILED: 5xx answers"; status=1; fi
if awk -F'\t' '$2 > 0 { bad = 1 } END { exit !bad }' "$checks"; then echo "FAILED: 'database is locked' in the logs"; status=1; fi
if awk -F'\t' '$5 > 0 { bad = 1 } END { exit !bad }' "$checks"; then echo "FAILED: acknowledged writes missing from the database"; status=1; fi
# 4xx fails nothing (none is expected; a conflict on a plan push is a 200), but it means part of the mix did not run.
if awk -F'\t' '$8 > 0 { bad = 1 } END { exit !bad }' "$results"; then echo "NOTE: some requests were answered 4xx; see the wrk output in $out"; fi
[ $status -eq 0 ] && echo "OK: no 5xx, no 'database is locked', no lost write."
exit $status
