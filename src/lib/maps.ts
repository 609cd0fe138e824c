/** Looks up a row the database guarantees (a foreign key); a miss is a broken invariant. */
export function required<K, V>(map: Map<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`${what} ${String(key)} is missing`);
  return value;
}

export function optional<K, V>(map: Map<K, V>, key: K | null): V | null {
  return key === null ? null : (map.get(key) ?? null);
}
