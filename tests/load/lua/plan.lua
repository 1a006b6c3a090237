-- Plan pushes, as the Excel pane sends them: 1-5 rows changing % Complete of seeded tasks, each with the Version the
-- thread last saw. A 200 is acknowledged (applied or answered with conflicts); applied cells are counted too.
class_id = "plan"
acked_status = 200
class_counts_applied = true
dofile(os.getenv("OC_LOAD_LUA") .. "/common.lua")

-- Each thread edits its own share of the tasks, so its versions stay right unless its own requests race.
local tasks, versions = {}, {}

function class_init()
  for number = 1, task_count do
    if number % thread_count == index then tasks[#tasks + 1] = number end
  end
end

function request()
  counter = counter + 1
  local rows, used = {}, {}
  for _ = 1, math.random(5) do
    local number = tasks[math.random(#tasks)]
    if not used[number] then
      used[number] = true
      rows[#rows + 1] = string.format([[{"ID":"T-%d","Version":%d,"%% Complete":%.2f}]], number, versions[number] or 1, math.random(0, 100) / 100)
    end
  end
  return post(base .. "/plan/changes", '{"rows":[' .. table.concat(rows, ",") .. ']}')
end

-- Follows the versions from the answers: an applied cell moved its task one version on; a conflict or a refused
-- Version names the server's (the apostrophe comes escaped, hence [^ ]*).
function class_response(status, body)
  if status ~= 200 or not body then return end
  local done = body:match('^{"applied":%[(.-)%],"created"') or ""
  for number in done:gmatch('"id":"T%-(%d+)"') do
    number = tonumber(number)
    versions[number] = (versions[number] or 1) + 1
    applied = applied + 1
  end
  for number, version in body:gmatch('"id":"T%-(%d+)","column":"[^"]*","base":[^}]-"serverVersion":(%d+)') do
    versions[tonumber(number)] = tonumber(version)
  end
  for number, version in body:gmatch('"id":"T%-(%d+)","column":"Version","detail":"Version %d+ is newer than the server[^ ]* (%d+)') do
    versions[tonumber(number)] = tonumber(version)
  end
end
