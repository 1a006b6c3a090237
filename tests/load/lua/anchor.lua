-- The anchor host of write-path.sh: OC_LOAD_ROUTE=write posts one item (a small body naming the sender, as an email
-- to task would), read gets a 50-row page; OC_LOAD_PROJECTS lists the project ids to pick from.
local route = os.getenv("OC_LOAD_ROUTE") or "write"
class_id = "anchor-" .. route
acked_status = route == "write" and 201 or nil
dofile(os.getenv("OC_LOAD_LUA") .. "/common.lua")

local prefix = "/anchor/projects/"

function request()
  counter = counter + 1
  if route == "read" then return get(project_path(prefix) .. "/items?limit=50") end
  local body = string.format([[{"title":"RE: Load item %d: please confirm the booking by Friday","requester":"vera@vendor.example"}]], counter)
  return post(project_path(prefix) .. "/items", body)
end
