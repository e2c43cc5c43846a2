import { describe, expect, it } from 'vitest';
import { EmbeddedStore } from './embedded-store';
import { formatG17, LuaScripting } from './lua-scripting';
import { RedisReplyError, type ReplyItem, Status } from './reply';
import { scriptSha1 } from './script-source';

/** Replies with bulk strings as text, so expectations read like redis-cli output. */
function readable(reply: ReplyItem): unknown {
  if (Buffer.isBuffer(reply)) return reply.toString('utf8');
  if (Array.isArray(reply)) return reply.map(readable);
  return reply;
}

function scripting() {
  const store = new EmbeddedStore();
  const run = (...args: string[]) => readable(store.execute(args));
  const evalScript = (script: string, keys: string[] = [], argv: string[] = []) =>
    run('EVAL', script, String(keys.length), ...keys, ...argv);
  const failure = (script: string, keys: string[] = [], argv: string[] = []) => {
    try {
      evalScript(script, keys, argv);
    } catch (error) {
      if (error instanceof RedisReplyError) return error.message;
      throw error;
    }
    throw new Error(`expected ${script} to fail`);
  };
  return { store, run, evalScript, failure };
}

/** The suffix Redis 7 puts on an error raised while a script runs. */
const at = (script: string, line: number) => ` script: ${scriptSha1(script)}, on @user_script:${line}.`;

describe('Lua script replies, converted by Redis’s rules', () => {
  it.each([
    ['return 42', 42],
    ['return 3.99', 3],
    ['return -3.99', -3],
    ['return 0.5', 0],
    ['return 2^53', 2 ** 53],
    // Redis casts a double to long long; on x86 what does not fit (or NaN) becomes INT64_MIN.
    ['return 1e20', -(2 ** 63)],
    ['return -1e20', -(2 ** 63)],
    ['return 0/0', -(2 ** 63)],
    ['return "text"', 'text'],
    ['return ""', ''],
    ['return true', 1],
    ['return false', null],
    ['return nil', null],
    ['return', null],
    ['return {}', []],
    ['return {1, "a", {2, "b"}, false, true, 2.5}', [1, 'a', [2, 'b'], null, 1, 2]],
    ['return {1, 2, nil, 4}', [1, 2]],
    ['return {[2] = 2}', []],
    ['return {1, 2, n = 5}', [1, 2]],
    ['return {foo = "bar"}', []],
    ['return {err = 5}', []],
    ['return {ok = "fine"}', new Status('fine')],
    ['return redis.status_reply("STAT")', new Status('STAT')],
    [
      'return {{ok = "inner"}, {err = "INNER failed"}}',
      [new Status('inner'), new RedisReplyError('INNER failed')],
    ],
  ])('%s', (script, expected) => {
    expect(scripting().evalScript(script)).toEqual(expected);
  });

  it('answers a returned error table as an error reply, err winning over ok, lines joined', () => {
    const { failure } = scripting();
    expect(failure('return {err = "My Error"}')).toBe('My Error');
    expect(failure('return {ok = "x", err = "y"}')).toBe('y');
    expect(failure('return {err = "two\\nlines"}')).toBe('two lines');
    expect(failure('return redis.error_reply("custom")')).toBe('ERR custom');
    expect(failure('return redis.error_reply("-custom")')).toBe('ERR custom');
    expect(failure('return redis.error_reply("WRONGTYPE x")')).toBe('WRONGTYPE x');
    expect(failure('return redis.error_reply("")')).toBe('ERR ');
  });

  it('keeps every byte of a binary string', () => {
    const reply = scripting().store.execute(['EVAL', 'return string.char(0, 1, 127, 128, 255)', '0']);
    expect(reply).toEqual(Buffer.from([0, 1, 127, 128, 255]));
  });
});

describe('redis.call from Lua', () => {
  it('gives nil as false, integers as numbers, statuses as {ok=…} and arrays as tables', () => {
    const { evalScript } = scripting();
    const script = `
      local set = redis.call("SET", KEYS[1], "5")
      local missing = redis.call("GET", KEYS[2])
      local counted = redis.call("INCRBY", KEYS[1], 2)
      redis.call("HSET", KEYS[3], "a", "1")
      local fields = redis.call("HMGET", KEYS[3], "a", "b")
      return {type(set), set.ok, tostring(missing), type(counted), counted, fields[1], tostring(fields[2]), #fields}`;
    expect(evalScript(script, ['n', 'absent', 'h'])).toEqual([
      'table',
      'OK',
      'false',
      'number',
      7,
      '1',
      'false',
      2,
    ]);
  });

  it('passes Lua numbers to commands as Redis prints them (%.17g) and refuses other types', () => {
    const { evalScript, failure } = scripting();
    const stored = (value: string) =>
      evalScript(`redis.call("SET", KEYS[1], ${value}) return redis.call("GET", KEYS[1])`, ['n']);
    expect(stored('0.1')).toBe('0.10000000000000001');
    expect(stored('1.5')).toBe('1.5');
    expect(stored('10/2')).toBe('5');
    expect(stored('1e20')).toBe('1e+20');
    expect(stored('2^53')).toBe('9007199254740992');
    expect(stored('2^60')).toBe('1.152921504606847e+18');
    expect(stored('-0.0')).toBe('-0');
    expect(stored('1/0')).toBe('inf');
    expect(stored('0.00001')).toBe('1.0000000000000001e-05');
    const tableArgument = 'return redis.call("SET", KEYS[1], {})';
    expect(failure(tableArgument, ['n'])).toBe(
      `ERR Lua redis lib command arguments must be strings or integers${at(tableArgument, 1)}`,
    );
    expect(failure('return redis.call()')).toBe(
      `ERR Please specify at least one argument for this redis lib call${at('return redis.call()', 1)}`,
    );
  });

  it('raises a command error with the script and line; redis.pcall returns it; pcall gives its text', () => {
    const { run, evalScript, failure } = scripting();
    run('SET', 'text', 'x');
    const raising = 'local a = 1\nreturn redis.call("HGET", KEYS[1], "f")';
    expect(failure(raising, ['text'])).toBe(
      `WRONGTYPE Operation against a key holding the wrong kind of value${at(raising, 2)}`,
    );
    expect(failure('return redis.pcall("HGET", KEYS[1], "f")', ['text'])).toBe(
      'WRONGTYPE Operation against a key holding the wrong kind of value',
    );
    expect(evalScript('local e = redis.pcall("NOPE") return {type(e), e.err}')).toEqual([
      'table',
      'ERR Unknown Redis command called from script',
    ]);
    expect(
      evalScript('local ok, e = pcall(redis.call, "HGET", KEYS[1], "f") return {tostring(ok), type(e), e}', [
        'text',
      ]),
    ).toEqual(['false', 'string', 'WRONGTYPE Operation against a key holding the wrong kind of value']);
  });

  it('refuses what Redis refuses from a script', () => {
    const { failure, run } = scripting();
    const cases: [string, string][] = [
      ['return redis.call("NOPE", "a")', 'ERR Unknown Redis command called from script'],
      ['return redis.call("GET")', 'ERR Wrong number of args calling Redis command from script'],
      ['return redis.call("EVAL", "return 1", "0")', 'ERR This Redis command is not allowed from script'],
      ['return redis.call("SCRIPT", "FLUSH")', 'ERR This Redis command is not allowed from script'],
    ];
    for (const [script, message] of cases) expect(failure(script)).toBe(`${message}${at(script, 1)}`);
    const write = 'return redis.call("SET", "a", "b")';
    expect(() => run('EVAL_RO', write, '0')).toThrow(
      `ERR Write commands are not allowed from read-only scripts.${at(write, 1)}`,
    );
    const flagged = `#!lua flags=no-writes\n${write}`;
    expect(failure(flagged)).toBe(
      `ERR Write commands are not allowed from read-only scripts.${at(flagged, 2)}`,
    );
    expect(run('EVAL_RO', 'return redis.call("GET", "a")', '0')).toBeNull();
  });
});

describe('Lua errors and the sandbox', () => {
  it('reports runtime errors as Redis does, with the line they happened on', () => {
    const { failure } = scripting();
    expect(failure('error("boom")')).toBe(`ERR user_script:1: boom${at('error("boom")', 1)}`);
    const deep = 'local function f()\n  error("deep")\nend\nf()';
    expect(failure(deep)).toBe(`ERR user_script:2: deep${at(deep, 2)}`);
    expect(failure('error({err = "TABLEERR x"})')).toBe(`TABLEERR x${at('error({err = "TABLEERR x"})', 1)}`);
    expect(failure('return 1 +')).toMatch(/^ERR Error compiling script \(new function\): user_script:1: /);
  });

  it('keeps globals and libraries read-only, so no script leaves anything for the next', () => {
    const { failure, evalScript } = scripting();
    expect(failure('return y')).toBe(
      `ERR user_script:1: Script attempted to access nonexistent global variable 'y'${at('return y', 1)}`,
    );
    expect(failure('x = 5 return x')).toBe(
      `ERR user_script:1: Attempt to modify a readonly table${at('x = 5 return x', 1)}`,
    );
    expect(failure('string.x = 1')).toBe(
      `ERR user_script:1: Attempt to modify a readonly table${at('string.x = 1', 1)}`,
    );
    expect(failure('redis.call = nil')).toBe(
      `ERR user_script:1: Attempt to modify a readonly table${at('redis.call = nil', 1)}`,
    );
    expect(failure('rawset(_G, "x", 1)')).toBe(
      `ERR Attempt to modify a readonly table${at('rawset(_G, "x", 1)', 1)}`,
    );
    expect(failure('loadstring("x = 1")()')).toMatch(/Attempt to modify a readonly table/);
    expect(
      evalScript(
        'return {type(rawget(_G, "redis")), type(string.format), type(rawget(_G, "os")), type(rawget(_G, "print"))}',
      ),
    ).toEqual(['table', 'function', 'nil', 'nil']);
    expect(failure('return os.time()')).toMatch(
      /Script attempted to access nonexistent global variable 'os'/,
    );
    expect(evalScript('local t = {} t.x = 1 KEYS[1] = "changed" return {t.x, KEYS[1]}', ['k'])).toEqual([
      1,
      'changed',
    ]);
  });

  it('stops a script that runs too long instead of blocking the stand-in for good', () => {
    const store = new EmbeddedStore();
    const lua = new LuaScripting(store, 50);
    const started = Date.now();
    expect(() =>
      lua.eval('redis.call("SET", KEYS[1], "1") while true do end', ['written'], [], false),
    ).toThrow(/^ERR Script ran longer than 50 ms and the stand-in stopped it/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(store.execute(['GET', 'written'])).toEqual(Buffer.from('1'));
    expect(lua.eval('return 1', [], [], false)).toBe(1);
  });
});

describe('Lua 5.1 numbers on fengari', () => {
  it('computes past 2^31 without wrapping (fengari integers are 32-bit; Lua 5.1 has only floats)', () => {
    const { evalScript } = scripting();
    // The token bucket's expiry: tokens × interval, e.g. 100 tokens of one day each.
    expect(evalScript('return math.ceil(100 / 1) * 86400000')).toBe(8_640_000_000);
    expect(evalScript('return tonumber(ARGV[1]) * 2 + 1000', [], ['1728000000'])).toBe(3_456_001_000);
    expect(evalScript('local n = redis.call("INCRBY", KEYS[1], 2000000000) return n * 2', ['big'])).toBe(
      4_000_000_000,
    );
    expect(evalScript('return math.floor(ARGV[1] / 7) * 1000', [], ['1700000000000'])).toBe(
      242_857_142_857_000,
    );
  });

  it('prints integral floats as Lua 5.1 does', () => {
    const { evalScript } = scripting();
    expect(evalScript('return tostring(10/2) .. " " .. tostring(1/3) .. " " .. (4/2)')).toBe(
      '5 0.33333333333333 2',
    );
    expect(evalScript('return tostring(tonumber("7"))')).toBe('7');
  });

  it('offers the Lua 5.1 names scripts use', () => {
    expect(scripting().evalScript('return {unpack({1, 2})}')).toEqual([1, 2]);
    expect(
      scripting().evalScript('return {math.pow(2, 10), table.getn({1, 2, 3}), loadstring("return 9")()}'),
    ).toEqual([1024, 3, 9]);
  });

  it.each([
    [0.1, '0.10000000000000001'],
    [1 / 3, '0.33333333333333331'],
    [1.5, '1.5'],
    [100, '100'],
    [1e16, '10000000000000000'],
    [1e17, '1e+17'],
    [123456789012345680, '1.2345678901234568e+17'],
    [2 ** 62, '4.6116860184273879e+18'],
    [5e-324, '4.9406564584124654e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [0.0001, '0.0001'],
    [0.00001, '1.0000000000000001e-05'],
    [-2.5e-300, '-2.5e-300'],
    [-0, '-0'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NEGATIVE_INFINITY, '-inf'],
  ])('formatG17(%d) is %s, as C prints it', (value, expected) => {
    expect(formatG17(value)).toBe(expected);
  });
});

describe('EVAL, EVALSHA and the script cache', () => {
  it('caches what EVAL runs, finds it by digest in any case, and forgets it on SCRIPT FLUSH', () => {
    const { run } = scripting();
    const sha = scriptSha1('return 7');
    expect(run('SCRIPT', 'EXISTS', sha)).toEqual([0]);
    expect(() => run('EVALSHA', sha, '0')).toThrow(
      new RedisReplyError('NOSCRIPT No matching script. Please use EVAL.'),
    );
    expect(run('EVAL', 'return 7', '0')).toBe(7);
    expect(run('SCRIPT', 'EXISTS', sha, sha.toUpperCase(), 'f'.repeat(40))).toEqual([1, 1, 0]);
    expect(run('EVALSHA', sha.toUpperCase(), '0')).toBe(7);
    expect(run('SCRIPT', 'FLUSH')).toEqual(new Status('OK'));
    expect(() => run('EVALSHA', sha, '0')).toThrow(/^NOSCRIPT/);
    expect(run('SCRIPT', 'LOAD', 'return 8')).toBe(scriptSha1('return 8'));
    expect(run('EVALSHA', scriptSha1('return 8'), '0')).toBe(8);
  });

  it('checks numkeys, shebangs and SCRIPT subcommands with Redis’s messages', () => {
    const { run } = scripting();
    expect(() => run('EVAL', 'return 1', '-1')).toThrow("ERR Number of keys can't be negative");
    expect(() => run('EVAL', 'return 1', '2', 'a')).toThrow(
      "ERR Number of keys can't be greater than number of args",
    );
    expect(() => run('EVAL', 'return 1', 'x')).toThrow('ERR value is not an integer or out of range');
    expect(() => run('EVAL', 'return 1')).toThrow("ERR wrong number of arguments for 'eval' command");
    expect(() => run('EVAL', '#!lua', '0')).toThrow('ERR Invalid script shebang');
    expect(() => run('EVAL', '#!python\nreturn 1', '0')).toThrow(
      'ERR Unexpected engine in script shebang: #!python',
    );
    expect(() => run('EVAL', '#!lua name=x\nreturn 1', '0')).toThrow(
      'ERR Unknown lua shebang option: name=x',
    );
    expect(() => run('EVAL', '#!lua flags=bogus\nreturn 1', '0')).toThrow(
      'ERR Unexpected flag in script shebang: bogus',
    );
    expect(run('EVAL', '#!lua flags=allow-key-locking,no-cluster\nreturn 1', '0')).toBe(1);
    expect(run('EVAL', '#!lua flags=\nreturn 2', '0')).toBe(2);
    expect(() => run('SCRIPT', 'LOAD', 'return +')).toThrow(/^ERR Error compiling script/);
    expect(() => run('SCRIPT', 'LOAD')).toThrow("ERR wrong number of arguments for 'script|load' command");
    expect(() => run('SCRIPT', 'EXISTS')).toThrow(
      "ERR wrong number of arguments for 'script|exists' command",
    );
    expect(() => run('SCRIPT', 'FLUSH', 'x')).toThrow('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
    expect(() => run('SCRIPT', 'KILL')).toThrow('NOTBUSY No scripts in execution right now.');
    expect(() => run('SCRIPT', 'BLAH')).toThrow("ERR unknown subcommand 'BLAH'. Try SCRIPT HELP.");
  });

  it('runs a script atomically inside MULTI/EXEC like any other command', () => {
    const { store } = scripting();
    const replies = store.transaction([
      ['SET', 'n', '1'],
      ['EVAL', 'return redis.call("INCRBY", KEYS[1], ARGV[1])', '1', 'n', '41'],
      ['EVALSHA', 'f'.repeat(40), '0'],
    ]);
    expect(replies.slice(0, 2)).toEqual([new Status('OK'), 42]);
    expect(replies[2]).toEqual(new RedisReplyError('NOSCRIPT No matching script. Please use EVAL.'));
  });
});
