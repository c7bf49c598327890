// The run's state machine in Redis, as Lua scripts: each transition checks the state it starts from and
// changes everything it touches at once, so two nodes (or a node and a worker it thinks is dead) can never
// both win. Every write to a run's hash goes through here and first checks that the hash exists, so a late
// command can never re-create a run that expired or was lost with a restarted Redis.
//
//   queued ──take──► running ──finish──► ended
//     │                 ├──reclaim (its worker stopped renewing it)──► interrupted
//     │                 └──cancel──► (the worker ends it, then finish)
//     ├──cancel──► cancelled
//     └──reclaim (delivered to a worker that died before taking it)──► queued again
//
// A run is `running` from the moment a worker takes it, before its processes start: if that worker dies,
// the run is interrupted, never started a second time. Only a run no worker took goes back to the queue.

import type { ServerErrorCode } from '@forkscope/protocol';

/** The scripts, by name; each declares how many of its arguments are keys. */
export const CLUSTER_SCRIPTS = {
  /**
   * KEYS run, waiting, ticket, live, queue, workers. ARGV runId, maxQueued, now, scenario, driver, params,
   * owner, inputCap, ttlSec, leasePrefix. → {1, position, freeSlots} | {0, waiting} (full) | {-1} (id taken)
   */
  fsAdmit: {
    numberOfKeys: 6,
    lua: `
local waiting = redis.call('ZCARD', KEYS[2])
if waiting >= tonumber(ARGV[2]) then return {0, waiting} end
if redis.call('EXISTS', KEYS[1]) == 1 then return {-1} end
local ticket = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], 'state', 'queued', 'scenario', ARGV[4], 'driver', ARGV[5], 'params', ARGV[6],
  'owner', ARGV[7], 'inputCap', ARGV[8], 'inputBytes', 0, 'queuedAt', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[9])
redis.call('ZADD', KEYS[2], ticket, ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
local entry = redis.call('XADD', KEYS[5], '*', 'run', ARGV[1])
redis.call('HSET', KEYS[1], 'entry', entry)
-- Free slots now: the capacity of the workers holding a lease, less the runs taken (live, not waiting).
local capacity = 0
local workers = redis.call('HGETALL', KEYS[6])
for i = 1, #workers, 2 do
  if redis.call('EXISTS', ARGV[10] .. workers[i]) == 1 then
    local ok, w = pcall(cjson.decode, workers[i + 1])
    if ok and type(w) == 'table' and tonumber(w.capacity) then capacity = capacity + tonumber(w.capacity) end
  end
end
local taken = redis.call('ZCARD', KEYS[4]) - redis.call('ZCARD', KEYS[2])
local free = math.max(0, capacity - taken)
return {1, waiting + 1, free}`,
  },
  /**
   * A worker takes the run a queue entry names. KEYS run, waiting, queue. ARGV runId, worker, entry, now.
   * → {1, scenario, driver, params, inputCap} | {0} (cancelled, taken or gone: the entry is dropped)
   */
  fsTake: {
    numberOfKeys: 3,
    lua: `
local f = redis.call('HMGET', KEYS[1], 'state', 'entry', 'scenario', 'driver', 'params', 'inputCap')
if f[1] == 'queued' and f[2] == ARGV[3] then
  redis.call('HSET', KEYS[1], 'state', 'running', 'worker', ARGV[2], 'startedAt', ARGV[4])
  redis.call('ZREM', KEYS[2], ARGV[1])
  return {1, f[3], f[4], f[5], f[6]}
end
redis.call('XACK', KEYS[3], 'workers', ARGV[3])
redis.call('XDEL', KEYS[3], ARGV[3])
return {0}`,
  },
  /**
   * Appends events with their own ids (0-<seq+1>): a batch sent twice (a retry after a lost reply) skips
   * what is there. KEYS run, events. ARGV worker, maxlen, ttlSec, then id, json pairs. → 1 | 0 (not ours)
   */
  fsAppend: {
    numberOfKeys: 2,
    lua: `
local f = redis.call('HMGET', KEYS[1], 'state', 'worker')
if f[1] ~= 'running' or f[2] ~= ARGV[1] then return 0 end
local fresh = redis.call('EXISTS', KEYS[2]) == 0
for i = 4, #ARGV, 2 do
  local r = redis.pcall('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], ARGV[i], 'e', ARGV[i + 1])
  if type(r) == 'table' and r.err and not string.find(r.err, 'equal or smaller') then return r end
end
if fresh then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
return 1`,
  },
  /**
   * The worker's run ended. KEYS run, events, live, queue. ARGV runId, worker, marker, ttlSec, status.
   * → 1 | 0 (not ours any more: it was interrupted meanwhile)
   */
  fsFinish: {
    numberOfKeys: 4,
    lua: `
local f = redis.call('HMGET', KEYS[1], 'state', 'worker', 'entry')
if f[1] ~= 'running' or f[2] ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'state', 'ended', 'status', ARGV[5])
redis.call('XADD', KEYS[2], '0-*', 'end', ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('ZREM', KEYS[3], ARGV[1])
if f[3] then
  redis.call('XACK', KEYS[4], 'workers', f[3])
  redis.call('XDEL', KEYS[4], f[3])
end
return 1`,
  },
  /**
   * A queue entry whose holder stopped renewing it. KEYS run, events, live, queue, waiting. ARGV runId,
   * entry, marker, ttlSec. → 'interrupted' (it had started) | 'requeued' (it never started) | 'gone'
   */
  fsReclaim: {
    numberOfKeys: 5,
    lua: `
local f = redis.call('HMGET', KEYS[1], 'state', 'entry')
local result = 'gone'
if f[1] == 'running' and f[2] == ARGV[2] then
  redis.call('HSET', KEYS[1], 'state', 'interrupted', 'status', 'interrupted')
  redis.call('XADD', KEYS[2], '0-*', 'end', ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[4])
  redis.call('EXPIRE', KEYS[1], ARGV[4])
  redis.call('ZREM', KEYS[3], ARGV[1])
  result = 'interrupted'
elseif f[1] == 'queued' and f[2] == ARGV[2] then
  local entry = redis.call('XADD', KEYS[4], '*', 'run', ARGV[1])
  redis.call('HSET', KEYS[1], 'entry', entry)
  result = 'requeued'
end
redis.call('XACK', KEYS[4], 'workers', ARGV[2])
redis.call('XDEL', KEYS[4], ARGV[2])
return result`,
  },
  /**
   * Cancels a run: a queued one at once, a running one by telling its worker. With a token, only if the run
   * is still detached with that token (nobody came back during the grace). KEYS run, events, live, queue,
   * waiting. ARGV runId, marker, ttlSec, controlPrefix, token. → 'queued' | 'running' | 'kept' | 'none'
   */
  fsCancel: {
    numberOfKeys: 5,
    lua: `
local f = redis.call('HMGET', KEYS[1], 'state', 'entry', 'worker', 'detached')
if ARGV[5] ~= '' and f[4] ~= ARGV[5] then return 'kept' end
if f[1] == 'queued' then
  redis.call('HSET', KEYS[1], 'state', 'cancelled', 'status', 'cancelled')
  redis.call('ZREM', KEYS[5], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('XADD', KEYS[2], '0-*', 'end', ARGV[2])
  redis.call('EXPIRE', KEYS[2], ARGV[3])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  if f[2] then
    redis.call('XACK', KEYS[4], 'workers', f[2])
    redis.call('XDEL', KEYS[4], f[2])
  end
  return 'queued'
elseif f[1] == 'running' then
  redis.call('HSET', KEYS[1], 'cancel', '1')
  redis.call('PUBLISH', ARGV[4] .. f[3], cjson.encode({type = 'cancel', runId = ARGV[1]}))
  return 'running'
end
return 'none'`,
  },
  /**
   * Marks a run whose owner left (and that nobody on that node watches). KEYS run. ARGV token. → 1 | 0
   */
  fsDetach: {
    numberOfKeys: 1,
    lua: `
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'queued' and state ~= 'running' then return 0 end
redis.call('HSET', KEYS[1], 'detached', ARGV[1])
return 1`,
  },
  /**
   * Sends a line to the worker running the run, within the run's input cap. KEYS run. ARGV bytes, payload,
   * controlPrefix. → {'ok'} | {'limit', used, cap} | {'none'}
   */
  fsInput: {
    numberOfKeys: 1,
    lua: `
local f = redis.call('HMGET', KEYS[1], 'state', 'worker', 'inputBytes', 'inputCap')
if f[1] ~= 'running' then return {'none'} end
local used, cap, bytes = tonumber(f[3]) or 0, tonumber(f[4]) or 0, tonumber(ARGV[1])
if used + bytes > cap then return {'limit', used, cap} end
redis.call('HINCRBY', KEYS[1], 'inputBytes', bytes)
redis.call('PUBLISH', ARGV[3] .. f[2], ARGV[2])
return {'ok'}`,
  },
  /**
   * A worker renews its lease, its registration and its claim on each of its runs' queue entries (XCLAIM
   * resets the entry's idle time, which is what the reclaimers watch). KEYS queue, lease, workers. ARGV
   * worker, leaseMs, registration, runPrefix, then run ids. → {lost ids, ids to cancel}
   */
  fsHeartbeat: {
    numberOfKeys: 3,
    lua: `
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
local lost, cancels = {}, {}
for i = 5, #ARGV do
  local f = redis.call('HMGET', ARGV[4] .. ARGV[i], 'state', 'worker', 'entry', 'cancel')
  if f[1] == 'running' and f[2] == ARGV[1] and f[3] then
    redis.call('XCLAIM', KEYS[1], 'workers', ARGV[1], 0, f[3], 'JUSTID')
    if f[4] == '1' then table.insert(cancels, ARGV[i]) end
  else
    table.insert(lost, ARGV[i])
  end
end
return {lost, cancels}`,
  },
} as const;

export type ClusterScriptName = keyof typeof CLUSTER_SCRIPTS;

/**
 * The end marker a run's event stream closes with (field `end` of its last entry): how it ended, or the
 * error its viewers are told — ERR_RUN_INTERRUPTED (its worker stopped, or Redis lost it: the run is cut
 * off where its events end), ERR_CANCELLED (cancelled before a worker took it), or why it could not start.
 */
export type EndMarker = { kind: 'ended'; status: string } | { kind: 'error'; code: ServerErrorCode; message: string };
