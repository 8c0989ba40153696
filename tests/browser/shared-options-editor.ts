// The options-editor specification both browsers are checked against (tests/browser/options-editor.test.ts
// in Chromium, tests/browser-firefox/workspace.test.ts and workspace-more.test.ts in Firefox): the
// news page, the terms the editor adds, and the texts it types.

// Terms that are not in the starter glossary, so only what the test adds can highlight them.
export const TERM = '低空经济';
export const VARIANT = '低空飞行经济';
/** VARIANT in Traditional characters: the same text once folded, so a duplicate of it. */
export const VARIANT_TRADITIONAL = '低空飛行經濟';
/** The entry the duplicate test tries to save with VARIANT_TRADITIONAL. */
export const DUPLICATE_TERM = '低空产业';
export const LIST_NAME = '产业术语';
export const TRANSLATION = 'low-altitude economy';
export const DEFINITION = '以低空飞行活动为牵引的综合性经济形态。';
export const EDITED_DEFINITION = '改过的释义：低空经济。';

/** TERM twice (headline and first paragraph), VARIANT once. */
export const NEWS = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>低空经济</title></head>
<body><main>
  <h1>发展低空经济</h1>
  <p>各地加快发展低空经济，培育新质生产力。</p>
  <p>业内也称之为低空飞行经济，它正在形成新的增长点。</p>
</main></body></html>`;

/** The page's highlights once the entry is saved: TERM twice, VARIANT once. */
export const SAVED_COUNTS = { [TERM]: 2, [VARIANT]: 1 } as const;

/** Issue 5: a saved change "reaches every open tab's highlights … within a second". */
export const SAVE_TO_HIGHLIGHT_MS = 1_000;

/** What the bulk test searches for: several starter entries (西部大开发 and its kin) match it. */
export const BULK_SEARCH = '西部';
/** The tag the bulk test adds to every entry found, then removes. */
export const BULK_TAG = '西部专题';

/** An entry as the bulk test reads it back from the database: its list, and whether it is in the trash. */
export interface StoredEntryPlace {
  id: string;
  listId: string;
  trashed: boolean;
}

/** Runs on an extension page: where the entries `ids` are stored (read from IndexedDB), in the order of `ids`. */
export function storedEntryPlaces(ids: readonly string[]): Promise<StoredEntryPlace[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('termlens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction('entry').objectStore('entry').getAll();
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        open.result.close();
        const byId = new Map((request.result as { id: string; listId: string; deletedAt?: number }[]).map((e) => [e.id, e]));
        resolve(ids.map((id) => ({ id, listId: byId.get(id)?.listId ?? '', trashed: byId.get(id)?.deletedAt !== undefined })));
      };
    };
  });
}

/**
 * The versions the history keeps of TERM's entry once it was created, edited (definition), trashed
 * and restored, as the tests before the history test leave it, newest last. Restoring the first
 * (the creation) brings DEFINITION back, and adds one more version.
 */
export const HISTORY_ACTIONS = ['create', 'edit', 'trash', 'restore'] as const;

/**
 * Reads a count with `read` closely (every 25 ms) from `written`, the moment a save was written,
 * until it is `expected` or `watchMs` have passed: the last count read, and the milliseconds from
 * the write to that read (what SAVE_TO_HIGHLIGHT_MS limits).
 */
export async function countAfterWrite(read: () => Promise<number>, expected: number, written: number, watchMs: number): Promise<{ count: number; elapsed: number }> {
  let count = 0;
  while (Date.now() - written < watchMs) {
    count = await read();
    if (count === expected) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  return { count, elapsed: Date.now() - written };
}

/**
 * Runs in the options page (its document given): WCAG's contrast ratio between the text colour of
 * the element `selector` finds and its own background colour (both opaque `rgb()`). Self-contained,
 * so that the Firefox suite can send its source to the page.
 */
export function textContrastIn(doc: Document, selector: string): number {
  const el = doc.querySelector(selector);
  if (!el) throw new Error(`no ${selector}`);
  const style = doc.defaultView!.getComputedStyle(el);
  const luminance = (css: string) => {
    const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [hi, lo] = [luminance(style.color), luminance(style.backgroundColor)].sort((a, b) => b - a);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** WCAG AA: text, and large text (the brand mark's 18 px bold character). */
export const MIN_TEXT_CONTRAST = 4.5;
export const MIN_LARGE_TEXT_CONTRAST = 3;

/** The options page's views, each checked for controls in the browser's default style. */
export const WORKSPACE_VIEWS = ['', '#/sharing', '#/settings', '#/trash', '#/add'] as const;

/**
 * Runs in the options page (its document given): the visible buttons and fields that still wear
 * the browser's own default style (outset buttons and inset fields with square corners), named by
 * test id or text after `where`. Self-contained, as textContrastIn.
 */
export function defaultStyledControlsIn(doc: Document, where: string): string[] {
  const controls = doc.querySelectorAll('button, select, textarea, input:not([type=checkbox]):not([type=radio]):not([type=file]):not([type=range])');
  return [...controls]
    .filter((el) => (el as HTMLElement).offsetParent !== null && !el.closest('.tl-switch'))
    .filter((el) => {
      const style = doc.defaultView!.getComputedStyle(el);
      return (style.borderTopStyle === 'outset' || style.borderTopStyle === 'inset') && style.borderTopLeftRadius === '0px';
    })
    .map((el) => `${where || '#/'} ${el.tagName.toLowerCase()} ${el.getAttribute('data-testid') ?? el.textContent?.trim()}`);
}
