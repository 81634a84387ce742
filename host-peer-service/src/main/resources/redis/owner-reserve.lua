-- Accounts one object to its owner before it is stored, enforcing the per-client limits.
-- KEYS[1] hp:own:{owner}  hash  member = rid(16)|hash(16) -> "expiry ms:size"
-- ARGV: member, lifetime ms, size, max objects, max bytes
-- Returns 1 (new member), 2 (member replaced), -1 (too many objects), -2 (too many bytes).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local entries = redis.call('HGETALL', KEYS[1])
local count, bytes, last = 0, 0, 0
local replaced = 0
for i = 1, #entries, 2 do
  local expiry, size = string.match(entries[i + 1], '^(%d+):(%d+)$')
  expiry, size = tonumber(expiry), tonumber(size)
  if expiry <= now then
    redis.call('HDEL', KEYS[1], entries[i])
  elseif entries[i] == ARGV[1] then
    replaced = 1
  else
    count = count + 1
    bytes = bytes + size
    if expiry > last then last = expiry end
  end
end
if count + 1 > tonumber(ARGV[4]) then return -1 end
if bytes + tonumber(ARGV[3]) > tonumber(ARGV[5]) then return -2 end
local expiry = now + tonumber(ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], expiry .. ':' .. ARGV[3])
if expiry > last then last = expiry end
redis.call('PEXPIREAT', KEYS[1], last)
return 1 + replaced
