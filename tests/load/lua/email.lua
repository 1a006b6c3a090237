-- Email to task: a new message every time (a unique internetMessageId), so each acknowledged request is a 201 and a task.
class_id = "email"
acked_status = 201
dofile(os.getenv("OC_LOAD_LUA") .. "/common.lua")

-- A few recurring senders, as in a real mailbox (the first message of each adds a stakeholder).
local senders = {
  { "Vera Vendor", "vera@vendor.example" },
  { "Carl Caterer", "carl@catering.example" },
  { "Hana Hotel", "hana@hotel.example" },
  { "Sam Sponsor", "sam@contoso.com" },
  { "Ivo Installer", "ivo@stands.example" },
}

function request()
  counter = counter + 1
  local sender = senders[math.random(#senders)]
  local message_id = unique("msg")
  local body = string.format([[{"email":{"internetMessageId":"<%s@load.test>","conversationId":"conv-%s-%d","subject":"RE: Load item %d: please confirm the booking by Friday","from":{"name":"%s","email":"%s"},"to":[{"name":"Load Manager","email":"load.manager@contoso.com"}],"cc":[],"receivedAt":"2026-12-07T09:00:00+01:00","bodyText":"Hello,\ncould you confirm the booking for item %d by Friday?\nThanks,\n%s"}}]],
    message_id, run_id, counter % 50, counter, sender[1], sender[2], counter, sender[1])
  return post(project_path() .. "/tasks/from-email", body)
end
