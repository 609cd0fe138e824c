import type { App } from '../../src/app.js';
import type { Store } from '../../src/db/store.js';
import type { KeyRole } from '../../src/lib/vocabulary.js';
import { createKey, revokeKeyByName } from '../../src/modules/keys/keys.commands.js';
import { authenticate } from '../../src/modules/keys/keys.queries.js';
import type { Answer } from './oracle.js';
import type { Plan } from './requests.js';

/** A request as it went out, for the report (keys shown by role, never by value). */
export type SentRequest = {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | Buffer | null;
};

export type Exchange = {
  request: SentRequest;
  answer: Answer;
  /** What the server threw, when it threw (seen through an onError hook: 5xx bodies say nothing). */
  thrown: string | null;
};

/** The last error the app threw while answering, seen through an onError hook. */
export class LastThrown {
  private error: Error | null = null;

  /** Called before the app is made ready (hooks cannot be added after). */
  watch(app: App): void {
    app.addHook('onError', async (_request, _reply, error) => {
      this.error = error;
    });
  }

  /** The error thrown since the last call, if any; forgotten once taken. */
  take(): Error | null {
    const error = this.error;
    this.error = null;
    return error;
  }
}

/**
 * Sends plans through `app.inject`, filling in what depends on the database as it is now: the
 * current ETag of the resource, and keys (one the fuzz revoked is replaced by a new one).
 */
export class Sender {
  private minted = 0;

  private constructor(
    private readonly app: App,
    private readonly store: Store,
    private readonly keys: Record<'editor' | 'admin' | 'revoked' | 'tampered', string>,
    private readonly thrown: LastThrown,
  ) {}

  static async create(
    app: App,
    store: Store,
    keys: { editor: string; admin: string },
    thrown: LastThrown,
  ) {
    const revoked = await store.write(async (tx) => {
      const made = await createKey(tx, 'fuzz-revoked', 'editor');
      await revokeKeyByName(tx, made.name);
      return made.key;
    });
    // The right key id with a wrong secret: found, then refused by the constant-time comparison.
    const tampered = `${keys.editor.slice(0, -1)}${keys.editor.endsWith('A') ? 'B' : 'A'}`;
    return new Sender(app, store, { ...keys, revoked, tampered }, thrown);
  }

  async send(plan: Plan): Promise<Exchange> {
    const headers: Record<string, string> = { ...plan.headers };
    let shownAuth: string | null = null;
    if (typeof plan.auth === 'object') {
      headers.authorization = plan.auth.header;
      shownAuth = plan.auth.header.length > 80 ? `${plan.auth.header.slice(0, 80)}…` : null;
    } else if (plan.auth !== 'none') {
      headers.authorization = `Bearer ${this.keys[plan.auth]}`;
      shownAuth = `Bearer <${plan.auth} key>`;
    }
    for (const [name, variant] of Object.entries(plan.conditional)) {
      headers[name] = await this.conditional(plan.resource, variant);
    }
    // What the lookups above threw is not this request's.
    this.thrown.take();
    const response = await this.app.inject({
      method: plan.method as 'GET',
      url: plan.url,
      headers,
      ...(plan.body ? { payload: plan.body.payload } : {}),
    });
    const thrown = this.thrown.take();
    const exchange: Exchange = {
      request: {
        method: plan.method,
        url: plan.url,
        headers: shownAuth === null ? headers : { ...headers, authorization: shownAuth },
        body: plan.body?.payload ?? null,
      },
      answer: { status: response.statusCode, headers: response.headers, body: response.body },
      thrown: thrown ? describeError(thrown) : null,
    };
    if (plan.method === 'DELETE' && response.statusCode < 300) await this.replaceRevokedKeys();
    return exchange;
  }

  /** The If-Match / If-None-Match a client would send after reading the resource. */
  private async conditional(resource: string | null, variant: Plan['conditional'][string]) {
    const read = resource
      ? await this.app.inject({
          method: 'GET',
          url: resource,
          headers: { authorization: `Bearer ${this.keys.admin}` },
        })
      : null;
    const etag = typeof read?.headers.etag === 'string' ? read.headers.etag : '"1-000000000000"';
    const version = Number(/^"(\d+)/.exec(etag)?.[1] ?? 1);
    if (variant === 'weak') return `W/${etag}`;
    if (variant === 'stale') return `"${version > 1 ? version - 1 : version + 1}"`;
    if (variant === 'list') return `"0-000000000000", ${etag}`;
    return etag;
  }

  /** A DELETE /keys/… may have revoked the fuzzer's own key: make a new one with the same role. */
  private async replaceRevokedKeys() {
    for (const role of ['editor', 'admin'] as const) {
      const key = this.keys[role];
      const alive = await this.store.read((tx) => authenticate(tx, key));
      if (alive) continue;
      this.minted += 1;
      const name = `fuzz-${role}-${this.minted}`;
      const made = await this.store.write((tx) => createKey(tx, name, role as KeyRole));
      this.keys[role] = made.key;
    }
  }
}

function describeError(error: Error): string {
  const code = (error as { code?: unknown }).code;
  const where = error.stack?.split('\n').find((line) => line.includes('/src/'));
  return `${error.name}${code ? ` ${String(code)}` : ''}: ${error.message.slice(0, 200)}${
    where ? ` (${where.trim()})` : ''
  }`;
}
