import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WriteContext } from '../lib/api-schemas.js';

/**
 * Strong ETag of a versioned resource: `"<version>-<digest>"`. The digest covers the bytes sent,
 * which also embed other records (a claim's claimant, its rebuttals' statuses), so a 304 is never
 * stale; the version alone decides If-Match.
 */
export function etagOf(version: number, sent: string | Buffer): string {
  const digest = createHash('sha256').update(sent).digest('hex').slice(0, 12);
  return `"${version}-${digest}"`;
}

/** RFC 9110 If-None-Match: weak comparison against a list of tags, or `*`. */
export function isNotModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * The resource as the answer, with its ETag (made from the serialised bytes by the etags plugin);
 * a GET whose If-None-Match has that ETag gets 304 instead.
 */
export function versioned<T extends { version: number }>(reply: FastifyReply, body: T): T {
  reply.etagVersion = body.version;
  return body;
}

/**
 * The versions an `If-Match` header accepts: each strong tag `"3-…"` (or just `"3"`) in its list;
 * absent or `*`: undefined (no condition). A weak tag never matches (RFC 9110 compares strongly).
 */
export function ifMatchVersions(request: FastifyRequest): number[] | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header.trim() === '*') return undefined;
  return header.split(',').flatMap((tag) => {
    const match = /^\s*"(\d+)(?:-[0-9a-f]+)?"\s*$/.exec(tag);
    return match ? [Number(match[1])] : [];
  });
}

/** 201 with the new resource, where it lives, and its ETag. */
export function sendCreated<T extends { id: string; version: number }>(
  reply: FastifyReply,
  collection: string,
  body: T,
): FastifyReply {
  reply.etagVersion = body.version;
  return reply.code(201).header('Location', `${collection}/${body.id}`).send(body);
}

/**
 * `If-None-Match: *` on a PATCH or DELETE: go ahead only if the resource does not exist (RFC 9110
 * §13.1.2). It always does by the time a command checks its version, so no version may match.
 */
function onlyIfAbsent(request: FastifyRequest): boolean {
  if (request.method !== 'PATCH' && request.method !== 'DELETE') return false;
  const header = request.headers['if-none-match'];
  return header?.split(',').some((tag) => tag.trim() === '*') ?? false;
}

/** Who is writing (the API key's name) and the version the write is based on. */
export function writeContext(request: FastifyRequest): WriteContext {
  return {
    by: request.principal?.name ?? null,
    ifMatch: onlyIfAbsent(request) ? [] : ifMatchVersions(request),
  };
}
