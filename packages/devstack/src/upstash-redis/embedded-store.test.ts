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
    expect(() => run('HSET', 'h', 'f', 'v')).toThrow(
      new RedisReplyError("ERR unknown command 'HSET', with args beginning with: 'h' 'f' 'v' "),
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
