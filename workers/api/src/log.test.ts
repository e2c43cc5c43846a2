import { describe, expect, it } from 'vitest';
import { describeError } from './log';

describe('describeError', () => {
  it('follows the cause chain that drizzle wraps driver errors in', () => {
    const error = new Error('Failed query: select 1', {
      cause: new Error('Connection terminated unexpectedly'),
    });
    expect(describeError(error)).toBe(
      'Failed query: select 1 <- caused by: Connection terminated unexpectedly',
    );
  });

  it('reads the message of a non-Error event such as a WebSocket ErrorEvent', () => {
    const event = { type: 'error', message: 'Network connection lost.' };
    expect(describeError(new Error('Failed query', { cause: event }))).toBe(
      'Failed query <- caused by: Network connection lost.',
    );
  });
});
