import { describe, expect, it } from 'vitest';
import { parseDuration, retryAfterMs } from './durations';
import { QStashApiError } from './errors';
import { readPublishRequest } from './publish-request';

const NOW = Date.UTC(2026, 10, 22, 10, 0, 0);
const read = (headers: Record<string, string>, destination = 'https://api.example.test/hook?x=1') =>
  readPublishRequest(destination, new Map(Object.entries(headers)), Buffer.from('{}'), {
    now: NOW,
    callerIp: '10.0.0.1',
  });
const refusal = (headers: Record<string, string>, destination?: string) => {
  try {
    read(headers, destination);
  } catch (error) {
    if (error instanceof QStashApiError) return { status: error.status, error: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('reading a publish as QStash does', () => {
  it('takes QStash’s durations and Retry-After forms', () => {
    expect(parseDuration('1d10h30m')).toBe(((24 + 10) * 60 + 30) * 60_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1.5s')).toBe(1_500);
    expect(parseDuration('90')).toBeUndefined();
    expect(parseDuration('soon')).toBeUndefined();
    expect(retryAfterMs('10', NOW)).toBe(10_000);
    expect(retryAfterMs('6m5s', NOW)).toBe(365_000);
    expect(retryAfterMs(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000);
  });

  it('defaults to POST, 3 retries, due now; Upstash-Not-Before wins over Upstash-Delay', () => {
    expect(read({})).toMatchObject({ method: 'POST', retries: 3, notBefore: NOW, timeoutMs: undefined });
    expect(read({ 'upstash-delay': '2m' }).notBefore).toBe(NOW + 120_000);
    expect(read({ 'upstash-delay': '2m', 'upstash-not-before': '1800000000' }).notBefore).toBe(
      1_800_000_000_000,
    );
    expect(read({ 'upstash-timeout': '30s', 'upstash-retries': '0', 'upstash-method': 'put' })).toMatchObject(
      {
        timeoutMs: 30_000,
        retries: 0,
        method: 'PUT',
      },
    );
  });

  it('forwards Content-Type and Upstash-Forward-* headers only, under canonical names', () => {
    const spec = read({
      'content-type': 'application/json',
      'upstash-forward-x-cart-token': 'ct_1',
      'upstash-forward-authorization': 'Bearer partner',
      'upstash-telemetry-sdk': 'upstash-qstash-js@2.12.0',
      'x-not-prefixed': 'dropped',
    });
    expect(spec.headers).toEqual({
      'Content-Type': 'application/json',
      'X-Cart-Token': 'ct_1',
      Authorization: 'Bearer partner',
    });
  });

  it('configures callbacks with their own Upstash-Callback-* and Upstash-Failure-Callback-* headers', () => {
    const spec = read({
      'upstash-callback': 'https://api.example.test/done',
      'upstash-callback-retries': '1',
      'upstash-callback-method': 'PUT',
      'upstash-callback-forward-x-secret': 's1',
      'upstash-failure-callback': 'https://api.example.test/failed',
      'upstash-failure-callback-timeout': '5s',
      'upstash-failure-callback-delay': '1m',
    });
    expect(spec.callback).toEqual({
      url: 'https://api.example.test/done',
      method: 'PUT',
      retries: 1,
      timeoutMs: undefined,
      delayMs: 0,
      headers: { 'X-Secret': 's1' },
    });
    expect(spec.failureCallback).toMatchObject({ retries: undefined, timeoutMs: 5_000, delayMs: 60_000 });
    // The callback's own forwarded headers are not the message's.
    expect(spec.headers).toEqual({});
  });

  it('takes flow control by parallelism, in QStash’s spellings, and refuses rate and period', () => {
    const flow = (value: string) =>
      read({ 'upstash-flow-control-key': 'cart_1', 'upstash-flow-control-value': value }).flowControl;
    expect(flow('parallelism=1')).toEqual({ key: 'cart_1', parallelism: 1 });
    expect(flow('Parallelism=3')).toEqual({ key: 'cart_1', parallelism: 3 });
    expect(
      refusal({ 'upstash-flow-control-key': 'k', 'upstash-flow-control-value': 'parallelism=1, rate=10' }),
    ).toMatchObject({ status: 400, error: expect.stringMatching(/^Flow control by rate is not modelled/) });
    expect(
      refusal({ 'upstash-flow-control-key': 'k', 'upstash-flow-control-value': 'parallelism=0' }),
    ).toEqual({
      status: 400,
      error: 'invalid Upstash-Flow-Control-Value: parallelism=0',
    });
    expect(refusal({ 'upstash-flow-control-value': 'parallelism=1' }).status).toBe(400);
  });

  it('refuses what QStash refuses', () => {
    expect(refusal({}, 'my-url-group')).toEqual({
      status: 400,
      error: 'invalid destination url: endpoint has invalid scheme, add http:// or https://',
    });
    expect(refusal({ 'upstash-method': 'HEAD' }).error).toBe('invalid Upstash-Method header: HEAD');
    expect(refusal({ 'upstash-retries': 'three' }).error).toBe('invalid Upstash-Retries header: three');
    expect(refusal({ 'upstash-delay': '10 minutes' }).error).toBe('invalid Upstash-Delay header: 10 minutes');
    expect(refusal({ 'upstash-callback': 'localhost:8787/done' }).error).toMatch(
      /^invalid Upstash-Callback header/,
    );
    // An encoded destination is taken as QStash takes it.
    expect(read({}, 'https%3A%2F%2Fapi.example.test%2Fhook').destination).toBe(
      'https://api.example.test/hook',
    );
  });
});
