/** The entries of `changes` whose value differs from `before` (compared as JSON). */
export function changedFields<T extends object>(before: object, changes: T): Partial<T> {
  const stored = before as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(changes).filter(
      ([key, value]) =>
        value !== undefined &&
        JSON.stringify(stored[key] ?? null) !== JSON.stringify(value ?? null),
    ),
  ) as Partial<T>;
}
