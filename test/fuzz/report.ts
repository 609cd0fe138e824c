import type { Breach } from './oracle.js';
import type { Exchange } from './send.js';

export type Failure = { operation: string; labels: string[]; exchange: Exchange; breach: Breach };

export type OperationStats = { operation: string; requests: number; statuses: Map<number, number> };

/** Failures grouped by cause: operation, what was wrong, and the problem type or thrown error. */
export function classify(failures: Failure[]): Map<string, Failure[]> {
  const classes = new Map<string, Failure[]>();
  for (const failure of failures) {
    const key = [failure.operation, failure.breach.reason, causeOf(failure.exchange)]
      .filter(Boolean)
      .join(' · ');
    classes.set(key, [...(classes.get(key) ?? []), failure]);
  }
  return classes;
}

/** One paragraph per class: how often, from which input shapes, and its smallest request. */
export function formatFailures(failures: Failure[]): string {
  const classes = [...classify(failures)].sort((a, b) => b[1].length - a[1].length);
  const lines = [`${failures.length} failing answers in ${classes.length} classes:`];
  classes.forEach(([key, members], index) => {
    const smallest = members.reduce((best, f) => (size(f) < size(best) ? f : best));
    const shapes = tally(members.flatMap((f) => f.labels))
      .slice(0, 6)
      .map(([label, n]) => `${label} ×${n}`)
      .join(', ');
    lines.push(
      '',
      `[${index + 1}] ${key}  (×${members.length})`,
      `    shapes: ${shapes}`,
      ...formatExchange(smallest).map((line) => `    ${line}`),
    );
    if (smallest.breach.detail) lines.push(`    why: ${clip(smallest.breach.detail, 300)}`);
  });
  return lines.join('\n');
}

export function formatStats(stats: OperationStats[]): string {
  const width = Math.max(...stats.map((s) => s.operation.length));
  return stats
    .map((s) => {
      const statuses = [...s.statuses]
        .sort((a, b) => a[0] - b[0])
        .map(([status, n]) => `${status}×${n}`)
        .join(' ');
      return `${s.operation.padEnd(width)}  ${String(s.requests).padStart(5)}  ${statuses}`;
    })
    .join('\n');
}

export function formatExchange({ exchange }: Failure): string[] {
  const { request, answer } = exchange;
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `${name}: ${clip(value, 80)}`)
    .join('; ');
  const body = request.body;
  const lines = [`${request.method} ${clip(request.url, 300)}`];
  if (headers) lines.push(`  ${headers}`);
  if (body !== null) {
    const text = typeof body === 'string' ? body : body.toString('latin1');
    const kind = typeof body === 'string' ? '' : ', raw bytes shown as latin1';
    lines.push(`  body (${Buffer.byteLength(body)} bytes${kind}): ${clip(text, 300)}`);
  }
  lines.push(
    `→ ${answer.status} ${String(answer.headers['content-type'] ?? '(no content type)')} ${clip(answer.body, 400)}`,
  );
  if (exchange.thrown) lines.push(`  thrown: ${exchange.thrown}`);
  return lines;
}

function causeOf(exchange: Exchange): string {
  if (exchange.thrown && exchange.answer.status >= 500) {
    return exchange.thrown
      .replace(/\(.*\)$/, '')
      .replace(/\d+/g, '#')
      .slice(0, 120);
  }
  try {
    const type = (JSON.parse(exchange.answer.body) as { type?: unknown }).type;
    return typeof type === 'string' ? type : '';
  } catch {
    return '';
  }
}

function size(f: Failure): number {
  return f.exchange.request.url.length + (f.exchange.request.body?.length ?? 0);
}

function tally(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** Cut to a length, with invisible and lone-surrogate characters written as escapes. */
export function clip(text: string, max: number): string {
  const cut = text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
  let shown = '';
  for (const char of cut) {
    const code = char.codePointAt(0) ?? 0;
    const invisible =
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      (code >= 0xd800 && code <= 0xdfff) || // a lone surrogate: paired ones come as one char
      [0x2028, 0x2029, 0x202e, 0xfeff].includes(code);
    shown += invisible ? `\\u${code.toString(16).padStart(4, '0')}` : char;
  }
  return shown;
}
