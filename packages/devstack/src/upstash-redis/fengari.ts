import { createRequire } from 'node:module';

/** A Lua state of fengari's; opaque to us. */
export interface LuaState {
  readonly __brand: 'LuaState';
}

/** A Lua string as fengari holds it: bytes. */
export type LuaString = Uint8Array;

export type LuaFunction = (L: LuaState) => number;

export interface LuaDebug {
  currentline: number;
  source: LuaString | null;
}

/** The slice of fengari's C-like API the stand-in uses (fengari ships no type declarations). */
export interface FengariLua {
  LUA_OK: number;
  LUA_MULTRET: number;
  LUA_REGISTRYINDEX: number;
  LUA_MASKCOUNT: number;
  LUA_TNIL: number;
  LUA_TBOOLEAN: number;
  LUA_TNUMBER: number;
  LUA_TSTRING: number;
  LUA_TTABLE: number;
  lua_Debug: new () => LuaDebug;
  lua_atnativeerror(L: LuaState, handler: LuaFunction): void;
  lua_call(L: LuaState, nargs: number, nresults: number): void;
  lua_createtable(L: LuaState, narr: number, nrec: number): void;
  /** Raises the value on top of the stack as a Lua error: throws, never returns. */
  lua_error(L: LuaState): never;
  lua_getfield(L: LuaState, index: number, key: LuaString): number;
  lua_getinfo(L: LuaState, what: LuaString, ar: LuaDebug): number;
  lua_getstack(L: LuaState, level: number, ar: LuaDebug): number;
  lua_gettop(L: LuaState): number;
  lua_isinteger(L: LuaState, index: number): boolean;
  lua_pcall(L: LuaState, nargs: number, nresults: number, handlerIndex: number): number;
  lua_pushjsfunction(L: LuaState, fn: LuaFunction): void;
  lua_pushnil(L: LuaState): void;
  lua_pushboolean(L: LuaState, value: boolean): void;
  lua_pushnumber(L: LuaState, value: number): void;
  lua_pushstring(L: LuaState, value: LuaString): void;
  lua_pushvalue(L: LuaState, index: number): void;
  lua_rawget(L: LuaState, index: number): number;
  lua_rawgeti(L: LuaState, index: number, n: number): number;
  lua_rawseti(L: LuaState, index: number, n: number): void;
  lua_setfield(L: LuaState, index: number, key: LuaString): void;
  lua_sethook(L: LuaState, hook: ((L: LuaState) => void) | null, mask: number, count: number): void;
  lua_settop(L: LuaState, index: number): void;
  lua_setupvalue(L: LuaState, functionIndex: number, n: number): LuaString | null;
  lua_toboolean(L: LuaState, index: number): boolean;
  lua_tointeger(L: LuaState, index: number): number;
  lua_tonumber(L: LuaState, index: number): number;
  lua_tostring(L: LuaState, index: number): LuaString | null;
  lua_touserdata(L: LuaState, index: number): unknown;
  lua_type(L: LuaState, index: number): number;
}

export interface FengariLauxlib {
  luaL_newstate(): LuaState;
  luaL_requiref(L: LuaState, name: LuaString, open: LuaFunction, global: number): void;
  luaL_loadbuffer(L: LuaState, buffer: LuaString, size: number, chunkName: LuaString): number;
  luaL_ref(L: LuaState, table: number): number;
  luaL_unref(L: LuaState, table: number, ref: number): void;
  luaL_tolstring(L: LuaState, index: number): LuaString;
}

export interface FengariLualib {
  luaopen_base: LuaFunction;
  luaopen_coroutine: LuaFunction;
  luaopen_math: LuaFunction;
  luaopen_string: LuaFunction;
  luaopen_table: LuaFunction;
}

export interface Fengari {
  lua: FengariLua;
  lauxlib: FengariLauxlib;
  lualib: FengariLualib;
  luaconf: { LUA_COMPAT_FLOATSTRING: boolean };
  to_luastring(text: string): LuaString;
}

/**
 * fengari, configured closer to the Lua 5.1 Redis embeds: LUA_COMPAT_FLOATSTRING makes a float
 * with an integral value print as `5`, not `5.0`. fengari reads that setting from the
 * FENGARICONF environment variable once, when it is first loaded, so it is set only around that
 * load (and checked, in case something loaded fengari earlier without it).
 */
export function loadFengari(): Fengari {
  const require = createRequire(import.meta.url);
  const previous = process.env.FENGARICONF;
  process.env.FENGARICONF = JSON.stringify({ LUA_COMPAT_FLOATSTRING: true });
  let fengari: Fengari;
  try {
    fengari = require('fengari');
  } finally {
    if (previous === undefined) delete process.env.FENGARICONF;
    else process.env.FENGARICONF = previous;
  }
  if (!fengari.luaconf.LUA_COMPAT_FLOATSTRING) {
    throw new Error(
      'fengari was loaded before the Upstash stand-in could configure it (LUA_COMPAT_FLOATSTRING)',
    );
  }
  return fengari;
}
