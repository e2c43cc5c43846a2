import { describe, expect, it } from 'vitest';
import { EmbeddedStore } from './embedded-store';
import { RedisReplyError, Status } from './reply';

function storeAt(start = 1_000_000) {
  const clock = { now: start };
  const store = new EmbeddedStore(() => clock.now);
  const run = (...args: string[]) => store.execute(args);
  const text = (...args: string[]) => {
    const reply = run(...args);
    return Buffer.isBuffer(reply) ? reply.toString('utf8') : reply;
  };
  return { clock, store, run, text };
}

describe('EmbeddedStore', () => {
  it('expires keys exactly when their time comes, by the clock it is given', () => {
    const { clock, run, text } = storeAt();
    run('SET', 'k', 'v', 'PX', '1500');
    clock.now += 1_499;
    expect(text('GET', 'k')).toBe('v');
    expect(run('PTTL', 'k')).toBe(1);
    clock.now += 1;
    expect(run('GET', 'k')).toBeNull();
    expect(run('TTL', 'k')).toBe(-2);
  });

  it('rounds TTL to the nearest second as Redis does', () => {
    const { clock, run } = storeAt();
    run('SET', 'k', 'v', 'EX', '10');
    clock.now += 400;
    expect(run('TTL', 'k')).toBe(10);
    clock.now += 200;
    expect(run('TTL', 'k')).toBe(9);
  });

  it('keeps the expiry through INCR and KEEPTTL, and drops it on a plain SET and PERSIST', () => {
    const { run } = storeAt();
    run('SET', 'n', '1', 'EX', '60');
    run('INCR', 'n');
    expect(run('TTL', 'n')).toBe(60);
    run('SET', 'n', '5', 'KEEPTTL');
    expect(run('TTL', 'n')).toBe(60);
    run('SET', 'n', '5');
    expect(run('TTL', 'n')).toBe(-1);
    run('EXPIRE', 'n', '30');
    expect(run('PERSIST', 'n')).toBe(1);
    expect(run('TTL', 'n')).toBe(-1);
  });

  it('applies EXPIRE conditions NX, XX, GT and LT', () => {
    const { run } = storeAt();
    run('SET', 'k', 'v');
    expect(run('EXPIRE', 'k', '100', 'XX')).toBe(0);
    expect(run('EXPIRE', 'k', '100', 'NX')).toBe(1);
    expect(run('EXPIRE', 'k', '200', 'NX')).toBe(0);
    expect(run('EXPIRE', 'k', '50', 'GT')).toBe(0);
    expect(run('EXPIRE', 'k', '150', 'GT')).toBe(1);
    expect(run('EXPIRE', 'k', '120', 'LT')).toBe(1);
    expect(run('TTL', 'k')).toBe(120);
    expect(run('EXPIRE', 'k', '0')).toBe(1);
    expect(run('EXISTS', 'k')).toBe(0);
  });

  it('answers SET NX GET with the old value and leaves it in place', () => {
    const { run, text } = storeAt();
    expect(run('SET', 'v', '7', 'NX', 'GET')).toBeNull();
    expect(text('SET', 'v', '8', 'NX', 'GET')).toBe('7');
    expect(text('GET', 'v')).toBe('7');
  });

  it('refuses what Redis refuses, with Redis’s messages', () => {
    const { run } = storeAt();
    expect(() => run('LPUSH', 'l', 'a', 'b', 'c')).toThrow(
      new RedisReplyError("ERR unknown command 'LPUSH', with args beginning with: 'l' 'a' 'b' "),
    );
    expect(() => run('GET')).toThrow("ERR wrong number of arguments for 'get' command");
    expect(() => run('SET', 'k', 'v', 'EX')).toThrow('ERR syntax error');
    expect(() => run('SET', 'k', 'v', 'EX', '0')).toThrow("ERR invalid expire time in 'set' command");
    expect(() => run('SET', 'k', 'v', 'EX', '1', 'PX', '1')).toThrow('ERR syntax error');
    expect(() => run('SET', 'k', 'v', 'NX', 'XX')).toThrow('ERR syntax error');
    expect(() => run('INCRBY', 'k', '1.5')).toThrow('ERR value is not an integer or out of range');
    run('SET', 'max', '9223372036854775807');
    expect(() => run('INCR', 'max')).toThrow('ERR increment or decrement would overflow');
    expect(() => run('MSET', 'a', '1', 'b')).toThrow("ERR wrong number of arguments for 'mset' command");
    for (const notAnInteger of ['01', '-0', '+1', ' 1', '1.0']) {
      expect(() => run('INCRBY', 'k', notAnInteger)).toThrow('ERR value is not an integer or out of range');
    }
    expect(() => run('SETEX', 'k', '0', 'v')).toThrow("ERR invalid expire time in 'setex' command");
    expect(() => run('PSETEX', 'k', '-5', 'v')).toThrow("ERR invalid expire time in 'psetex' command");
  });

  it('sets with an expiry through SETEX and PSETEX', () => {
    const { clock, run, text } = storeAt();
    expect(run('SETEX', 's', '10', 'v')).toEqual(new Status('OK'));
    expect(run('TTL', 's')).toBe(10);
    expect(run('PSETEX', 'p', '250', 'v')).toEqual(new Status('OK'));
    clock.now += 249;
    expect(text('GET', 'p')).toBe('v');
    clock.now += 1;
    expect(run('GET', 'p')).toBeNull();
  });

  it('discards a whole transaction on a queueing error, and runs the rest atomically', () => {
    const { store, text } = storeAt();
    expect(() => store.transaction([['SET', 'a', '1'], ['NOPE']])).toThrow(/^EXECABORT/);
    expect(store.execute(['GET', 'a'])).toBeNull();
    const replies = store.transaction([
      ['SET', 'a', 'x'],
      ['INCR', 'a'],
      ['GET', 'a'],
    ]);
    expect(replies[0]).toEqual(new Status('OK'));
    expect(replies[1]).toBeInstanceOf(RedisReplyError);
    expect(text('GET', 'a')).toBe('x');
  });

  it('frees the memory of expired keys nobody reads again', () => {
    const { clock, store, run } = storeAt();
    run('SET', 'gone', 'v', 'PX', '10');
    run('SET', 'kept', 'v');
    clock.now += 11;
    expect(store.size()).toBe(1);
    expect(run('DBSIZE')).toBe(1);
  });
});

describe('EmbeddedStore hashes', () => {
  it('sets, reads and counts fields as Redis does, in insertion order', () => {
    const { run, text } = storeAt();
    expect(run('HSET', 'h', 'a', '1', 'b', '2')).toBe(2);
    expect(run('HSET', 'h', 'a', '10', 'c', '3')).toBe(1);
    expect(text('HGET', 'h', 'a')).toBe('10');
    expect(run('HGET', 'h', 'missing')).toBeNull();
    expect(run('HGET', 'no-hash', 'a')).toBeNull();
    const strings = (reply: unknown) => (reply as (Buffer | null)[]).map((item) => item?.toString() ?? null);
    expect(strings(run('HMGET', 'h', 'b', 'missing', 'a'))).toEqual(['2', null, '10']);
    expect(strings(run('HMGET', 'no-hash', 'a', 'b'))).toEqual([null, null]);
    expect(strings(run('HGETALL', 'h'))).toEqual(['a', '10', 'b', '2', 'c', '3']);
    expect(strings(run('HKEYS', 'h'))).toEqual(['a', 'b', 'c']);
    expect(strings(run('HVALS', 'h'))).toEqual(['10', '2', '3']);
    expect(run('HGETALL', 'no-hash')).toEqual([]);
    expect(run('HLEN', 'h')).toBe(3);
    expect(run('HEXISTS', 'h', 'b')).toBe(1);
    expect(run('HEXISTS', 'h', 'z')).toBe(0);
    expect(run('HSTRLEN', 'h', 'a')).toBe(2);
    expect(run('HSETNX', 'h', 'a', 'x')).toBe(0);
    expect(run('HSETNX', 'h', 'd', '4')).toBe(1);
    expect(run('HMSET', 'h', 'e', '5')).toEqual(new Status('OK'));
    expect(run('TYPE', 'h')).toEqual(new Status('hash'));
  });

  it('drops the key with its last field, and keeps its expiry while fields change', () => {
    const { run } = storeAt();
    run('HSET', 'h', 'a', '1', 'b', '2');
    run('PEXPIRE', 'h', '5000');
    run('HSET', 'h', 'c', '3');
    expect(run('PTTL', 'h')).toBe(5000);
    expect(run('HDEL', 'h', 'a', 'missing')).toBe(1);
    expect(run('HDEL', 'h', 'b', 'c')).toBe(2);
    expect(run('EXISTS', 'h')).toBe(0);
    expect(run('HDEL', 'h', 'a')).toBe(0);
  });

  it('counts with HINCRBY, refusing values and increments that are not 64-bit integers', () => {
    const { run } = storeAt();
    expect(run('HINCRBY', 'h', 'n', '5')).toBe(5);
    expect(run('HINCRBY', 'h', 'n', '-7')).toBe(-2);
    run('HSET', 'h', 'text', 'abc', 'max', '9223372036854775807');
    expect(() => run('HINCRBY', 'h', 'text', '1')).toThrow(
      new RedisReplyError('ERR hash value is not an integer'),
    );
    expect(() => run('HINCRBY', 'h', 'n', '1.5')).toThrow('ERR value is not an integer or out of range');
    expect(() => run('HINCRBY', 'h', 'max', '1')).toThrow('ERR increment or decrement would overflow');
  });

  it('answers WRONGTYPE between strings and hashes, and lets SET and MSET replace a hash', () => {
    const { run, text } = storeAt();
    run('SET', 's', 'text');
    run('HSET', 'h', 'f', 'v');
    const wrongType = 'WRONGTYPE Operation against a key holding the wrong kind of value';
    for (const command of [
      ['HSET', 's', 'f', 'v'],
      ['HGET', 's', 'f'],
      ['HMGET', 's', 'f'],
      ['HGETALL', 's'],
      ['HINCRBY', 's', 'f', '1'],
      ['HDEL', 's', 'f'],
      ['GET', 'h'],
      ['GETDEL', 'h'],
      ['INCR', 'h'],
      ['STRLEN', 'h'],
      ['SET', 'h', 'v', 'GET'],
    ]) {
      expect(() => run(...command), command.join(' ')).toThrow(new RedisReplyError(wrongType));
    }
    expect(run('MGET', 'h', 's')).toEqual([null, Buffer.from('text')]);
    expect(run('SET', 'h', 'now a string')).toEqual(new Status('OK'));
    expect(text('GET', 'h')).toBe('now a string');
    run('HSET', 'h2', 'f', 'v');
    run('MSET', 'h2', 'also a string');
    expect(run('TYPE', 'h2')).toEqual(new Status('string'));
  });
});

describe('EmbeddedStore SCAN and KEYS', () => {
  const keysOf = (reply: unknown) => ((reply as [Buffer, Buffer[]])[1] ?? []).map((key) => key.toString());
  const cursorOf = (reply: unknown) => (reply as [Buffer, Buffer[]])[0].toString();

  it('walks every key exactly once in COUNT-sized steps, whatever is deleted or added meanwhile', () => {
    const { run } = storeAt();
    for (let index = 0; index < 25; index++) run('SET', `k${index}`, 'v');
    const seen: string[] = [];
    let cursor = '0';
    let steps = 0;
    do {
      const reply = run('SCAN', cursor, 'COUNT', '4');
      const keys = keysOf(reply);
      expect(keys.length).toBeLessThanOrEqual(4);
      seen.push(...keys);
      // What a reset script does: delete what it found, and meanwhile others write new keys.
      for (const key of keys) run('DEL', key);
      run('SET', `new${steps}`, 'v');
      cursor = cursorOf(reply);
      steps++;
    } while (cursor !== '0' && steps < 100);
    const original = Array.from({ length: 25 }, (_, index) => `k${index}`);
    expect(seen.filter((key) => key.startsWith('k')).sort()).toEqual(original.sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('serves two iterations at once, each seeing every key once', () => {
    const { run } = storeAt();
    for (let index = 0; index < 12; index++) run('SET', `k${index}`, 'v');
    const iterations = [
      { cursor: '0', seen: [] as string[], done: false },
      { cursor: '0', seen: [] as string[], done: false },
    ];
    while (iterations.some((iteration) => !iteration.done)) {
      for (const iteration of iterations) {
        if (iteration.done) continue;
        const reply = run('SCAN', iteration.cursor, 'COUNT', '5');
        iteration.seen.push(...keysOf(reply));
        iteration.cursor = cursorOf(reply);
        iteration.done = iteration.cursor === '0';
      }
    }
    const all = Array.from({ length: 12 }, (_, index) => `k${index}`).sort();
    for (const iteration of iterations) expect(iteration.seen.sort()).toEqual(all);
  });

  it('filters by MATCH and TYPE after counting, skips expired keys, and refuses bad arguments', () => {
    const { clock, run } = storeAt();
    run('SET', 'rl:a:1', 'v');
    run('HSET', 'rl:a:bucket', 'tokens', '3');
    run('SET', 'other', 'v');
    run('SET', 'rl:a:gone', 'v', 'PX', '10');
    clock.now += 10;
    const all = run('SCAN', '0', 'MATCH', 'rl:a:*', 'COUNT', '100');
    expect(cursorOf(all)).toBe('0');
    expect(keysOf(all)).toEqual(['rl:a:1', 'rl:a:bucket']);
    expect(keysOf(run('SCAN', '0', 'TYPE', 'hash'))).toEqual(['rl:a:bucket']);
    expect(keysOf(run('SCAN', '0', 'TYPE', 'nonsense'))).toEqual([]);
    expect(() => run('SCAN', 'abc')).toThrow('ERR invalid cursor');
    expect(() => run('SCAN', '18446744073709551616')).toThrow('ERR invalid cursor');
    expect(() => run('SCAN', '0', 'COUNT', '0')).toThrow('ERR syntax error');
    expect(() => run('SCAN', '0', 'COUNT', 'x')).toThrow('ERR value is not an integer or out of range');
    expect(() => run('SCAN', '0', 'MATCH')).toThrow('ERR syntax error');
    expect(() => run('SCAN', '0', 'FOO', 'bar')).toThrow('ERR syntax error');
    expect((run('KEYS', 'rl:*') as Buffer[]).map(String).sort()).toEqual(['rl:a:1', 'rl:a:bucket']);
  });
});
