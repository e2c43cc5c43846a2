/**
 * Lua run once per Lua state, given the `redis` table (whose call/pcall/sha1hex are JavaScript):
 * it builds and returns the environment every script runs in, and the table behind it (where
 * KEYS and ARGV are put before each run).
 *
 * What it gives scripts, to behave as Redis 7's Lua 5.1 does under fengari's Lua 5.3:
 * - Reading an undefined global or writing any global fails with Redis's messages, and the
 *   libraries cannot be changed: one script cannot leave anything behind for the next.
 * - `tonumber`, `math.floor` and `math.ceil` return floats, as all numbers are in Lua 5.1. This
 *   matters more than it seems: fengari's integers are 32-bit and wrap (2^31 ms is under 25
 *   days), while a float holds every integer up to 2^53 exactly.
 * - Lua 5.1 names Redis scripts use: `unpack`, `loadstring`, `math.pow`, `table.getn`.
 * - `pcall` returns a redis.call error as its message string, as Redis 7 does.
 * - `redis.error_reply`, `redis.status_reply`, `redis.log` (a no-op here), the LOG_* levels,
 *   `redis.replicate_commands` and `redis.set_repl` (no-ops since Redis 7).
 * Not given: Redis's cjson, cmsgpack, struct and bit libraries, `redis.setresp`.
 */
export const LUA_PRELUDE = `
local redis = ...
local error, setmetatable, getmetatable, type, tostring, ipairs = error, setmetatable, getmetatable, type, tostring, ipairs
local rawnext, rawrawset, rawrawget, rawload, rawpcall = next, rawset, rawget, load, pcall

-- Each read-only view, and the table it shows.
local targetOf = setmetatable({}, { __mode = 'k' })

local function refuse()
  error('Attempt to modify a readonly table', 2)
end

local function readOnly(target)
  local view = setmetatable({}, {
    __index = target,
    __newindex = refuse,
    __pairs = function() return rawnext, target, nil end,
    __len = function() return #target end,
    __metatable = false,
  })
  targetOf[view] = target
  return view
end

local function copy(source)
  local result = {}
  for name, value in rawnext, source do result[name] = value end
  return result
end

local visible = copy(_ENV)
visible.dofile, visible.loadfile, visible.print = nil, nil, nil

do
  local tonumber = tonumber
  visible.tonumber = function(...)
    local number = tonumber(...)
    if number == nil then return nil end
    return number + 0.0
  end
end

local math51 = copy(math)
do
  local floor, ceil = math.floor, math.ceil
  math51.floor = function(x) return floor(x) + 0.0 end
  math51.ceil = function(x) return ceil(x) + 0.0 end
end
math51.pow = function(x, y) return x ^ y end
visible.math = readOnly(math51)

local table51 = copy(table)
table51.getn = function(t) return #t end
visible.table = readOnly(table51)
visible.unpack = table.unpack

visible.string = readOnly(string)
getmetatable('').__index = visible.string
visible.coroutine = readOnly(coroutine)

redis.status_reply = function(status)
  return { ok = status }
end
-- "CODE message" stays as it is; a message without a code gets ERR, as in Redis.
redis.error_reply = function(message)
  if type(message) ~= 'string' then error('wrong number or type of arguments', 2) end
  local body = message:sub(1, 1) == '-' and message:sub(2) or message
  if not body:find(' ', 1, true) then body = 'ERR ' .. body end
  return { err = (body:gsub('[\\r\\n]+$', '')) }
end
redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING = 0, 1, 2, 3
redis.log = function() end
redis.REPL_NONE, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_AOF, redis.REPL_ALL = 0, 1, 1, 2, 3
redis.replicate_commands = function() return true end
redis.set_repl = function() end
visible.redis = readOnly(redis)

local function unwrap(ok, ...)
  if not ok then
    local failure = ...
    if type(failure) == 'table' and type(failure.err) == 'string' then return false, failure.err end
  end
  return ok, ...
end
visible.pcall = function(f, ...) return unwrap(rawpcall(f, ...)) end

local env
visible.rawset = function(t, key, value)
  if targetOf[t] then error('Attempt to modify a readonly table', 0) end
  return rawrawset(t, key, value)
end
visible.rawget = function(t, key) return rawrawget(targetOf[t] or t, key) end
visible.next = function(t, key) return rawnext(targetOf[t] or t, key) end
visible.load = function(chunk, name, _, chunkEnv) return rawload(chunk, name, 't', chunkEnv or env) end
visible.loadstring = function(chunk, name) return rawload(chunk, name, 't', env) end

env = setmetatable({}, {
  __index = function(_, name)
    local value = visible[name]
    if value == nil then
      error("Script attempted to access nonexistent global variable '" .. tostring(name) .. "'", 2)
    end
    return value
  end,
  __newindex = refuse,
  __pairs = function() return rawnext, visible, nil end,
  __metatable = false,
})
targetOf[env] = visible
visible._G = env
return env, visible
`;
