import { escape as escapeHtml } from 'he';

/** Markup made by `html` (or vouched for by `trusted`): inserted into other markup as it is. */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

type Part = Html | string | number | null | undefined | readonly Part[];

/**
 * Markup from a template in which every interpolated string is HTML-escaped (`& < > " ' \``,
 * safe in text and in quoted attribute values alike), so that no stored text can become markup.
 * Other `Html` is inserted as it is; lists are joined; null and undefined are left out.
 */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let markup = strings[0] ?? '';
  values.forEach((value, i) => {
    markup += partMarkup(value) + (strings[i + 1] ?? '');
  });
  return new Html(markup);
}

/** Markup that is already safe (a style sheet of the code's own, script-safe JSON). */
export function trusted(markup: string): Html {
  return new Html(markup);
}

function partMarkup(part: Part): string {
  if (part === null || part === undefined) return '';
  if (part instanceof Html) return part.markup;
  if (Array.isArray(part)) return part.map(partMarkup).join('');
  return escapeHtml(String(part));
}
