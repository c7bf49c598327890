// A class in Redis (cluster/redis-class-store.ts), as Lua scripts: every change that two nodes could race
// on is one script, so a cap, a code or a lock holds whichever node a request comes through. Every script
// first checks that the class's hash exists and writes nothing otherwise, so a late request never brings
// back a class that ended or expired; a key it creates gets the class's remaining time to live.
//
// Who is present is kept per node: `…:at:<node>` holds the students whose connections go through that
// node, renewed every second with a short expiry, so a node that dies takes its students' presence with
// it within seconds; a student present is one in any node's set. `…:nodes` lists the nodes to look at.

/** The students present: the union of the nodes' sets (a node whose set is gone leaves the list). */
const PRESENT = `
local function present(nodesKey, prefix)
  local seen, n = {}, 0
  for _, node in ipairs(redis.call('SMEMBERS', nodesKey)) do
    local ids = redis.call('SMEMBERS', prefix .. node)
    if #ids == 0 then redis.call('SREM', nodesKey, node) end
    for _, id in ipairs(ids) do
      if not seen[id] then seen[id] = true; n = n + 1 end
    end
  end
  return seen, n
end
local function keep(...)
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then for _, key in ipairs({...}) do redis.call('PEXPIRE', key, ttl) end end
end
`;

export const CLASS_SCRIPTS = {
  /**
   * KEYS class, index. ARGV code, now, teacher digest, keepMs, maxClasses.
   * → 1 | 0 (maxClasses open) | -1 (the code is taken: draw another)
   */
  fsClassCreate: {
    numberOfKeys: 2,
    lua: `
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return 0 end
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
redis.call('HSET', KEYS[1], 'createdAt', ARGV[2], 'teacher', ARGV[3], 'teacherAt', ARGV[2], 'vrev', 0, 'qrev', 0, 'records', 0, 'answered', 0)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], tonumber(ARGV[2]) + tonumber(ARGV[4]), ARGV[1])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
return 1`,
  },
  /** A teacher is connected: every key of the class lives `keepMs` more. KEYS class, students, answers, nodes, index. ARGV code, now, keepMs. → 1 | 0 (gone) */
  fsClassTouch: {
    numberOfKeys: 5,
    lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if tonumber(redis.call('HGET', KEYS[1], 'teacherAt') or '0') < tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], 'teacherAt', ARGV[2]) end
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
redis.call('ZADD', KEYS[5], tonumber(ARGV[2]) + tonumber(ARGV[3]), ARGV[1])
if redis.call('PTTL', KEYS[5]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[5], ARGV[3]) end
return 1`,
  },
  /** KEYS class, students, answers, nodes, index. ARGV code, at-prefix. → 1 (ended here) | 0 (there was none) */
  fsClassEnd: {
    numberOfKeys: 5,
    lua: `
local existed = redis.call('EXISTS', KEYS[1])
for _, node in ipairs(redis.call('SMEMBERS', KEYS[4])) do redis.call('DEL', ARGV[2] .. node) end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
redis.call('ZREM', KEYS[5], ARGV[1])
return existed`,
  },
  /**
   * A student's first connection through this node. KEYS class, students, nodes, at (this node's).
   * ARGV key digest ('' = none), has name (1/0), name, maxStudents, new id, node, at-prefix, atTtlMs.
   * → {'ok', id, rejoined, present, name|nil} | {'unknown'} | {'removed'} | {'full'} | {'taken'} (draw another id)
   */
  fsClassJoin: {
    numberOfKeys: 4,
    lua: `${PRESENT}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'unknown'} end
local keyHash = ARGV[1]
if keyHash ~= '' and redis.call('HEXISTS', KEYS[2], 'r:' .. keyHash) == 1 then return {'removed'} end
local max = tonumber(ARGV[4])
local seen, n = present(KEYS[3], ARGV[7])
local id = false
if keyHash ~= '' then id = redis.call('HGET', KEYS[2], 'k:' .. keyHash) end
local rejoined = 0
if id then
  if not seen[id] and n >= max then return {'full'} end
  rejoined = 1
else
  -- Students who left keep their record (a reload is the same student): at most four classes' worth.
  if n >= max or tonumber(redis.call('HGET', KEYS[1], 'records') or '0') >= 4 * max then return {'full'} end
  id = ARGV[5]
  if redis.call('HEXISTS', KEYS[2], 's:' .. id) == 1 then return {'taken'} end
  redis.call('HSET', KEYS[2], 's:' .. id, keyHash)
  if keyHash ~= '' then redis.call('HSET', KEYS[2], 'k:' .. keyHash, id) end
  redis.call('HINCRBY', KEYS[1], 'records', 1)
end
if ARGV[2] == '1' then redis.call('HSET', KEYS[2], 'n:' .. id, ARGV[3]) end
if not seen[id] then n = n + 1 end
redis.call('SADD', KEYS[4], id)
redis.call('PEXPIRE', KEYS[4], ARGV[8])
redis.call('SADD', KEYS[3], ARGV[6])
keep(KEYS[2], KEYS[3])
return {'ok', id, rejoined, n, redis.call('HGET', KEYS[2], 'n:' .. id)}`,
  },
  /**
   * The student's last connection through this node left. KEYS class, students, nodes, at. ARGV id,
   * forget (1: a student without a key, who cannot come back as themselves), at-prefix. → present
   */
  fsClassLeave: {
    numberOfKeys: 4,
    lua: `${PRESENT}
redis.call('SREM', KEYS[4], ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[2] == '1' and redis.call('HEXISTS', KEYS[2], 's:' .. ARGV[1]) == 1 then
  redis.call('HDEL', KEYS[2], 's:' .. ARGV[1], 'n:' .. ARGV[1])
  redis.call('HINCRBY', KEYS[1], 'records', -1)
end
local _, n = present(KEYS[3], ARGV[3])
return n`,
  },
  /** KEYS class, students, nodes. ARGV id, at-prefix. → {key digest, name|nil} | nil (no such student) */
  fsClassRemove: {
    numberOfKeys: 3,
    lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local keyHash = redis.call('HGET', KEYS[2], 's:' .. ARGV[1])
if not keyHash then return false end
local name = redis.call('HGET', KEYS[2], 'n:' .. ARGV[1])
for _, node in ipairs(redis.call('SMEMBERS', KEYS[3])) do redis.call('SREM', ARGV[2] .. node, ARGV[1]) end
redis.call('HDEL', KEYS[2], 's:' .. ARGV[1], 'n:' .. ARGV[1])
redis.call('HINCRBY', KEYS[1], 'records', -1)
if keyHash ~= '' then
  redis.call('HDEL', KEYS[2], 'k:' .. keyHash)
  redis.call('HSET', KEYS[2], 'r:' .. keyHash, '1')
end
return {keyHash, name}`,
  },
  /** KEYS nodes. ARGV at-prefix. → present */
  fsClassPresent: {
    numberOfKeys: 1,
    lua: `${PRESENT}
local _, n = present(KEYS[1], ARGV[1])
return n`,
  },
  /** KEYS class, students, answers, nodes. ARGV at-prefix. → {id, name|'', has name, answered, …} of the students present */
  fsClassRoster: {
    numberOfKeys: 4,
    lua: `${PRESENT}
local seen = present(KEYS[4], ARGV[1])
local out = {}
for id in pairs(seen) do
  if redis.call('HEXISTS', KEYS[2], 's:' .. id) == 1 then
    local name = redis.call('HGET', KEYS[2], 'n:' .. id)
    out[#out + 1] = id
    out[#out + 1] = name or ''
    out[#out + 1] = name and 1 or 0
    out[#out + 1] = redis.call('HEXISTS', KEYS[3], 'a:' .. id)
  end
end
return out`,
  },
  /**
   * A student's answer to the open question. KEYS class, students, answers. ARGV question id, choice,
   * maxChanges, student id, maxAnswers. → {'ok', answered} | {'no-question'|'other-question'|'locked'|'unknown-student'|'limit'|'full'}
   */
  fsClassAnswer: {
    numberOfKeys: 3,
    lua: `
local f = redis.call('HMGET', KEYS[1], 'qid', 'qphase')
if not f[1] then return {'no-question'} end
if f[1] ~= ARGV[1] then return {'other-question'} end
if f[2] ~= 'open' then return {'locked'} end
if redis.call('HEXISTS', KEYS[2], 's:' .. ARGV[4]) == 0 then return {'unknown-student'} end
local changes = tonumber(redis.call('HGET', KEYS[3], 'x:' .. ARGV[4]) or '0')
if changes >= tonumber(ARGV[3]) then return {'limit'} end
if redis.call('HEXISTS', KEYS[3], 'a:' .. ARGV[4]) == 0 and tonumber(redis.call('HGET', KEYS[1], 'answered') or '0') >= tonumber(ARGV[5]) then return {'full'} end
redis.call('HSET', KEYS[3], 'x:' .. ARGV[4], changes + 1)
local answered
if redis.call('HSET', KEYS[3], 'a:' .. ARGV[4], ARGV[2]) == 1 then
  answered = redis.call('HINCRBY', KEYS[1], 'answered', 1)
else
  answered = tonumber(redis.call('HGET', KEYS[1], 'answered'))
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then redis.call('PEXPIRE', KEYS[3], ttl) end
return {'ok', answered}`,
  },
  /**
   * Sets the question (JSON; '' = none) if its revision is still `rev` ('' = whatever it is), clearing
   * its answers if asked. KEYS class, answers. ARGV rev, json, id, phase, clear (1/0).
   * → the new revision | 0 (changed meanwhile: read again) | -1 (no class)
   */
  fsClassQuestion: {
    numberOfKeys: 2,
    lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if ARGV[1] ~= '' and (redis.call('HGET', KEYS[1], 'qrev') or '0') ~= ARGV[1] then return 0 end
if ARGV[5] == '1' then
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'answered', 0)
end
if ARGV[2] == '' then redis.call('HDEL', KEYS[1], 'question', 'qid', 'qphase')
else redis.call('HSET', KEYS[1], 'question', ARGV[2], 'qid', ARGV[3], 'qphase', ARGV[4]) end
return redis.call('HINCRBY', KEYS[1], 'qrev', 1)`,
  },
  /** KEYS class. ARGV view JSON. → its revision | -1 (no class) */
  fsClassView: {
    numberOfKeys: 1,
    lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('HSET', KEYS[1], 'view', ARGV[1])
return redis.call('HINCRBY', KEYS[1], 'vrev', 1)`,
  },
  /**
   * Keeps this node's students present: its set lives `ttl` ms more. With `replace` (after a join or a
   * leave whose answer was lost: Redis was out of reach), or when the set expired meanwhile, it is written
   * again from the node's own count. KEYS class, nodes, at. ARGV node, ttl, replace (1/0), ids…
   * → 1 | 0 (the class is gone)
   */
  fsClassHere: {
    numberOfKeys: 3,
    lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[3])
  return 0
end
if ARGV[3] == '1' then
  redis.call('DEL', KEYS[3])
elseif redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('PEXPIRE', KEYS[3], ARGV[2])
  return 1
end
if #ARGV > 3 then
  for i = 4, #ARGV do redis.call('SADD', KEYS[3], ARGV[i]) end
  redis.call('PEXPIRE', KEYS[3], ARGV[2])
  redis.call('SADD', KEYS[2], ARGV[1])
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
end
return 1`,
  },
} as const;

export type ClassScriptName = keyof typeof CLASS_SCRIPTS;
