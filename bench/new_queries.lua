-- Requests no cache has seen: every request asks a query not asked before in the run, as a reader typing
-- something new does. bench/pages.py runs it as
--
--     wrk -s bench/new_queries.lua URL -- PATH MODE [warm | SEGMENT]
--
-- PATH is what the query is appended to (/search/?q=, /api/search/?q=, /codes/?q=). MODE "words" asks three
-- words people search with (262,144 queries); "prefixes" asks what the list's filter box holds while a word or a
-- number is typed (bu, busy, 48), alone or with a class and "common codes only" set (about 14,000 queries).
-- The n-th request takes the n-th query of a fixed shuffle (a step coprime to the number of queries), so none
-- repeats within a run; "warm" starts halfway along, for a warm-up that asks none of the measured run's queries, and
-- a SEGMENT number an eighth further along for each segment of a row.

local WORDS = {
  "phone", "register", "registration", "busy", "timeout", "call", "drops", "audio", "one", "way", "forbidden",
  "password", "wrong", "codec", "rejected", "transfer", "hold", "unavailable", "trunk", "carrier", "dns",
  "failover", "loop", "proxy", "authentication", "challenge", "expired", "session", "timer", "refresh",
  "cancel", "ringing", "answer", "hangs", "fax", "early", "media", "silence", "blocked", "caller", "id",
  "number", "invalid", "not", "found", "moved", "temporarily", "seconds", "nat", "tls", "invite", "bye",
  "ack", "subscribe", "presence", "voicemail", "gateway", "pbx", "asterisk", "freeswitch", "error",
  "server", "overloaded", "decline",
}

local path, mode, offset = "/search/?q=", "words", 0
local queries, count, step, counter = nil, 0, 1, 0

local function gcd(a, b)
  while b ~= 0 do a, b = b, a % b end
  return a
end

local function prefixes()
  local typed = {}
  for _, word in ipairs(WORDS) do
    for length = 2, #word do typed[word:sub(1, length)] = true end
  end
  for number = 1, 699 do
    local digits = tostring(number)
    if digits:sub(1, 1) >= "1" and digits:sub(1, 1) <= "6" then typed[digits] = true end
  end
  local list = {}
  for text in pairs(typed) do list[#list + 1] = text end
  table.sort(list)
  local filters = {"", "&common=on"}
  for class = 1, 6 do
    filters[#filters + 1] = "&class=" .. class
    filters[#filters + 1] = "&class=" .. class .. "&common=on"
  end
  local all = {}
  for _, filter in ipairs(filters) do
    for _, text in ipairs(list) do all[#all + 1] = text .. filter end
  end
  return all
end

function init(args)
  path, mode = args[1] or path, args[2] or mode
  if mode == "prefixes" then
    queries = prefixes()
    count = #queries
  else
    count = (#WORDS) ^ 3
  end
  step = 7919
  while gcd(step, count) ~= 1 do step = step + 1 end
  -- "warm" starts halfway along, so a warm-up shares no query with a measured run of fewer requests than that;
  -- SEGMENT (0, 1, 2) starts an eighth further along for each, so that the segments of one row ask none alike.
  if args[3] == "warm" then
    offset = math.floor(count / 2)
  else
    offset = (tonumber(args[3]) or 0) * math.floor(count / 8)
  end
end

local function query(index)
  if queries then return queries[index + 1] end
  local n = #WORDS
  local a, b, c = index % n, math.floor(index / n) % n, math.floor(index / (n * n))
  return WORDS[a + 1] .. "+" .. WORDS[b + 1] .. "+" .. WORDS[c + 1]
end

function request()
  local index = ((counter + offset) * step) % count
  counter = counter + 1
  return wrk.format(nil, path .. query(index))
end
