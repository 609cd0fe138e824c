import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import openapiTS from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeKeys, type TestContext } from './helpers/app.js';

const run = promisify(execFile);
const HERE = fileURLToPath(new URL('./typed-client/', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));

let ctx: TestContext;
let base: string;
let key: string;
/** Inside the repository, so that the client resolves openapi-fetch as a frontend would. */
let work: string;
beforeAll(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  work = mkdtempSync(join(HERE, '.build-'));
});
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await ctx.close();
});

describe('a client typed from the served document', () => {
  it('compiles under tsc --strict with no casts, and does a frontend’s work against the server', async () => {
    // The three steps of the README's recipe: the document, its types, a client.
    const document: string = await (await fetch(`${base}/openapi.json`)).text();
    writeFileSync(join(work, 'schema.d.ts'), await openapiTS(JSON.parse(document)));
    copyFileSync(join(HERE, 'client.ts'), join(work, 'client.ts'));
    writeFileSync(
      join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noUncheckedIndexedAccess: true,
          target: 'ES2023',
          lib: ['ES2023'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: ['node'],
          noEmit: true,
        },
        files: ['client.ts', 'schema.d.ts'],
      }),
    );

    const code = readFileSync(join(HERE, 'client.ts'), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    expect(code).not.toMatch(/\bas\s+(?!JSON)[A-Za-z{[(]/);
    expect(code).not.toMatch(/[\w)\]]!(?=[.[(;,)\s])(?!=)/);
    expect(code).not.toMatch(/\bany\b/);

    const compiled = await run(join(ROOT, 'node_modules/.bin/tsc'), ['-p', work]).catch(
      (error: { stdout?: string; stderr?: string }) => ({
        stdout: `${error.stdout ?? ''}${error.stderr ?? ''}`,
        failed: true,
      }),
    );
    expect('failed' in compiled ? compiled.stdout : '').toBe('');

    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(work, 'client.ts')], {
      cwd: ROOT,
      env: { ...process.env, FACTCHECK_URL: base, FACTCHECK_KEY: key },
    });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(seen.refutedOrDisputed.sort()).toEqual(
      [
        'iran-no-al-qaeda-terrorists-on-its-soil:disputed',
        'pompeo-masri-killed-in-tehran:disputed',
      ].sort(),
    );
    expect(seen.etag).toMatch(new RegExp(`^"${seen.claimVersion}-`));
    expect(seen.created).toEqual({
      actor: 'ned-price',
      source: 'state-department-press-briefing',
      claim: expect.stringMatching(/^the-us-will-keep-holding-iran/),
    });
    expect(seen.patchedTags).toEqual(['iran', 'state-department', 'terrorism']);
    expect(seen.stale).toEqual({ status: 412, type: 'urn:factcheck:problem:stale-version' });
    expect(seen.invalid).toEqual({ status: 400, paths: ['query.limit'] });
    expect(seen.imported).toEqual({ dryRun: true, records: 1 });
    expect(seen.exportedTypes).toEqual(
      expect.arrayContaining(['actor', 'claim', 'evidence', 'link', 'source', 'status']),
    );
  }, 120_000);
});
