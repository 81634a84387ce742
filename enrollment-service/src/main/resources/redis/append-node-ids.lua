-- Appends Node-IDs (comma-separated hex) to an account's node-ids field, atomically.
-- KEYS[1] enroll:account:{user}; ARGV[1] the new ids. Returns the number of ids now recorded.
local current = redis.call('HGET', KEYS[1], 'node-ids')
local updated = ARGV[1]
if current and current ~= '' then
  updated = current .. ',' .. ARGV[1]
end
redis.call('HSET', KEYS[1], 'node-ids', updated)
local count = 1
for _ in string.gmatch(updated, ',') do count = count + 1 end
return count
