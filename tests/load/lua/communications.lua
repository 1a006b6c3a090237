-- Communications: an Update logged with a known participant; each 201 is one stored communication.
class_id = "communications"
acked_status = 201
dofile(os.getenv("OC_LOAD_LUA") .. "/common.lua")

local people = {
  { "Sam Sponsor", "sam@contoso.com" },
  { "Vera Vendor", "vera@vendor.example" },
  { "Hana Hotel", "hana@hotel.example" },
}

function request()
  counter = counter + 1
  local person = people[math.random(#people)]
  local body = string.format([[{"kind":"Update","summary":"Load update %s","occurredAt":"2026-12-07T10:00:00Z","participants":[{"name":"%s","email":"%s"}]}]],
    unique("note"), person[1], person[2])
  return post(base .. "/communications", body)
end
