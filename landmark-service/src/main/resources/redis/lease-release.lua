-- KEYS[1] lease, ARGV[1] id: deletes the lease only if ARGV[1] holds it.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
