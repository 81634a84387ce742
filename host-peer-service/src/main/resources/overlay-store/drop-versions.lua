-- Drops versions of objects under one Resource-ID that lie outside this peer's replica range,
-- once the responsible peer holds them (docs/peer-protocol.md 5.8): each only if the object's
-- current version still has the stamp the caller synchronised (a version applied since stays).
-- KEYS as in apply-versions.lua.
-- ARGV[1] rid hex, ARGV[2] rid (16 bytes), then per version: field, its 17-byte stamp
-- (Storage Time | T | Expiry, the first bytes of its value).
-- Returns the number dropped.

local dropped = 0
for i = 3, #ARGV, 2 do
  local field, stamp = ARGV[i], ARGV[i + 1]
  local current = redis.call('HGET', KEYS[1], field)
  if current and string.sub(current, 1, 17) == stamp then
    redis.call('HDEL', KEYS[1], field)
    redis.call('ZREM', KEYS[3], ARGV[2] .. field)
    dropped = dropped + 1
  end
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('ZREM', KEYS[2], ARGV[1])
end
return dropped
