-- Shared by every route class's script: settings, request helpers, counting answers per thread, one result line.
-- Settings come from the environment (run.sh sets them), so setup() in wrk's main Lua state can read them as well.

token = os.getenv("OC_LOAD_TOKEN") or ""
project = os.getenv("OC_LOAD_PROJECT") or ""
run_id = os.getenv("OC_LOAD_RUN") or "run"
task_count = tonumber(os.getenv("OC_LOAD_TASKS") or "200")
base = "/api/projects/" .. project

-- Writes spread over several projects (write-path.sh): OC_LOAD_PROJECTS lists them, and each request picks one.
local projects = {}
for id in string.gmatch(os.getenv("OC_LOAD_PROJECTS") or project, "[^,]+") do
  projects[#projects + 1] = id
end

function project_path(prefix)
  return (prefix or "/api/projects/") .. projects[math.random(#projects)]
end

-- Several API instances (postgres2): one wrk thread per address, so each instance gets its share of the connections.
local addresses = {}
for address in string.gmatch(os.getenv("OC_LOAD_ADDRS") or "", "[^,]+") do
  addresses[#addresses + 1] = address
end

local threads = {}

function setup(thread)
  local index = #threads
  threads[#threads + 1] = thread
  thread:set("index", index)
  thread:set("thread_count", math.max(1, #addresses))
  if #addresses > 0 then
    local host, port = string.match(addresses[index % #addresses + 1], "^(.*):(%d+)$")
    thread.addr = wrk.lookup(host, port)[1]
  end
end

-- Counters live in each thread's own Lua state; done() collects them with thread:get().
c2xx, c3xx, c4xx, c5xx, acked, applied, counter = 0, 0, 0, 0, 0, 0, 0

function init(args)
  math.randomseed(os.time() + (index or 0) * 7919 + math.floor(os.clock() * 1000000))
  if class_init then class_init() end
end

-- A fresh header table per request: wrk.format writes Host and Content-Length into the table it is given.
function get(path)
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

-- Every POST carries a fresh Idempotency-Key, as the panes send one, unless OC_LOAD_KEYS=0 (write-path.sh measures both).
local send_keys = os.getenv("OC_LOAD_KEYS") ~= "0"

function post(path, body)
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  if send_keys then headers["Idempotency-Key"] = unique("key") end
  return wrk.format("POST", path, headers, body)
end

-- Unique across runs, route classes, threads and requests (each request() first counts itself); the random part only makes values look less regular.
function unique(prefix)
  return string.format("%s-%s-%s-%d-%d-%06d", prefix, run_id, class_id, index or 0, counter, math.random(0, 999999))
end

function response(status, headers, body)
  if status >= 500 then c5xx = c5xx + 1
  elseif status >= 400 then c4xx = c4xx + 1
  elseif status >= 300 then c3xx = c3xx + 1
  elseif status >= 200 then c2xx = c2xx + 1 end
  if acked_status and status == acked_status then acked = acked + 1 end
  if class_response then class_response(status, body) end
end

function done(summary, latency, requests)
  local totals = { c2xx = 0, c3xx = 0, c4xx = 0, c5xx = 0, acked = 0, applied = 0 }
  local per_thread = {}
  for _, thread in ipairs(threads) do
    for name in pairs(totals) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
    per_thread[#per_thread + 1] = tostring((thread:get("c2xx") or 0) + (thread:get("c3xx") or 0) + (thread:get("c4xx") or 0) + (thread:get("c5xx") or 0))
  end
  local e = summary.errors
  -- One line run.sh parses; the numbers are for the whole process (all its threads).
  io.write(string.format(
    "OC_RESULT class=%s requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f c2xx=%d c3xx=%d c4xx=%d c5xx=%d acked=%s applied=%s socket_errors=%d timeouts=%d per_thread=%s\n",
    class_id, summary.requests, summary.requests / (summary.duration / 1000000),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    totals.c2xx, totals.c3xx, totals.c4xx, totals.c5xx,
    acked_status and tostring(totals.acked) or "-", class_counts_applied and tostring(totals.applied) or "-",
    e.connect + e.read + e.write, e.timeout, table.concat(per_thread, "/")))
end
