-- Applies versions of objects under one Resource-ID (docs/peer-protocol.md 5.1), each only if it
-- is newer than the object's current version; atomic, as every script.
-- KEYS[1] <prefix>obj:<rid hex>  hash  field = owner(16)|hash(16) -> value (VersionCodec)
-- KEYS[2] <prefix>ids            zset  member = rid hex, score 0 (ring ranges by ZRANGEBYLEX)
-- KEYS[3] <prefix>exp            zset  member = rid(16)|field, score = Expiry ms (the sweep)
-- ARGV[1] rid hex, ARGV[2] rid (16 bytes), then per version: field, value, Expiry ms (decimal)
-- Returns the number applied.

-- A value starts with its 17-byte stamp, Storage Time | T | Expiry, written so that unsigned
-- byte order is version order: comparing bytes avoids 64-bit numbers in Lua's doubles, and
-- string '<' would follow the server's collation locale, not bytes.
local function newer(a, b)
  for i = 1, 17 do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then
      return x > y
    end
  end
  return false -- equal: a no-op
end

local applied = 0
for i = 3, #ARGV, 3 do
  local field, value = ARGV[i], ARGV[i + 1]
  local current = redis.call('HGET', KEYS[1], field)
  if not current or newer(value, current) then
    redis.call('HSET', KEYS[1], field, value)
    redis.call('ZADD', KEYS[3], ARGV[i + 2], ARGV[2] .. field)
    applied = applied + 1
  end
end
if applied > 0 then
  redis.call('ZADD', KEYS[2], 0, ARGV[1])
end
return applied
