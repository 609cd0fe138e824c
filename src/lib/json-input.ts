/**
 * How every JSON document a client sends is read (request bodies and NDJSON lines alike): bytes
 * that are not UTF-8, text that is not JSON, nesting deeper than JSON_MAX_DEPTH, prototype
 * poisoning and strings that are not Unicode text (lone surrogates) are refused, each named by
 * its path. Nothing here recurses over the input, so no document can overflow the stack.
 */

/** Arrays and objects nested deeper than this are refused (a bundle needs 4, ClaimReview ~8). */
export const JSON_MAX_DEPTH = 64;

declare global {
  interface String {
    /** ES2024: false when the string holds a lone surrogate. */
    isWellFormed(): boolean;
  }
}

export type JsonFault = {
  /** `syntax`: not JSON, too deep, or poisoned; `unicode`: a key or string is not text. */
  kind: 'syntax' | 'unicode';
  /** Where, from the root the caller named (`body`, `lines.12`): `body.quotes.0.exact`. */
  path: string;
  message: string;
};

export type JsonRead = { ok: true; value: unknown } | { ok: false; fault: JsonFault };

/** UTF-8 bytes as text, or null when they are not UTF-8 (no silent U+FFFD). A BOM is dropped. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof TypeError) return null;
    throw error;
  }
}

/** Parses JSON text and checks what it holds; `root` names the document in faults. */
export function parseJsonInput(text: string, root: string): JsonRead {
  // Counted on the text, before parsing: a deep document is never built.
  if (nestsDeeperThan(text, JSON_MAX_DEPTH)) {
    return fault('syntax', root, `nests arrays and objects deeper than ${JSON_MAX_DEPTH} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fault('syntax', root, `is not JSON: ${(error as Error).message}`);
  }
  return checkJsonValue(value, root);
}

function fault(kind: JsonFault['kind'], path: string, message: string): JsonRead {
  return { ok: false, fault: { kind, path, message } };
}

/** Whether brackets outside strings nest deeper than `max`: one pass over the text. */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      if (++depth > max) return true;
    } else if (code === 0x5d || code === 0x7d) depth--;
  }
  return false;
}

type Container = Record<string, unknown> | unknown[];
type Visit = { node: Container; parent: Visit | null; key: string };

const pathOf = (visit: Visit | null, key?: string): string => {
  const parts = key === undefined ? [] : [key];
  for (let at = visit; at; at = at.parent) parts.push(at.key);
  return parts.reverse().join('.');
};

const isContainer = (value: unknown): value is Container =>
  typeof value === 'object' && value !== null;

/**
 * Walks a parsed document with a stack of its own: every key and string must be text the record
 * can keep (`isStorableText`: SQLite would store a lone surrogate as invalid UTF-8 and read it
 * back as U+FFFD; PostgreSQL refuses a NUL), and
 * as secure-json-parse does (fastify's default), `__proto__` and `constructor.prototype` are
 * refused so that no later merge can reach a prototype.
 */
export function checkJsonValue(value: unknown, root: string): JsonRead {
  if (typeof value === 'string' && !isStorableText(value)) return notText(root);
  if (!isContainer(value)) return { ok: true, value };
  const stack: Visit[] = [{ node: value, parent: null, key: root }];
  for (let visit = stack.pop(); visit; visit = stack.pop()) {
    const { node } = visit;
    if (!Array.isArray(node)) {
      if (Object.hasOwn(node, '__proto__') || hasConstructorPrototype(node)) {
        return fault('syntax', pathOf(visit), 'holds a forbidden prototype property');
      }
    }
    if (Array.isArray(node)) {
      // By index: a list of millions of items must not become millions of [key, value] pairs.
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        if (typeof child === 'string') {
          if (!isStorableText(child)) return notText(pathOf(visit, String(i)));
        } else if (isContainer(child)) {
          stack.push({ node: child, parent: visit, key: String(i) });
        }
      }
      continue;
    }
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      const child = node[key];
      if (!isStorableText(key)) return notText(pathOf(visit), 'has a key that is');
      if (typeof child === 'string') {
        if (!isStorableText(child)) return notText(pathOf(visit, key));
      } else if (isContainer(child)) {
        stack.push({ node: child, parent: visit, key });
      }
    }
  }
  return { ok: true, value };
}

function hasConstructorPrototype(node: Record<string, unknown>): boolean {
  if (!Object.hasOwn(node, 'constructor')) return false;
  const ctor = node.constructor;
  return isContainer(ctor) && Object.hasOwn(ctor, 'prototype');
}

/**
 * Text the record can keep on either engine and hand back as it came: well-formed Unicode, and
 * no NUL character (PostgreSQL's text cannot hold one; SQLite's would, so a record could not
 * move between them).
 */
export function isStorableText(text: string): boolean {
  return text.isWellFormed() && !text.includes('\u0000');
}

const NOT_TEXT =
  'not text the record can keep (it holds a lone surrogate, e.g. \\ud800, or a NUL character, \\u0000)';

function notText(path: string, subject = 'is'): JsonRead {
  return fault('unicode', path, `${subject} ${NOT_TEXT}`);
}
