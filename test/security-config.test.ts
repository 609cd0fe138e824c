import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('security configuration', () => {
  it('when nothing is set, then no proxy is trusted, no HSTS is sent and the budgets are generous', () => {
    expect(loadConfig({})).toMatchObject({
      TRUST_PROXY: false,
      HSTS_MAX_AGE: 0,
      RATE_LIMIT_READS: 1200,
      RATE_LIMIT_READS_WINDOW: 60,
      RATE_LIMIT_WRITES: 300,
      RATE_LIMIT_WRITES_WINDOW: 60,
      RATE_LIMIT_BAD_KEYS: 20,
      RATE_LIMIT_BAD_KEYS_WINDOW: 900,
    });
  });

  it('when values are set, then they are parsed; 0 turns a budget off', () => {
    const config = loadConfig({
      TRUST_PROXY: 'loopback, 10.0.0.0/8,::1',
      HSTS_MAX_AGE: '31536000',
      RATE_LIMIT_READS: '0',
      RATE_LIMIT_BAD_KEYS_WINDOW: '60',
    });
    expect(config.TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8', '::1']);
    expect(config.HSTS_MAX_AGE).toBe(31_536_000);
    expect(config.RATE_LIMIT_READS).toBe(0);
    expect(config.RATE_LIMIT_BAD_KEYS_WINDOW).toBe(60);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
  });

  it('when values are bad, then the error names each variable', () => {
    const attempt = () =>
      loadConfig({
        TRUST_PROXY: 'my-proxy.example',
        RATE_LIMIT_WRITES: '-1',
        RATE_LIMIT_READS_WINDOW: '0',
        HSTS_MAX_AGE: 'forever',
      });
    expect(attempt).toThrow(/TRUST_PROXY="my-proxy.example": .*'my-proxy.example' is not one/);
    expect(attempt).toThrow(/RATE_LIMIT_WRITES="-1"/);
    expect(attempt).toThrow(/RATE_LIMIT_READS_WINDOW="0"/);
    expect(attempt).toThrow(/HSTS_MAX_AGE="forever"/);
  });
});
