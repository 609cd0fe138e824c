/** Markdown tables and number formats for `npm run bench:api`. */

/** `1 k`, `100 k`, `1 M`: how a record's size is named in column headers. */
export function sizeLabel(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000} M`;
  if (n >= 1000 && n % 1000 === 0) return `${n / 1000} k`;
  return n.toLocaleString('en');
}

/** Milliseconds with about three significant digits. */
export function ms(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  if (value < 1) return value.toFixed(2);
  if (value < 10) return value.toFixed(1);
  return Math.round(value).toLocaleString('en');
}

export function rate(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  return value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en');
}

export function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !(b > 0) || Number.isNaN(a)) return '—';
  const r = a / b;
  return `${r < 10 ? r.toFixed(2) : Math.round(r).toLocaleString('en')}×`;
}

export function mb(value: number): string {
  return `${Math.round(value).toLocaleString('en')} MB`;
}

/** A body's size: bytes below a kilobyte, else kB with about two significant digits. */
export function kb(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const k = bytes / 1000;
  return `${k < 10 ? k.toFixed(1) : Math.round(k).toLocaleString('en')} kB`;
}

export function seconds(msValue: number): string {
  return `${(msValue / 1000).toFixed(1)} s`;
}

/** A markdown table, columns padded; the first column left-aligned, the others right. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, c) =>
    Math.max(header.length, ...rows.map((row) => (row[c] ?? '').length), 3),
  );
  const line = (cells: string[]) =>
    `| ${cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join(' | ')} |`;
  const rule = `| ${widths.map((w, c) => (c === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
