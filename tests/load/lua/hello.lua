-- The bare minimal-API host's GET /hello, counted the same way as the API's route classes (so both pay for Lua).
class_id = "hello"
dofile(os.getenv("OC_LOAD_LUA") .. "/common.lua")

function request()
  return wrk.format("GET", "/hello")
end
