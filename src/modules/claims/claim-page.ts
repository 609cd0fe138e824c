import type { FastifyReply } from 'fastify';
import { versioned } from '../../http/etag.js';
import { type Html, html, trusted } from '../../lib/html.js';
import { scriptSafeJson } from '../../lib/script-safe-json.js';
import type { ClaimStatus, EvidenceStance } from '../../lib/vocabulary.js';
import type { Evidence } from '../evidence/evidence.schemas.js';
import type { ClaimPageData } from './claim-page.data.js';
import { CLAIM_PAGE_CSP, CLAIM_PAGE_CSS } from './claim-page.style.js';
import type { Claim, LinkedClaim, StatusChange } from './claims.schemas.js';

/**
 * A claim as a reader's browser shows it, where a published ClaimReview's `url` leads: plain
 * HTML that runs no script, every stored text escaped, the ClaimReview embedded as JSON-LD.
 */
export function sendClaimPage(reply: FastifyReply, data: ClaimPageData): FastifyReply {
  // The same ETag scheme as the JSON: its digest covers these bytes, so the two never match.
  versioned(reply, data.claim);
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', CLAIM_PAGE_CSP)
    .send(renderClaimPage(data));
}

export function renderClaimPage(data: ClaimPageData): string {
  const { claim, review } = data;
  const self = `./${encodeURIComponent(claim.slug)}`;
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${titleOf(claim)}</title>
${review ? html`<link rel="canonical" href="${review.url}">` : null}
<style>${trusted(CLAIM_PAGE_CSS)}</style>
${review ? html`<script type="application/ld+json">${trusted(scriptSafeJson(review))}</script>` : null}
</head>
<body>
<header><p class="meta">${data.publisherName} · claim and evidence record</p></header>
<main>
<article>
<h1 lang="${claim.language}">${claim.text}</h1>
<p class="meta">${claimedBy(data)}${claim.statedAt ? html`, ${claim.statedAt}` : null}${claim.tags.length > 0 ? html` · tags: ${claim.tags.join(', ')}` : null}</p>
${claim.attribution === 'inferred' ? html`<p class="meta">Claimant inferred by the record${claim.attributionNote ? html`: ${claim.attributionNote}` : null}</p>` : null}
${claim.statedAtNote ? html`<p class="meta">Date: ${claim.statedAtNote}</p>` : null}
<section>
<h2>Status</h2>
<p><span class="status status-${claim.status}">${STATUS_LABELS[claim.status]}</span>${review ? html` <span class="meta">(published rating: ${review.reviewRating.alternateName})</span>` : null}</p>
${claim.statusNote ? html`<p class="note">${claim.statusNote}</p>` : null}
</section>
${quotesSection(data)}
${linksSection(claim)}
${evidenceSection(data)}
${historySection(data)}
</article>
</main>
<footer class="meta"><p>This claim as data: <a href="${self}/claimreview">ClaimReview (JSON-LD)</a> · <a href="${self}/evidence">evidence</a> · <a href="${self}/history">status history</a> (JSON).</p></footer>
</body>
</html>
`.markup;
}

const STATUS_LABELS: Record<ClaimStatus, string> = {
  unverified: 'Unverified',
  unsubstantiated: 'Unsubstantiated',
  disputed: 'Disputed',
  supported: 'Supported',
  refuted: 'Refuted',
  misleading: 'Misleading',
  not_checkable: 'Not checkable',
};

const STANCE_LABELS: Record<EvidenceStance, string> = {
  supports: 'Supports the claim',
  refutes: 'Refutes the claim',
  context: 'Context',
};

/** Search results and tabs show about 60 characters of a title. */
function titleOf(claim: Claim): string {
  const title = `${STATUS_LABELS[claim.status]}: ${claim.text.replace(/\s+/g, ' ').trim()}`;
  return title.length <= 65 ? title : `${title.slice(0, 64).trimEnd()}…`;
}

/**
 * Who made the claim; with no author named, the sources whose own statement it is, or (a reviewed
 * claim quoting none) the review that names no one.
 */
function claimedBy({ claim, sourceUrls }: ClaimPageData): Html {
  if (claim.claimant) return html`Claimed by ${actorName(claim.claimant)}`;
  const sources = [
    ...new Map(claim.quotes.map((quote) => [quote.source.id, quote.source])).values(),
  ];
  if (sources.length === 0) {
    return html`No author named in ${claim.review?.publisher ?? 'the fact-checker'}’s review`;
  }
  return html`Stated by ${sources.map((source, i) => html`${i > 0 ? ', ' : null}${sourceName(source, sourceUrls)}`)}, no author named`;
}

function actorName(actor: { name: string; kind: string }): Html {
  return html`<strong>${actor.name}</strong> (${actor.kind === 'person' ? 'person' : 'organisation'})`;
}

type SourceShown = { id: string; kind: string; title: string | null; description: string | null };

/** A source by its title (or what it is), linked to where it is published when that is the web. */
function sourceName(source: SourceShown, urls: Map<string, string>): Html {
  const name = source.title ?? source.description ?? source.kind;
  const url = urls.get(source.id);
  // Only web addresses become links: a stored `javascript:` URL stays text.
  return url !== undefined && /^https?:\/\//i.test(url)
    ? html`<a href="${url}" rel="noreferrer">${name}</a> <span class="meta">(${source.kind.replace('_', ' ')})</span>`
    : html`${name} <span class="meta">(${source.kind.replace('_', ' ')})</span>`;
}

function quotesSection({ claim, sourceUrls }: ClaimPageData): Html | null {
  if (claim.quotes.length === 0) return null;
  const items = claim.quotes.map(
    (quote) => html`<li>
<blockquote>${quote.exact}</blockquote>
<p class="meta">In ${sourceName(quote.source, sourceUrls)}${quote.originalSource ? html`; first said in ${sourceName(quote.originalSource, sourceUrls)}` : null}${quote.speaker ? html`; spoken by ${quote.speaker.name}` : null}${quote.wording === 'paraphrase' ? html`; the source’s words, not the speaker’s` : null}</p>
</li>`,
  );
  return html`<section>
<h2>Where it was said</h2>
<ol>${items}</ol>
</section>`;
}

function linksSection(claim: Claim): Html | null {
  const lists: [string, LinkedClaim[], number][] = [
    ['Claims that rebut it', claim.rebuttedBy, claim.rebuttalCount],
    ['Claims that support it', claim.supportedBy, claim.supporterCount],
    ['Claims it rebuts', claim.rebuts, claim.rebutsCount],
    ['Claims it supports', claim.supports, claim.supportsCount],
  ];
  const shown = lists.filter(([, list]) => list.length > 0);
  if (shown.length === 0) return null;
  return html`<section>
<h2>Related claims</h2>
${shown.map(
  ([heading, list, total]) => html`<h3>${heading}</h3>
<ul>${list.map(linkedClaim)}</ul>
${total > list.length ? html`<p class="meta">${total - list.length} more in the JSON API.</p>` : null}`,
)}
</section>`;
}

function linkedClaim(linked: LinkedClaim): Html {
  return html`<li><a href="./${encodeURIComponent(linked.slug)}">${linked.text}</a> <span class="meta">— ${linked.claimant?.name ?? 'no author named'} · <span class="status status-${linked.status}">${STATUS_LABELS[linked.status]}</span></span>${linked.linkNote ? html`<p class="note">${linked.linkNote}</p>` : null}</li>`;
}

function evidenceSection({ evidence, sourceUrls }: ClaimPageData): Html | null {
  if (evidence.items.length === 0) return null;
  return html`<section>
<h2>Evidence</h2>
<ul>${evidence.items.map((item) => evidenceItem(item, sourceUrls))}</ul>
${evidence.nextCursor ? html`<p class="meta">More evidence in the JSON API.</p>` : null}
</section>`;
}

function evidenceItem(item: Evidence, urls: Map<string, string>): Html {
  const link =
    item.url !== null && /^https?:\/\//i.test(item.url)
      ? html` <a href="${item.url}" rel="noreferrer">link</a>`
      : null;
  return html`<li>
<p><strong>${STANCE_LABELS[item.stance]}:</strong> <span class="summary">${item.summary}</span></p>
${item.quote ? html`<blockquote>${item.quote.exact}</blockquote>` : null}
${item.source || link ? html`<p class="meta">${item.source ? html`Source: ${sourceName(item.source, urls)}` : null}${link}</p>` : null}
</li>`;
}

function historySection({ history }: ClaimPageData): Html | null {
  if (history.items.length === 0) return null;
  return html`<section>
<h2>Status history</h2>
<ol>${history.items.map(historyEntry)}</ol>
${history.nextCursor ? html`<p class="meta">More of the history in the JSON API.</p>` : null}
</section>`;
}

function historyEntry(entry: StatusChange): Html {
  const change = entry.previousStatus
    ? html`${STATUS_LABELS[entry.previousStatus]} → ${STATUS_LABELS[entry.status]}`
    : STATUS_LABELS[entry.status];
  return html`<li>
<p><time datetime="${entry.changedAt}">${entry.changedAt.slice(0, 16).replace('T', ' ')} UTC</time>: <strong>${change}</strong>${entry.changedBy ? html` <span class="meta">by ${entry.changedBy}</span>` : null}</p>
${entry.note ? html`<p class="note">${entry.note}</p>` : null}
</li>`;
}
