// Reads TermLens's entry card from a page. The card lives in a CLOSED shadow root, which page
// scripts cannot reach (that is the point) and Playwright's locators do not pierce (they pierce
// open roots only). The DevTools protocol can: DOM.getDocument with `pierce: true` lists closed
// shadow roots too, DOM.resolveNode gives a handle on one, and Runtime.callFunctionOn reads it.

import type { CDPSession, Page } from 'playwright-core';
import { termRectsInPage, type Box } from './shared-card';

/** The tag of TermLens's UI host (lib/content/card-host.ts, CARD_HOST_TAG). */
export const CARD_HOST_TAG = 'termlens-card';

export interface CardReading {
  /** The host exists and its shadow root is closed (null when there is no host). */
  closedRoot: boolean;
  /** The card's popover is showing. */
  open: boolean;
  term: string;
  termLang: string | null;
  variants: string;
  renderings: string[];
  definition: string;
  tags: string[];
  source: { text: string; href: string | null; target: string | null; rel: string | null } | null;
  list: string;
  /** Every element inside the card, by tag: a test checks that glossary text made no <img>. */
  elementTags: string[];
  /** The card's box in the viewport. */
  rect: { left: number; top: number; right: number; bottom: number } | null;
  role: string | null;
  /** The live region's text (what a screen reader is told). */
  live: string;
  /** The notice at the bottom of the viewport, when shown. */
  notice: string | null;
}

interface DomNode {
  nodeName: string;
  localName?: string;
  backendNodeId: number;
  children?: DomNode[];
  shadowRoots?: (DomNode & { shadowRootType?: string })[];
}

function findHost(node: DomNode): DomNode | null {
  if (node.localName === CARD_HOST_TAG) return node;
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    const found = findHost(child);
    if (found) return found;
  }
  return null;
}

/** Runs in the page, with `this` the card's shadow root. */
function readShadowRoot(this: ShadowRoot) {
  const q = (selector: string) => this.querySelector(selector);
  const text = (selector: string) => q(selector)?.textContent?.trim() ?? '';
  const popover = q('.tl-card-popover');
  const card = q('[data-testid="entry-card"]');
  const open = Boolean(popover && card && (popover.matches(':popover-open') || !(popover as HTMLElement).hidden));
  const link = q('[data-testid="card-source"] a');
  const rect = card?.getBoundingClientRect();
  const notice = q('.tl-notice') as HTMLElement | null;
  return {
    open,
    term: text('[data-testid="card-term"]'),
    termLang: q('[data-testid="card-term"]')?.getAttribute('lang') ?? null,
    variants: text('[data-testid="card-variants"]'),
    renderings: Array.from(this.querySelectorAll('.tl-card-rendering')).map((e) => e.textContent ?? ''),
    definition: text('[data-testid="card-definition"]'),
    tags: Array.from(this.querySelectorAll('[data-testid="card-tags"] li')).map((e) => e.textContent ?? ''),
    source: q('[data-testid="card-source"]')
      ? {
          text: text('[data-testid="card-source"]'),
          href: link?.getAttribute('href') ?? null,
          target: link?.getAttribute('target') ?? null,
          rel: link?.getAttribute('rel') ?? null,
        }
      : null,
    list: text('[data-testid="card-list"]'),
    elementTags: card ? Array.from(card.querySelectorAll('*')).map((e) => e.localName) : [],
    rect: rect ? { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom } : null,
    role: card?.getAttribute('role') ?? null,
    live: text('[role="status"]'),
    notice: notice && !notice.hidden ? (notice.textContent ?? '') : null,
  };
}

/** The card as the reader sees it, or null when the page has no TermLens UI host (no card opened yet). */
export async function readCard(page: Page): Promise<CardReading | null> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  try {
    return await readCardWith(cdp);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** readCard through an open DevTools session (the waits below poll through one session). */
async function readCardWith(cdp: CDPSession): Promise<CardReading | null> {
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const host = findHost(root);
  const shadow = host?.shadowRoots?.[0];
  if (!host || !shadow) return null;
  const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
  if (!object.objectId) return null;
  const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', {
    objectId: object.objectId,
    functionDeclaration: readShadowRoot.toString(),
    returnByValue: true,
  });
  if (exceptionDetails) throw new Error(`reading the card failed: ${exceptionDetails.text}`);
  return { closedRoot: shadow.shadowRootType === 'closed', ...(result.value as Omit<CardReading, 'closedRoot'>) };
}

/** Runs `poll` with a DevTools session on `page` that lives as long as the wait. */
async function withSession<T>(page: Page, poll: (cdp: CDPSession) => Promise<T>): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    return await poll(cdp);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** How often the waits below read the card: a reading is a few DevTools calls. */
const POLL_MS = 50;

/** Polls until the card is open (and, if given, shows `term`); returns the reading. */
export async function waitForCard(page: Page, term?: string, timeout = 5_000): Promise<CardReading> {
  const deadline = Date.now() + timeout;
  return withSession(page, async (cdp) => {
    let reading = await readCardWith(cdp);
    while (!(reading?.open && (term === undefined || reading.term === term))) {
      if (Date.now() > deadline) {
        throw new Error(`No open card${term ? ` for ${term}` : ''} within ${timeout} ms; last seen: ${JSON.stringify(reading)}`);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
      reading = await readCardWith(cdp);
    }
    return reading;
  });
}

/** Polls until no card is open. */
export async function waitForNoCard(page: Page, timeout = 5_000): Promise<void> {
  const deadline = Date.now() + timeout;
  await withSession(page, async (cdp) => {
    for (;;) {
      const reading = await readCardWith(cdp);
      if (!reading?.open) return;
      if (Date.now() > deadline) throw new Error(`The card of ${reading.term} is still open after ${timeout} ms`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  });
}

/** The viewport boxes of the highlighted occurrences of `term` (termRectsInPage), in document order. */
export function termRects(page: Page, term: string): Promise<Box[]> {
  return page.evaluate(termRectsInPage, term);
}
