-- KEYS[1] one landmark's RTT hash; ARGV[1] ttl ms, then pairs of (other landmark id, RTT ms).
-- Replaces the whole vector at once, so a reader never sees half of an old and half of a new one.
redis.call('DEL', KEYS[1])
if #ARGV > 1 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 2))
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return (#ARGV - 1) / 2
