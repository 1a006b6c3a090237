-- One page of 50 tasks of a project (the read write-path.sh sets beside the anchor's 50-row read).
class_id = "tasks-page"
dofile(os.getenv("OC_LOAD_LUA") .. "/common.lua")

function request()
  return get(project_path() .. "/tasks?limit=50")
end
