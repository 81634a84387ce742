-- The configuration document's sequence number: raised once each time its content changes.
-- KEYS[1] enroll:config-document:{overlay}; ARGV[1] digest of the content. Returns the sequence.
if redis.call('HGET', KEYS[1], 'digest') == ARGV[1] then
  return tonumber(redis.call('HGET', KEYS[1], 'sequence'))
end
redis.call('HSET', KEYS[1], 'digest', ARGV[1])
return redis.call('HINCRBY', KEYS[1], 'sequence', 1)
