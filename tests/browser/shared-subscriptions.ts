// The subscription specification both browsers are checked against (tests/browser/subscriptions.test.ts
// in Chromium, tests/browser-firefox/workspace.test.ts in Firefox): the publisher the page server
// plays (a list with an ETag, answering 304, 200 and then garbage), the news article, and the
// background's subscription hooks (lib/sync/subscription-hooks.ts).

import type { IncomingMessage } from 'node:http';
import type { GlossaryEntry, GlossaryList } from '../../lib/glossary/model';
import type { HookUpdateResult } from '../../lib/sync/subscription-hooks';
import type { RouteAnswer } from './page-server.mjs';

export interface PublishedEntry {
  id: string;
  term: string;
  en: string[];
}

/** What the publisher serves first (version 1). */
export const FIRST_ENTRIES: PublishedEntry[] = [
  { id: 'low-altitude', term: '低空经济', en: ['low-altitude economy'] },
  { id: 'patient-capital', term: '耐心资本', en: ['patient capital'] },
  { id: 'compute-voucher', term: '算力券', en: ['computing-power vouchers'] },
];

/** Version 2: adds 银发经济, drops 算力券 (not edited) and renames 低空经济's English. */
export const SECOND_ENTRIES: PublishedEntry[] = [
  { id: 'low-altitude', term: '低空经济', en: ['low-altitude economy (revised)'] },
  { id: 'patient-capital', term: '耐心资本', en: ['patient capital'] },
  { id: 'silver', term: '银发经济', en: ['silver economy'] },
];

/** The reader's override of 耐心资本: a variant that is on the page, and a definition. */
export const READER_OVERRIDE = { variants: ['长期资本'], definition: '读者自己的释义' };

/** The edit of 低空经济 that the reader made in another browser, as its sync record carries it: a variant on the page. */
export const OTHER_BROWSER_EDIT = { variants: ['上云用数'], definition: '另一台浏览器写的释义' };

/** The sync record (`o.<entryId>`, lib/sync/sync-records.ts) another browser writes for an override, stamped a second from now. */
export function otherBrowserRecord(entryId: string, listId: string, mine: Record<string, unknown>): Record<string, unknown> {
  return { entryId, listId, changed: Object.keys(mine), mine, updatedAt: Date.now() + 1_000 };
}

// Browsers send a preflight for If-None-Match, and read ETag only when it is exposed: the
// headers a CDN sends for a public list (a reader who grants host access needs none of them).
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'if-none-match, if-modified-since',
  'access-control-expose-headers': 'etag',
};

/**
 * A publisher of one list: `published` is what it serves (its version is the ETag; `garbage`
 * makes it serve a truncated file), `statuses` every status it answered, `serveList` the route.
 */
export function createListPublisher() {
  const published = { version: 1, garbage: false, entries: [...FIRST_ENTRIES] };
  const statuses: number[] = [];
  function serveList(req: IncomingMessage): RouteAnswer {
    if (req.method === 'OPTIONS') return { status: 204, headers: CORS };
    const etag = `"v${published.version}"`;
    const answer = (status: number, body?: string): RouteAnswer => {
      statuses.push(status);
      return { status, headers: { ...CORS, etag, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' }, body };
    };
    if (req.headers['if-none-match'] === etag) return answer(304);
    if (published.garbage) return answer(200, '{"format": "termlens", "version": 1, "lists": [{"name": "政策新词", "entries": [{"term": ');
    return answer(
      200,
      JSON.stringify({
        format: 'termlens',
        version: 1,
        lists: [
          {
            name: '政策新词（编辑部）',
            revision: String(published.version),
            entries: published.entries.map((e) => ({ id: e.id, term: e.term, lang: 'zh-Hans', translations: { en: e.en }, definition: `${e.term}的释义` })),
          },
        ],
      }),
    );
  }
  return { published, statuses, serveList };
}

export const SUBSCRIPTION_ARTICLE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>新闻</title></head><body>
<article>
<p>各地加快发展低空经济，培育壮大耐心资本。</p>
<p>长期资本进入科技创新领域，银发经济持续升温。</p>
<p>多地发放算力券，支持中小企业上云用数。</p>
</article></body></html>`;

/** The background's subscription hooks (`termlensBackground.subscriptions`), as the options page's panel calls them. */
export type SubscriptionHooks = {
  subscribe(url: string): Promise<GlossaryList | { code: string; message: string }>;
  update(listId: string): Promise<HookUpdateResult>;
  list(listId: string): Promise<GlossaryList | undefined>;
  entries(listId: string): Promise<GlossaryEntry[]>;
  edit(entryId: string, patch: Partial<GlossaryEntry>): Promise<GlossaryEntry>;
};

