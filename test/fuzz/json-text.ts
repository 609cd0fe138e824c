/**
 * Request bodies as the fuzzer builds them: JSON values that may hold fragments of raw JSON text
 * (a 50,000-deep nesting, `1e400`, `-0`) that no JS value can carry or `JSON.stringify` can write
 * without overflowing the fuzzer's own stack.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** `[[[…]]]` or `{"a":{"a":…}}`, `depth` levels deep, as text. */
export function deepJson(depth: number, kind: 'array' | 'object'): RawJson {
  return kind === 'array'
    ? new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`)
    : new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

/** JSON text of a value, raw fragments written as they are; lone surrogates escaped as JSON allows. */
export function toJson(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    // Own keys only, `__proto__` included: it is sent as a plain member name.
    const members = Object.keys(value).map(
      (key) => `${JSON.stringify(key)}:${toJson((value as Record<string, unknown>)[key])}`,
    );
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Sets a member as an own property, even one named `__proto__`, so that it is sent as data. */
export function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** A copy of a JSON-like tree (raw fragments shared), so a mutation never touches the original. */
export function cloneTree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneTree);
  if (value !== null && typeof value === 'object' && !(value instanceof RawJson)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      setMember(copy, key, cloneTree((value as Record<string, unknown>)[key]));
    }
    return copy;
  }
  return value;
}

/** The containers of a tree (objects and arrays), each with the path that leads to it. */
export function containers(value: unknown, path: (string | number)[] = []): ContainerAt[] {
  if (value instanceof RawJson || value === null || typeof value !== 'object') return [];
  const here: ContainerAt = { path, node: value as Record<string, unknown> | unknown[] };
  const children = Array.isArray(value)
    ? value.flatMap((child, index) => containers(child, [...path, index]))
    : Object.keys(value).flatMap((key) =>
        containers((value as Record<string, unknown>)[key], [...path, key]),
      );
  return [here, ...children];
}

export type ContainerAt = {
  path: (string | number)[];
  node: Record<string, unknown> | unknown[];
};
