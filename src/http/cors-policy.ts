/**
 * Which browser origins may read and which may write. Reads are open to every origin unless
 * READ_REQUIRES_KEY closes them or CORS_READ_ORIGINS lists who may; writes only from the origins
 * in CORS_ORIGINS (`*`: any). The server's own pages (the explorer) are always of its own origin.
 */
export type CorsPolicy = {
  /** CORS_ORIGINS: who may write (and read); null for no one. */
  writeOrigins: readonly string[] | null;
  /** CORS_READ_ORIGINS: who may read beside the writers; null for the default. */
  readOrigins: readonly string[] | null;
  readRequiresKey: boolean;
};

export type Access = 'read' | 'write';

const READS = new Set(['GET', 'HEAD']);

/** What a request of this method does to the record. */
export function accessOf(method: string): Access {
  return READS.has(method.toUpperCase()) ? 'read' : 'write';
}

/** Whether any origin at all may do this: then `*` is the answer, the same for everyone. */
export function anyOriginMay(policy: CorsPolicy, access: Access): boolean {
  const writers = policy.writeOrigins?.includes('*') ?? false;
  if (access === 'write') return writers;
  if (policy.readOrigins !== null) return writers || policy.readOrigins.includes('*');
  return writers || !policy.readRequiresKey;
}

/** Whether a page from `origin` may do this. */
export function originMay(policy: CorsPolicy, origin: string, access: Access): boolean {
  if (anyOriginMay(policy, access)) return true;
  if (policy.writeOrigins?.includes(origin)) return true;
  return access === 'read' && (policy.readOrigins?.includes(origin) ?? false);
}
