-- The signed configuration document every replica serves, replaced only if no other replica
-- replaced it since it was read (a compare-and-set on digest, sequence and expiration).
-- KEYS[1] enroll:config-document:{overlay}
-- ARGV[1..3] digest, sequence, expires as read ('' where absent)
-- ARGV[4..8] the new digest, sequence, expires, landmarks version and document
-- Returns 1 when replaced, 0 when another replica got there first.
local current = redis.call('HMGET', KEYS[1], 'digest', 'sequence', 'expires')
if (current[1] or '') ~= ARGV[1] or (current[2] or '') ~= ARGV[2]
    or (current[3] or '') ~= ARGV[3] then
  return 0
end
redis.call('HSET', KEYS[1], 'digest', ARGV[4], 'sequence', ARGV[5], 'expires', ARGV[6],
  'landmarks', ARGV[7], 'document', ARGV[8])
return 1
