import { createHash } from 'node:crypto';
import { type LuaFunction, type LuaState, type LuaString, loadFengari } from './fengari';
import { LUA_PRELUDE } from './lua-prelude';
import { RedisReplyError, type Reply, type ReplyItem, Status } from './reply';
import { parseScript, scriptSha1 } from './script-source';

/** What a script's `redis.call` reaches: the store, with Redis's rules for commands from scripts. */
export interface ScriptHost {
  executeFromScript(args: string[], readOnly: boolean): Reply;
}

const { lua, lauxlib, lualib } = loadFengari();
const bytes = (text: string): LuaString => new Uint8Array(Buffer.from(text, 'utf8'));
const text = (value: LuaString | null): string => (value ? Buffer.from(value).toString('utf8') : '');

const CHUNK_NAME = bytes('@user_script');
const ERR = bytes('err');
const OK_FIELD = bytes('ok');
const KEYS = bytes('KEYS');
const ARGV = bytes('ARGV');
const SOURCE_AND_LINE = bytes('Sl');
const REGISTRY = lua.LUA_REGISTRYINDEX;

const INSTRUCTIONS_BETWEEN_CLOCK_CHECKS = 10_000;
/** Deeper than any real reply; stops a table that contains itself. */
const MAX_REPLY_DEPTH = 100;
const INT64_MIN = -(2 ** 63);

interface CompiledScript {
  ref: number;
  readOnly: boolean;
}

interface Run {
  readOnly: boolean;
  failure?: { message: string; line: number | undefined };
  nativeError?: unknown;
}

/**
 * Lua scripting as Upstash (Redis 7) runs it, on fengari (Lua 5.3 in JavaScript): EVAL, EVALSHA
 * and the script cache behind SCRIPT LOAD/EXISTS/FLUSH. A script runs synchronously against
 * the store, so nothing interleaves with it: as atomic as in Redis. Replies and arguments cross
 * between Lua and Redis by Redis's rules (see `toReply` and `pushReply`).
 */
export class LuaScripting {
  private readonly L: LuaState;
  private readonly scripts = new Map<string, CompiledScript>();
  private readonly envRef: number;
  private readonly globalsRef: number;
  private run: Run | undefined;

  /**
   * @param timeLimitMs Redis lets a script run as long as it likes and answers BUSY to everyone
   *   else meanwhile; here a script blocks the whole stand-in (and `npm start`'s Worker with it),
   *   so one that runs longer than this is stopped with an error. What it wrote stays written.
   */
  constructor(
    private readonly host: ScriptHost,
    private readonly timeLimitMs = 5_000,
  ) {
    const L = lauxlib.luaL_newstate();
    this.L = L;
    const libraries: [string, LuaFunction][] = [
      ['_G', lualib.luaopen_base],
      ['coroutine', lualib.luaopen_coroutine],
      ['table', lualib.luaopen_table],
      ['string', lualib.luaopen_string],
      ['math', lualib.luaopen_math],
    ];
    for (const [name, open] of libraries) {
      lauxlib.luaL_requiref(L, bytes(name), open, 1);
      lua.lua_settop(L, 0);
    }
    lua.lua_atnativeerror(L, (state) => {
      // A JavaScript exception inside redis.call is the stand-in's bug, not the script's: it is
      // rethrown once the script has unwound (see execute), whatever the script did with it.
      if (this.run) this.run.nativeError ??= lua.lua_touserdata(state, -1);
      lua.lua_pushstring(state, bytes('stand-in failure'));
      return 1;
    });

    const prelude = bytes(LUA_PRELUDE);
    if (lauxlib.luaL_loadbuffer(L, prelude, prelude.length, bytes('=stand-in prelude')) !== lua.LUA_OK) {
      throw new Error(`Lua prelude does not compile: ${text(lua.lua_tostring(L, -1))}`);
    }
    lua.lua_createtable(L, 0, 16);
    this.setFunction('call', (state) => this.redisCall(state, false));
    this.setFunction('pcall', (state) => this.redisCall(state, true));
    this.setFunction('sha1hex', (state) => this.sha1hex(state));
    if (lua.lua_pcall(L, 1, 2, 0) !== lua.LUA_OK) {
      throw new Error(`Lua prelude failed: ${text(lua.lua_tostring(L, -1))}`);
    }
    this.globalsRef = lauxlib.luaL_ref(L, REGISTRY);
    this.envRef = lauxlib.luaL_ref(L, REGISTRY);
  }

  /** SCRIPT LOAD: compiles and caches the script; its digest. */
  load(source: string): string {
    const sha = scriptSha1(source);
    this.compile(sha, source);
    return sha;
  }

  /** SCRIPT EXISTS, for one digest (any case, as Redis). */
  exists(sha: string): boolean {
    return this.scripts.has(sha.toLowerCase());
  }

  /** SCRIPT FLUSH. */
  flush(): void {
    for (const { ref } of this.scripts.values()) lauxlib.luaL_unref(this.L, REGISTRY, ref);
    this.scripts.clear();
  }

  /** EVAL / EVAL_RO: caches the script, as Redis does, then runs it. */
  eval(source: string, keys: string[], argv: string[], readOnly: boolean): Reply {
    const sha = scriptSha1(source);
    return this.execute(sha, this.compile(sha, source), keys, argv, readOnly);
  }

  /** EVALSHA / EVALSHA_RO: NOSCRIPT, in Redis's words, when the cache does not hold it. */
  evalsha(sha: string, keys: string[], argv: string[], readOnly: boolean): Reply {
    const digest = sha.toLowerCase();
    const compiled = this.scripts.get(digest);
    if (!compiled) throw new RedisReplyError('NOSCRIPT No matching script. Please use EVAL.');
    return this.execute(digest, compiled, keys, argv, readOnly);
  }

  private compile(sha: string, source: string): CompiledScript {
    const cached = this.scripts.get(sha);
    if (cached) return cached;
    const { flags, body } = parseScript(source);
    const L = this.L;
    const code = bytes(body);
    if (lauxlib.luaL_loadbuffer(L, code, code.length, CHUNK_NAME) !== lua.LUA_OK) {
      const message = text(lua.lua_tostring(L, -1));
      lua.lua_settop(L, 0);
      throw new RedisReplyError(singleLine(`ERR Error compiling script (new function): ${message}`));
    }
    // Its globals are the protected environment, not the state's real ones.
    lua.lua_rawgeti(L, REGISTRY, this.envRef);
    lua.lua_setupvalue(L, -2, 1);
    const compiled = { ref: lauxlib.luaL_ref(L, REGISTRY), readOnly: flags.has('no-writes') };
    this.scripts.set(sha, compiled);
    return compiled;
  }

  private execute(
    sha: string,
    script: CompiledScript,
    keys: string[],
    argv: string[],
    readOnly: boolean,
  ): Reply {
    const L = this.L;
    lua.lua_settop(L, 0);
    lua.lua_rawgeti(L, REGISTRY, this.globalsRef);
    this.pushStrings(keys);
    lua.lua_setfield(L, 1, KEYS);
    this.pushStrings(argv);
    lua.lua_setfield(L, 1, ARGV);
    lua.lua_settop(L, 0);

    const run: Run = { readOnly: readOnly || script.readOnly };
    this.run = run;
    const deadline = Date.now() + this.timeLimitMs;
    lua.lua_sethook(
      L,
      (state) => {
        if (Date.now() <= deadline) return;
        this.pushError(
          state,
          `ERR Script ran longer than ${this.timeLimitMs} ms and the stand-in stopped it; what it wrote stays written`,
        );
        lua.lua_error(state);
      },
      lua.LUA_MASKCOUNT,
      INSTRUCTIONS_BETWEEN_CLOCK_CHECKS,
    );
    try {
      lua.lua_pushjsfunction(L, this.describeFailure);
      lua.lua_rawgeti(L, REGISTRY, script.ref);
      const status = lua.lua_pcall(L, 0, 1, 1);
      if (run.nativeError !== undefined) throw run.nativeError;
      if (status !== lua.LUA_OK) {
        const { message, line } = run.failure ?? { message: 'ERR script failed', line: undefined };
        throw new RedisReplyError(singleLine(`${message} script: ${sha}, on @user_script:${line ?? '?'}.`));
      }
      const reply = this.toReply(L, lua.lua_gettop(L), 0);
      if (reply instanceof RedisReplyError) throw reply;
      return reply;
    } finally {
      lua.lua_sethook(L, null, 0, 0);
      lua.lua_settop(L, 0);
      this.run = undefined;
    }
  }

  /**
   * The message handler of a script's run: notes Redis's message for the error (a table's `err`
   * as it is, anything else as `ERR <text>`) and the script line it came from.
   */
  private readonly describeFailure: LuaFunction = (L) => {
    let message: string;
    if (lua.lua_type(L, 1) === lua.LUA_TTABLE && this.rawField(L, 1, ERR) === lua.LUA_TSTRING) {
      message = text(lua.lua_tostring(L, -1));
    } else {
      message = `ERR ${text(lauxlib.luaL_tolstring(L, 1))}`;
    }
    let line: number | undefined;
    const frame = new lua.lua_Debug();
    // The first frame in the script itself: errors raised in C functions or in the prelude's
    // helpers (an undefined global, a read-only table) belong to the script line that called them.
    for (let level = 1; lua.lua_getstack(L, level, frame); level++) {
      lua.lua_getinfo(L, SOURCE_AND_LINE, frame);
      if (frame.source && Buffer.from(frame.source).equals(CHUNK_NAME)) {
        line = frame.currentline;
        break;
      }
    }
    if (this.run) this.run.failure = { message, line };
    lua.lua_settop(L, 1);
    return 1;
  };

  /** redis.call raises a command's error; redis.pcall returns it as `{err = message}`. */
  private redisCall(L: LuaState, protectedCall: boolean): number {
    const count = lua.lua_gettop(L);
    let failure: string | undefined;
    let reply: Reply = null;
    if (count === 0) failure = 'ERR Please specify at least one argument for this redis lib call';
    else {
      const args = this.readArguments(L, count);
      if (args === undefined) failure = 'ERR Lua redis lib command arguments must be strings or integers';
      else {
        try {
          reply = this.host.executeFromScript(args, this.run?.readOnly ?? true);
        } catch (error) {
          if (!(error instanceof RedisReplyError)) throw error;
          failure = error.message;
        }
      }
    }
    lua.lua_settop(L, 0);
    if (failure === undefined) {
      this.pushReply(L, reply);
      return 1;
    }
    this.pushError(L, failure);
    if (protectedCall) return 1;
    return lua.lua_error(L);
  }

  private sha1hex(L: LuaState): number {
    const type = lua.lua_type(L, 1);
    if (lua.lua_gettop(L) !== 1 || (type !== lua.LUA_TSTRING && type !== lua.LUA_TNUMBER)) {
      lua.lua_pushstring(L, bytes('wrong number of arguments'));
      return lua.lua_error(L);
    }
    const input = lua.lua_tostring(L, 1) ?? new Uint8Array();
    lua.lua_pushstring(L, bytes(createHash('sha1').update(input).digest('hex')));
    return 1;
  }

  /**
   * Command arguments from Lua: strings as their bytes (read as UTF-8: the store's keys are
   * text), numbers as Redis writes them (`%.17g`, so 0.1 is 0.10000000000000001). Undefined if
   * one is anything else.
   */
  private readArguments(L: LuaState, count: number): string[] | undefined {
    const args: string[] = [];
    for (let index = 1; index <= count; index++) {
      const type = lua.lua_type(L, index);
      if (type === lua.LUA_TSTRING) args.push(text(lua.lua_tostring(L, index)));
      else if (type === lua.LUA_TNUMBER) {
        args.push(
          lua.lua_isinteger(L, index)
            ? String(lua.lua_tointeger(L, index))
            : formatG17(lua.lua_tonumber(L, index)),
        );
      } else return undefined;
    }
    return args;
  }

  /**
   * A Lua value as the script's reply, by Redis's rules: a number is an integer (truncated;
   * Redis's x86 cast gives INT64_MIN for what does not fit), a string is a bulk string, true
   * is 1 and false or nil is nil, a table with a string `err` is an error and one with a string
   * `ok` is a status, any other table an array up to its first nil.
   */
  private toReply(L: LuaState, index: number, depth: number): ReplyItem {
    const type = lua.lua_type(L, index);
    if (type === lua.LUA_TSTRING) return Buffer.from(lua.lua_tostring(L, index) ?? new Uint8Array());
    if (type === lua.LUA_TBOOLEAN) return lua.lua_toboolean(L, index) ? 1 : null;
    if (type === lua.LUA_TNUMBER) {
      if (lua.lua_isinteger(L, index)) return lua.lua_tointeger(L, index);
      const number = lua.lua_tonumber(L, index);
      if (!Number.isFinite(number) || number >= 2 ** 63 || number < INT64_MIN) return INT64_MIN;
      return Math.trunc(number) || 0;
    }
    if (type !== lua.LUA_TTABLE) return null;
    if (depth >= MAX_REPLY_DEPTH) return new RedisReplyError('ERR reached lua stack limit');

    if (this.rawField(L, index, ERR) === lua.LUA_TSTRING) {
      const message = text(lua.lua_tostring(L, -1));
      lua.lua_settop(L, -2);
      return new RedisReplyError(singleLine(message));
    }
    lua.lua_settop(L, -2);
    if (this.rawField(L, index, OK_FIELD) === lua.LUA_TSTRING) {
      const status = new Status(singleLine(text(lua.lua_tostring(L, -1))));
      lua.lua_settop(L, -2);
      return status;
    }
    lua.lua_settop(L, -2);
    const items: ReplyItem[] = [];
    for (let position = 1; lua.lua_rawgeti(L, index, position) !== lua.LUA_TNIL; position++) {
      items.push(this.toReply(L, lua.lua_gettop(L), depth + 1));
      lua.lua_settop(L, -2);
    }
    lua.lua_settop(L, -2);
    return items;
  }

  /**
   * A command's reply as Lua sees it: integers as numbers (floats, as in Lua 5.1), bulk strings
   * as strings, nil as false, a status as `{ok = text}`, an error inside an array as
   * `{err = message}`, arrays as tables.
   */
  private pushReply(L: LuaState, reply: ReplyItem): void {
    if (reply === null) lua.lua_pushboolean(L, false);
    else if (typeof reply === 'number') lua.lua_pushnumber(L, reply);
    else if (Buffer.isBuffer(reply)) lua.lua_pushstring(L, new Uint8Array(reply));
    else if (reply instanceof Status) {
      lua.lua_createtable(L, 0, 1);
      lua.lua_pushstring(L, bytes(reply.text));
      lua.lua_setfield(L, -2, OK_FIELD);
    } else if (reply instanceof RedisReplyError) this.pushError(L, reply.message);
    else {
      lua.lua_createtable(L, reply.length, 0);
      reply.forEach((item, position) => {
        this.pushReply(L, item);
        lua.lua_rawseti(L, -2, position + 1);
      });
    }
  }

  private pushError(L: LuaState, message: string): void {
    lua.lua_createtable(L, 0, 1);
    lua.lua_pushstring(L, bytes(message));
    lua.lua_setfield(L, -2, ERR);
  }

  private pushStrings(values: string[]): void {
    lua.lua_createtable(this.L, values.length, 0);
    values.forEach((value, position) => {
      lua.lua_pushstring(this.L, bytes(value));
      lua.lua_rawseti(this.L, -2, position + 1);
    });
  }

  private setFunction(name: string, fn: LuaFunction): void {
    lua.lua_pushjsfunction(this.L, fn);
    lua.lua_setfield(this.L, -2, bytes(name));
  }

  /** Pushes `t[key]` without metamethods, as Redis reads `err` and `ok`; its type. */
  private rawField(L: LuaState, index: number, key: LuaString): number {
    lua.lua_pushstring(L, key);
    return lua.lua_rawget(L, index);
  }
}

/** Redis puts an error or status on one line: CR and LF become spaces. */
function singleLine(message: string): string {
  return message.replace(/[\r\n]/g, ' ');
}

/** C's `printf("%.17g")`, which Redis uses for a Lua number passed to a command. */
export function formatG17(value: number): string {
  if (Number.isNaN(value)) return signBitSet(value) ? '-nan' : 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '', exponentText = '0'] = value.toExponential(16).split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 17) {
    const digits = mantissa.replace(/\.?0+$/, '');
    const sign = exponent < 0 ? '-' : '+';
    return `${digits}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = value.toFixed(16 - exponent);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

function signBitSet(value: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return (view.getUint8(0) & 0x80) !== 0;
}
