import type { FastifyReply, FastifyRequest } from 'fastify';

/** Strong ETag of a versioned resource. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** RFC 9110 If-None-Match: weak comparison against a list of tags, or `*`. */
export function isNotModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** Sends a versioned resource with its ETag, or 304 when the client's copy is current. */
export function sendVersioned<T extends { version: number }>(
  request: FastifyRequest,
  reply: FastifyReply,
  body: T,
): T | FastifyReply {
  const etag = etagOf(body.version);
  reply.header('ETag', etag);
  if (isNotModified(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return body;
}
