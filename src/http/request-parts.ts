import type { Readable } from 'node:stream';

/** The key an `Authorization: Bearer <key>` header carries, or null. */
export function bearerKey(header: string): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? null;
}

/** Whether a body is the request stream itself (NDJSON, which the importer reads as it comes). */
export function isStreamedBody(body: unknown): body is Readable {
  return typeof body === 'object' && body !== null && typeof (body as Readable).pipe === 'function';
}
