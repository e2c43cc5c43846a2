import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../ports';
import { scriptSha1 } from './script-source';
import { startUpstashRedis, type UpstashRedis } from './server';

// Embedded always; a real Redis behind the stand-in too when REDIS_URL names one (CI does). Each
// case below is one expected answer for both: what the real Redis says is what the embedded store
// must say.
const modes: { name: string; redisUrl: string | undefined }[] = [
  { name: 'embedded store', redisUrl: undefined },
  ...(process.env.REDIS_URL
    ? [{ name: `real Redis at ${process.env.REDIS_URL}`, redisUrl: process.env.REDIS_URL }]
    : []),
];

type Answer = { result: unknown } | { error: string };
const ok = (result: unknown): Answer => ({ result });
const error = (message: string): Answer => ({ error: message });
const WRONGTYPE = error('WRONGTYPE Operation against a key holding the wrong kind of value');

/** A script's error as Redis 7 reports it: the message, then the script's digest and line. */
const scriptError = (message: string, script: string, line = 1) =>
  error(`${message} script: ${scriptSha1(script)}, on @user_script:${line}.`);

/** `{name}` in a command stands for a key unique to the run. */
type Case = [name: string, steps: [command: string[], answer: Answer][]];

const CASES: Case[] = [
  [
    'hashes: HSET, HGET, HMGET, HGETALL, HKEYS, HVALS, HLEN, HEXISTS, HSTRLEN, HSETNX, HMSET, HDEL',
    [
      [['HSET', '{h}', 'a', '1', 'b', '2'], ok(2)],
      [['HSET', '{h}', 'a', '10', 'c', '3'], ok(1)],
      [['HGET', '{h}', 'a'], ok('10')],
      [['HGET', '{h}', 'missing'], ok(null)],
      [['HGET', '{absent}', 'a'], ok(null)],
      [['HMGET', '{h}', 'b', 'missing', 'a'], ok(['2', null, '10'])],
      [['HMGET', '{absent}', 'a'], ok([null])],
      [['HGETALL', '{h}'], ok(['a', '10', 'b', '2', 'c', '3'])],
      [['HGETALL', '{absent}'], ok([])],
      [['HKEYS', '{h}'], ok(['a', 'b', 'c'])],
      [['HVALS', '{h}'], ok(['10', '2', '3'])],
      [['HLEN', '{h}'], ok(3)],
      [['HEXISTS', '{h}', 'b'], ok(1)],
      [['HEXISTS', '{h}', 'z'], ok(0)],
      [['HSTRLEN', '{h}', 'a'], ok(2)],
      [['HSETNX', '{h}', 'a', 'x'], ok(0)],
      [['HSETNX', '{h}', 'd', '4'], ok(1)],
      [['HMSET', '{h}', 'e', '5', 'f', '6'], ok('OK')],
      [['TYPE', '{h}'], ok('hash')],
      [['HDEL', '{h}', 'a', 'missing'], ok(1)],
      [['HDEL', '{h}', 'b', 'c', 'd', 'e', 'f'], ok(5)],
      [['EXISTS', '{h}'], ok(0)],
      [['HSET', '{h}', 'a'], error("ERR wrong number of arguments for 'hset' command")],
      [['HSET', '{h}', 'a', '1', 'b'], error("ERR wrong number of arguments for 'hset' command")],
      [['HMSET', '{h}', 'a'], error("ERR wrong number of arguments for 'hmset' command")],
    ],
  ],
  [
    'HINCRBY counts and refuses what is not a 64-bit integer',
    [
      [['HINCRBY', '{h}', 'n', '5'], ok(5)],
      [['HINCRBY', '{h}', 'n', '-7'], ok(-2)],
      [['HSET', '{h}', 'text', 'abc', 'max', '9223372036854775807', 'padded', '01'], ok(3)],
      [['HINCRBY', '{h}', 'text', '1'], error('ERR hash value is not an integer')],
      [['HINCRBY', '{h}', 'padded', '1'], error('ERR hash value is not an integer')],
      [['HINCRBY', '{h}', 'n', '1.5'], error('ERR value is not an integer or out of range')],
      [['HINCRBY', '{h}', 'text', 'x'], error('ERR value is not an integer or out of range')],
      [['HINCRBY', '{h}', 'max', '1'], error('ERR increment or decrement would overflow')],
    ],
  ],
  [
    'WRONGTYPE between strings and hashes; SET and MSET replace a hash',
    [
      [['SET', '{s}', 'text'], ok('OK')],
      [['HSET', '{h}', 'f', 'v'], ok(1)],
      [['HSET', '{s}', 'f', 'v'], WRONGTYPE],
      [['HGET', '{s}', 'f'], WRONGTYPE],
      [['HMGET', '{s}', 'f'], WRONGTYPE],
      [['HGETALL', '{s}'], WRONGTYPE],
      [['HINCRBY', '{s}', 'f', '1'], WRONGTYPE],
      [['HDEL', '{s}', 'f'], WRONGTYPE],
      [['HLEN', '{s}'], WRONGTYPE],
      [['GET', '{h}'], WRONGTYPE],
      [['GETDEL', '{h}'], WRONGTYPE],
      [['INCR', '{h}'], WRONGTYPE],
      [['STRLEN', '{h}'], WRONGTYPE],
      [['SET', '{h}', 'v', 'GET'], WRONGTYPE],
      [['MGET', '{h}', '{s}'], ok([null, 'text'])],
      [['PEXPIRE', '{h}', '60000'], ok(1)],
      [['TTL', '{h}'], ok(60)],
      [['SET', '{h}', 'now a string'], ok('OK')],
      [['TYPE', '{h}'], ok('string')],
      [['TTL', '{h}'], ok(-1)],
      [['HSET', '{h2}', 'f', 'v'], ok(1)],
      [['MSET', '{h2}', 'also a string'], ok('OK')],
      [['GET', '{h2}'], ok('also a string')],
    ],
  ],
  [
    'SETEX and PSETEX',
    [
      [['SETEX', '{s}', '100', 'v'], ok('OK')],
      [['TTL', '{s}'], ok(100)],
      [['GET', '{s}'], ok('v')],
      [['PSETEX', '{p}', '100000', 'v'], ok('OK')],
      [['TTL', '{p}'], ok(100)],
      [['SETEX', '{s}', '0', 'v'], error("ERR invalid expire time in 'setex' command")],
      [['SETEX', '{s}', 'x', 'v'], error('ERR value is not an integer or out of range')],
      [['PSETEX', '{s}', '-5', 'v'], error("ERR invalid expire time in 'psetex' command")],
      [['SETEX', '{s}', '1'], error("ERR wrong number of arguments for 'setex' command")],
    ],
  ],
  [
    'SCAN refuses bad cursors and options',
    [
      [['SCAN', 'abc'], error('ERR invalid cursor')],
      [['SCAN', '18446744073709551616'], error('ERR invalid cursor')],
      [['SCAN', '0', 'COUNT', '0'], error('ERR syntax error')],
      [['SCAN', '0', 'COUNT', 'x'], error('ERR value is not an integer or out of range')],
      [['SCAN', '0', 'MATCH'], error('ERR syntax error')],
      [['SCAN', '0', 'FOO', 'bar'], error('ERR syntax error')],
      [['SCAN', '0', 'MATCH', '{nothing}*', 'COUNT', '100000000'], ok(['0', []])],
    ],
  ],
  [
    'EVAL replies converted by Redis’s rules',
    [
      [['EVAL', 'return 3.99', '0'], ok(3)],
      [['EVAL', 'return -3.99', '0'], ok(-3)],
      // Redis casts the double to long long; on x86 what does not fit becomes INT64_MIN.
      [['EVAL', 'return 1e20', '0'], ok(-(2 ** 63))],
      [
        ['EVAL', 'return {1, "a", {2, "b"}, false, true, 2.5, nil, 4}', '0'],
        ok([1, 'a', [2, 'b'], null, 1, 2]),
      ],
      [['EVAL', 'return true', '0'], ok(1)],
      [['EVAL', 'return false', '0'], ok(null)],
      [['EVAL', 'return nil', '0'], ok(null)],
      [['EVAL', 'return {ok = "fine"}', '0'], ok('fine')],
      [['EVAL', 'return {foo = "bar"}', '0'], ok([])],
      // Upstash does not document an error inside an array: the stand-in gives its message.
      [['EVAL', 'return {{ok = "inner"}, {err = "INNER failed"}}', '0'], ok(['inner', 'INNER failed'])],
      [['EVAL', 'return {err = "My Error"}', '0'], error('My Error')],
      [['EVAL', 'return {ok = "x", err = "y"}', '0'], error('y')],
      [['EVAL', 'return redis.error_reply("custom")', '0'], error('ERR custom')],
      [['EVAL', 'return redis.error_reply("WRONGTYPE x")', '0'], error('WRONGTYPE x')],
      [['EVAL', 'return redis.status_reply("STAT")', '0'], ok('STAT')],
      [['EVAL', 'return redis.sha1hex("")', '0'], ok('da39a3ee5e6b4b0d3255bfef95601890afd80709')],
      [
        ['EVAL', 'return {KEYS[1] == ARGV[2], #KEYS, #ARGV, ARGV[1]}', '2', '{a}', '{b}', 'x', '{a}'],
        ok([1, 2, 2, 'x']),
      ],
      [
        ['EVAL', 'return {tostring(redis.call("GET", KEYS[1])), type(redis.call("PING"))}', '1', '{a}'],
        ok(['false', 'table']),
      ],
    ],
  ],
  [
    'EVAL arguments to commands: numbers as %.17g, HSET and HMGET from a script',
    [
      [
        [
          'EVAL',
          'redis.call("HSET", KEYS[1], "f", 0.1, "g", 2^53, "h", 10/2, "i", 1e20) return redis.call("HMGET", KEYS[1], "f", "g", "h", "i", "j")',
          '1',
          '{h}',
        ],
        ok(['0.10000000000000001', '9007199254740992', '5', '1e+20', null]),
      ],
      [['EVAL', 'return redis.call("HINCRBY", KEYS[1], "n", 2000000000) * 2', '1', '{h}'], ok(4000000000)],
    ],
  ],
  [
    'script errors as Redis reports them',
    [
      [['SET', '{s}', 'x'], ok('OK')],
      [
        ['EVAL', 'local a = 1\nreturn redis.call("HGET", KEYS[1], "f")', '1', '{s}'],
        scriptError(
          'WRONGTYPE Operation against a key holding the wrong kind of value',
          'local a = 1\nreturn redis.call("HGET", KEYS[1], "f")',
          2,
        ),
      ],
      [
        ['EVAL', 'return redis.pcall("HGET", KEYS[1], "f")', '1', '{s}'],
        error('WRONGTYPE Operation against a key holding the wrong kind of value'),
      ],
      [
        [
          'EVAL',
          'local ok, e = pcall(redis.call, "HGET", KEYS[1], "f") return {tostring(ok), e}',
          '1',
          '{s}',
        ],
        ok(['false', 'WRONGTYPE Operation against a key holding the wrong kind of value']),
      ],
      [
        ['EVAL', 'return redis.call("NOPE", "a")', '0'],
        scriptError('ERR Unknown Redis command called from script', 'return redis.call("NOPE", "a")'),
      ],
      [
        ['EVAL', 'return redis.call("GET")', '0'],
        scriptError('ERR Wrong number of args calling Redis command from script', 'return redis.call("GET")'),
      ],
      [
        ['EVAL', 'return redis.call("SET", KEYS[1], {})', '1', '{s}'],
        scriptError(
          'ERR Lua redis lib command arguments must be strings or integers',
          'return redis.call("SET", KEYS[1], {})',
        ),
      ],
      [
        ['EVAL', 'return redis.call("EVAL", "return 1", "0")', '0'],
        scriptError(
          'ERR This Redis command is not allowed from script',
          'return redis.call("EVAL", "return 1", "0")',
        ),
      ],
      [['EVAL', 'error("boom")', '0'], scriptError('ERR user_script:1: boom', 'error("boom")')],
      [
        ['EVAL', 'local function f()\n  error("deep")\nend\nf()', '0'],
        scriptError('ERR user_script:2: deep', 'local function f()\n  error("deep")\nend\nf()', 2),
      ],
      [
        ['EVAL', 'error({err = "TABLEERR x"})', '0'],
        scriptError('TABLEERR x', 'error({err = "TABLEERR x"})'),
      ],
      [
        ['EVAL', 'return y', '0'],
        scriptError(
          "ERR user_script:1: Script attempted to access nonexistent global variable 'y'",
          'return y',
        ),
      ],
      [
        ['EVAL', 'x = 5 return x', '0'],
        scriptError('ERR user_script:1: Attempt to modify a readonly table', 'x = 5 return x'),
      ],
      [
        ['EVAL_RO', 'return redis.call("SET", KEYS[1], "b")', '1', '{s}'],
        scriptError(
          'ERR Write commands are not allowed from read-only scripts.',
          'return redis.call("SET", KEYS[1], "b")',
        ),
      ],
      [['EVAL_RO', 'return redis.call("GET", KEYS[1])', '1', '{s}'], ok('x')],
      [
        ['EVAL', '#!lua flags=no-writes\nreturn redis.call("SET", KEYS[1], "b")', '1', '{s}'],
        scriptError(
          'ERR Write commands are not allowed from read-only scripts.',
          '#!lua flags=no-writes\nreturn redis.call("SET", KEYS[1], "b")',
          2,
        ),
      ],
    ],
  ],
  [
    'EVAL and SCRIPT arguments checked with Redis’s messages',
    [
      [['EVAL', 'return 1', '-1'], error("ERR Number of keys can't be negative")],
      [['EVAL', 'return 1', '2', 'a'], error("ERR Number of keys can't be greater than number of args")],
      [['EVAL', 'return 1', 'x'], error('ERR value is not an integer or out of range')],
      [['EVAL', 'return 1'], error("ERR wrong number of arguments for 'eval' command")],
      [['EVALSHA', 'f'.repeat(40), '0'], error('NOSCRIPT No matching script. Please use EVAL.')],
      [['EVALSHA', 'not-a-digest', '0'], error('NOSCRIPT No matching script. Please use EVAL.')],
      [['EVAL', '#!lua', '0'], error('ERR Invalid script shebang')],
      [['EVAL', '#!python\nreturn 1', '0'], error('ERR Unexpected engine in script shebang: #!python')],
      [['EVAL', '#!lua name=x\nreturn 1', '0'], error('ERR Unknown lua shebang option: name=x')],
      [['EVAL', '#!lua flags=bogus\nreturn 1', '0'], error('ERR Unexpected flag in script shebang: bogus')],
      [['EVAL', '#!lua flags=\nreturn 2', '0'], ok(2)],
      [['SCRIPT', 'LOAD'], error("ERR wrong number of arguments for 'script|load' command")],
      [['SCRIPT', 'EXISTS'], error("ERR wrong number of arguments for 'script|exists' command")],
      [['SCRIPT', 'FLUSH', 'x'], error('ERR SCRIPT FLUSH only support SYNC|ASYNC option')],
      [['SCRIPT', 'KILL'], error('NOTBUSY No scripts in execution right now.')],
      [['SCRIPT', 'BLAH'], error("ERR unknown subcommand 'BLAH'. Try SCRIPT HELP.")],
      [['SCRIPT'], error("ERR wrong number of arguments for 'script' command")],
    ],
  ],
  [
    'SCRIPT LOAD, EVALSHA and SCRIPT EXISTS, also for a script with Upstash’s allow-key-locking flag',
    [
      [['SCRIPT', 'LOAD', 'return "loaded"'], ok(scriptSha1('return "loaded"'))],
      [['EVALSHA', scriptSha1('return "loaded"'), '0'], ok('loaded')],
      [['EVALSHA', scriptSha1('return "loaded"').toUpperCase(), '0'], ok('loaded')],
      [
        ['SCRIPT', 'LOAD', '#!lua flags=allow-key-locking\nreturn redis.call("INCR", KEYS[1])'],
        ok(scriptSha1('#!lua flags=allow-key-locking\nreturn redis.call("INCR", KEYS[1])')),
      ],
      [
        [
          'EVALSHA',
          scriptSha1('#!lua flags=allow-key-locking\nreturn redis.call("INCR", KEYS[1])'),
          '1',
          '{n}',
        ],
        ok(1),
      ],
      [['EVAL', '#!lua flags=allow-key-locking\nreturn redis.call("INCR", KEYS[1])', '1', '{n}'], ok(2)],
      [
        [
          'SCRIPT',
          'EXISTS',
          scriptSha1('return "loaded"'),
          scriptSha1('#!lua flags=allow-key-locking\nreturn redis.call("INCR", KEYS[1])'),
          'f'.repeat(40),
        ],
        ok([1, 1, 0]),
      ],
      [
        ['EVAL', '#!lua flags=allow-key-locking\nerror("locked")', '0'],
        scriptError('ERR user_script:2: locked', '#!lua flags=allow-key-locking\nerror("locked")', 2),
      ],
    ],
  ],
];

describe.each(modes)(
  'Upstash Redis stand-in on the $name: new commands answer as Redis does',
  ({ redisUrl }) => {
    let standIn: UpstashRedis;
    const prefix = `stand-in-commands:${randomUUID()}:`;
    const used = new Set<string>();

    beforeAll(async () => {
      standIn = await startUpstashRedis({ port: await freePort(), token: 'test-token', redisUrl });
    });

    afterAll(async () => {
      if (used.size > 0) await send(['DEL', ...used]).catch(() => {});
      await standIn?.stop();
    });

    /** Plain JSON (no base64), so answers read as Redis's text. */
    async function send(command: string[]): Promise<Answer> {
      const response = await fetch(standIn.url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${standIn.token}` },
        body: JSON.stringify(command),
      });
      return (await response.json()) as Answer;
    }

    it.each(CASES)('%s', async (caseName, steps) => {
      const keys = new Map<string, string>();
      const expand = (arg: string) =>
        arg.replace(/\{(\w+)\}/g, (_, name: string) => {
          const key = keys.get(name) ?? `${prefix}${caseName.slice(0, 12)}:${name}`;
          keys.set(name, key);
          used.add(key);
          return key;
        });
      const answers: [string, Answer][] = [];
      for (const [command] of steps) answers.push([command.join(' '), await send(command.map(expand))]);
      const expected = steps.map(([command, answer]): [string, Answer] => [command.join(' '), answer]);
      expect(answers).toEqual(expected);
    });

    it('walks every key with SCAN until the cursor comes back to 0, and lists them with KEYS', async () => {
      const names = Array.from({ length: 15 }, (_, index) => `${prefix}scan:${index}`);
      for (const name of names) used.add(name);
      await send(['MSET', ...names.flatMap((name) => [name, 'v'])]);
      await send(['HSET', `${prefix}scan:hash`, 'f', 'v']);
      used.add(`${prefix}scan:hash`);
      const found: string[] = [];
      let cursor = '0';
      let calls = 0;
      do {
        const answer = await send([
          'SCAN',
          cursor,
          'MATCH',
          `${prefix}scan:*`,
          'COUNT',
          '1000',
          'TYPE',
          'string',
        ]);
        const [next, keys] = (answer as { result: [string, string[]] }).result;
        found.push(...keys);
        cursor = next;
        calls++;
      } while (cursor !== '0' && calls < 10_000);
      expect(found.sort()).toEqual([...names].sort());
      const listed = (await send(['KEYS', `${prefix}scan:*`])) as { result: string[] };
      expect(listed.result.sort()).toEqual([...names, `${prefix}scan:hash`].sort());
    });

    it('forgets scripts on SCRIPT FLUSH, so EVALSHA answers NOSCRIPT until EVAL runs the script again', async () => {
      const script = '#!lua flags=allow-key-locking\nreturn "flushed"';
      const sha = scriptSha1(script);
      expect(await send(['EVAL', script, '0'])).toEqual(ok('flushed'));
      expect(await send(['EVALSHA', sha, '0'])).toEqual(ok('flushed'));
      expect(await send(['SCRIPT', 'FLUSH'])).toEqual(ok('OK'));
      expect(await send(['EVALSHA', sha, '0'])).toEqual(
        error('NOSCRIPT No matching script. Please use EVAL.'),
      );
      expect(await send(['SCRIPT', 'EXISTS', sha])).toEqual(ok([0]));
      expect(await send(['EVAL', script, '0'])).toEqual(ok('flushed'));
      expect(await send(['EVALSHA', sha, '0'])).toEqual(ok('flushed'));
    });
  },
);
