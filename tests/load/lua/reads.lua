-- Reads: the project, a page of tasks, the schedule (computed over every task) and one task, in turn.
class_id = "reads"
dofile(os.getenv("OC_LOAD_LUA") .. "/common.lua")

function request()
  counter = counter + 1
  local turn = counter % 4
  if turn == 0 then return get(base) end
  if turn == 1 then return get(base .. "/tasks?limit=50") end
  if turn == 2 then return get(base .. "/schedule") end
  return get(base .. "/tasks/" .. math.random(task_count))
end
