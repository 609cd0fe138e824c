/**
 * A connection URL as a message may show it: its password masked, in the user part or in the
 * query (`?password=`, `?sslpassword=`), however it is written.
 */
export function withoutPassword(value: string): string {
  // Up to the last `@`: a password may hold `/` or `@` unencoded.
  return value
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:).*@/i, '$1***@')
    .replace(/([?&](ssl)?password=)[^&]*/gi, '$1***');
}
