import { HtmlValidate } from 'html-validate';
import { type DefaultTreeAdapterMap, parse } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** What a browser Firefox or Chrome sends when it follows a link. */
export const BROWSER_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  // It measures the title as written, entities and all: a title of escaped `<` is not longer.
  rules: { 'long-title': 'off' },
});

/** The errors an HTML5 validator finds in a page, as `line:column rule message` lines. */
export async function htmlErrors(page: string): Promise<string[]> {
  const report = await validator.validateString(page);
  return report.results.flatMap((result) =>
    result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`),
  );
}

/** A page as a browser builds its DOM (parse5 follows the HTML standard's parsing rules). */
export type ParsedPage = {
  /** Every element's tag name, in document order. */
  tags: string[];
  /** The number of comment nodes. */
  comments: number;
  /** The text of the body, as a reader sees it (before styling). */
  text: string;
  /** Each `<script>` as its type and text. */
  scripts: { type: string | undefined; text: string }[];
  /** Each element's attributes, for links. */
  elements: Element[];
};

export function parsePage(page: string): ParsedPage {
  const document = parse(page);
  const parsed: ParsedPage = { tags: [], comments: 0, text: '', scripts: [], elements: [] };
  const visit = (node: Node, inBody: boolean): void => {
    if (node.nodeName === '#comment') parsed.comments++;
    if (node.nodeName === '#text' && inBody && 'value' in node) parsed.text += node.value;
    if ('tagName' in node) {
      parsed.tags.push(node.tagName);
      parsed.elements.push(node);
      if (node.tagName === 'script') {
        parsed.scripts.push({
          type: node.attrs.find((a) => a.name === 'type')?.value,
          text: node.childNodes.map((c) => ('value' in c ? c.value : '')).join(''),
        });
      }
    }
    const children = 'childNodes' in node ? node.childNodes : [];
    for (const child of children) visit(child, inBody || node.nodeName === 'body');
  };
  visit(document, false);
  return parsed;
}

/** The JSON-LD a page embeds, parsed; undefined when it has none. */
export function jsonLdOf(page: ParsedPage): unknown {
  const script = page.scripts.find((s) => s.type === 'application/ld+json');
  return script === undefined ? undefined : JSON.parse(script.text);
}
