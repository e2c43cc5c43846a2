import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable';

const withCode = (code: string) => Object.assign(new Error('server said no'), { code });
const failedQuery = (cause: unknown) => new DrizzleQueryError('select 1', [], cause as Error);

describe('isDatabaseUnavailable', () => {
  it('is true for connection, resource and shutdown SQLSTATEs, wrapped or not', () => {
    for (const code of ['08006', '08001', '53300', '57P01', '57P03']) {
      expect(isDatabaseUnavailable(withCode(code))).toBe(true);
      expect(isDatabaseUnavailable(failedQuery(withCode(code)))).toBe(true);
    }
  });

  it('is false for a query that failed on its merits', () => {
    for (const code of ['42P01', '22012', '23505', '40001', 'XX000']) {
      expect(isDatabaseUnavailable(failedQuery(withCode(code)))).toBe(false);
    }
  });

  it('is true for the driver’s connection failures and the WebSocket’s error event', () => {
    for (const message of [
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'timeout exceeded when trying to connect',
      'Client has encountered a connection error and is not queryable',
    ]) {
      expect(isDatabaseUnavailable(new Error(message))).toBe(true);
      expect(isDatabaseUnavailable(failedQuery(new Error(message)))).toBe(true);
    }
    expect(isDatabaseUnavailable(failedQuery(new Event('error')))).toBe(true);
  });

  it('is false for anything without such evidence: our own bugs stay 500s', () => {
    expect(isDatabaseUnavailable(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseUnavailable(failedQuery(new Error('BigInt not supported')))).toBe(false);
    expect(isDatabaseUnavailable('a string')).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
