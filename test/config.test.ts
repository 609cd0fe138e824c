import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { databaseName } from '../src/db/open-store.js';

describe('loadConfig', () => {
  it('when nothing is set, then the documented defaults apply', () => {
    expect(loadConfig({})).toEqual({
      HOST: '127.0.0.1',
      PORT: 3000,
      DB_FILE: 'data/factcheck.db',
      DATABASE_POOL_MAX: 10,
      LOG_LEVEL: 'info',
      CORS_ORIGINS: null,
      CORS_READ_ORIGINS: null,
      SEED: 'article',
      READ_REQUIRES_KEY: false,
      BODY_LIMIT: 1_048_576,
      IMPORT_BODY_LIMIT: 1_073_741_824,
      IMPORT_JSON_LIMIT: 33_554_432,
      REQUEST_TIMEOUT_MS: 60_000,
      IMPORT_IDLE_TIMEOUT_MS: 30_000,
      EXPORT_IDLE_TIMEOUT_MS: 60_000,
      EXPORT_CONCURRENCY: 4,
      READ_CACHE_MB: 64,
      IMPORT_CACHE_MB: 64,
      PUBLISHER_NAME: 'Factcheck',
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

  it('when values are set, then they are parsed and coerced', () => {
    const config = loadConfig({
      PORT: '8080',
      DB_FILE: ':memory:',
      CORS_ORIGINS: 'https://a.example/, http://localhost:5173',
      SEED: 'none',
      LOG_LEVEL: 'warn',
    });
    expect(config.PORT).toBe(8080);
    expect(config.DB_FILE).toBe(':memory:');
    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(config.SEED).toBe('none');
  });

  it('refuses an origin with a path, which no browser would send', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/app' })).toThrow(/has a path/);
  });

  it('when values are bad, then the error names each variable and its value', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', SEED: 'all', CORS_ORIGINS: 'not a url' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT="eighty"');
    expect(message).toContain('SEED="all"');
    expect(message).toContain('CORS_ORIGINS="not a url"');
  });

  it('takes a PostgreSQL DATABASE_URL and its pool size; refuses another scheme or a pool of one', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://factcheck:secret@db.internal:5432/factcheck',
      DATABASE_POOL_MAX: '25',
    });
    expect(config.DATABASE_URL).toBe('postgres://factcheck:secret@db.internal:5432/factcheck');
    expect(config.DATABASE_POOL_MAX).toBe(25);
    expect(loadConfig({ DATABASE_URL: 'postgresql://h/db' }).DATABASE_URL).toBe(
      'postgresql://h/db',
    );
    expect(() => loadConfig({ DATABASE_URL: 'factcheck.db' })).toThrow(/DATABASE_URL=/);
    expect(() => loadConfig({ DATABASE_POOL_MAX: '1' })).toThrow(/DATABASE_POOL_MAX="1"/);
  });

  it('takes a DATABASE_URL through a Unix socket, in the forms libpq and node-postgres take', () => {
    for (const url of [
      'postgres://factcheck@/factcheck?host=/var/run/postgresql',
      'postgresql:///factcheck?host=/var/run/postgresql',
      'postgres://factcheck:secret@/factcheck?host=%2Fvar%2Frun%2Fpostgresql',
      'postgres://factcheck@%2Fvar%2Frun%2Fpostgresql/factcheck',
    ]) {
      expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
    expect(
      databaseName({ DB_FILE: 'x.db', DATABASE_URL: 'postgres://app:s3cret@/db?host=/run' }),
    ).toBe('postgres://app:***@/db?host=/run');
  });

  it('never shows a DATABASE_URL password in its error, however it is written', () => {
    for (const url of [
      'mysql://app:ab/cd+ef==@db:5432/x',
      'mysql://app:p@ss@db/x',
      'mysql://app@db/x?password=s3cret',
    ]) {
      expect(() => loadConfig({ DATABASE_URL: url })).toThrow(/DATABASE_URL=/);
      try {
        loadConfig({ DATABASE_URL: url });
      } catch (error) {
        const message = (error as Error).message;
        expect(message).not.toMatch(/ab\/cd|p@ss|s3cret/);
        expect(message).toContain('***');
      }
    }
  });

  it('names the database in messages without its password, in the URL or its query', () => {
    const named = (url: string) => databaseName({ DB_FILE: 'x.db', DATABASE_URL: url });
    expect(named('postgres://app:s3cret@db:5432/factcheck')).toBe(
      'postgres://app:***@db:5432/factcheck',
    );
    expect(named('postgres://app@db/factcheck?password=s3cret&sslmode=require')).toBe(
      'postgres://app@db/factcheck?password=***&sslmode=require',
    );
    expect(databaseName({ DB_FILE: 'data/factcheck.db' })).toBe('data/factcheck.db');
  });
});
