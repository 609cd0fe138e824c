import type { FastifyReply } from 'fastify';

/** Adds a request header to `Vary`, keeping the ones already named there (CORS adds `Origin`). */
export function varyBy(reply: FastifyReply, header: string): FastifyReply {
  const existing = reply.getHeader('vary');
  const names = (Array.isArray(existing) ? existing.join(',') : String(existing ?? ''))
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.includes('*') || names.some((name) => name.toLowerCase() === header.toLowerCase())) {
    return reply;
  }
  return reply.header('vary', [...names, header].join(', '));
}
