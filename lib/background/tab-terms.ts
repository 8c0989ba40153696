/**
 * The toolbar badge's count: the entries found in a tab, over all its frames (docs/architecture.md,
 * "A page's terms over its frames"). Each frame's page script tells the background which entries it
 * holds when their count changes (`page-stats`); an entry found in two frames counts once.
 *
 * Kept in `storage.session`, which content scripts cannot read and which outlives the service
 * worker's restarts: a frame that reports after a restart must not make the badge forget the others.
 *
 * A frame that leaves is not heard of, so frames are forgotten by time: the top frame's reports
 * carry when its document started (`performance.timeOrigin`; or when the browser brought it back
 * from its back/forward cache, which counts as a new document here), and a new top document drops
 * every frame that reported before it started. Frames of the new document mostly report after it
 * started, even those that report before the top frame does. Not always: a document brought back
 * from the back/forward cache in Firefox fires `pageshow` in its frames first, a millisecond or two
 * before its top frame's, so a frame's report may reach the background before the time the top frame
 * tells. A report that drops frames therefore says so (`dropped`), and the background asks the
 * tab's frames to tell their entries again (background.ts, `report-page-stats`).
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { openTabIds } from '../browser/tabs';

/** What the background keeps of a tab. */
export interface TabTerms {
  /** When the top frame's document started (ms since the epoch); 0 before the top frame reported. */
  documentStart: number;
  /** By frame id: when it last reported (ms since the epoch), and the entries it holds. */
  frames: Record<string, { at: number; entryIds: string[] }>;
}

/** A frame's report. */
export interface FrameReport {
  frameId: number;
  entryIds: readonly string[];
  /** The top frame's document start; only the top frame (frame 0) sends it. */
  documentStart?: number;
  /** When the background received it (ms since the epoch). */
  at: number;
}

/** The tab's state after a frame's report (a new object; `tab` is left as it was). */
export function withFrameReport(tab: TabTerms | null, report: FrameReport): TabTerms {
  // A late report of the top frame's document before (sent as the tab left it) changes nothing.
  if (tab && report.documentStart !== undefined && report.documentStart < tab.documentStart) return tab;
  let documentStart = tab?.documentStart ?? 0;
  let frames = { ...(tab?.frames ?? {}) };
  if (report.documentStart !== undefined && report.documentStart !== documentStart) {
    documentStart = report.documentStart;
    frames = Object.fromEntries(Object.entries(frames).filter(([, frame]) => frame.at >= report.documentStart!));
  }
  if (report.entryIds.length > 0) frames[String(report.frameId)] = { at: report.at, entryIds: [...report.entryIds] };
  else delete frames[String(report.frameId)];
  return { documentStart, frames };
}

/** What a report did: the tab's count of distinct entries, and how many frames it dropped. */
export interface ReportOutcome {
  distinct: number;
  dropped: number;
}

/** How many distinct entries the tab's frames hold. */
export function distinctEntries(tab: TabTerms): number {
  const frames = Object.values(tab.frames);
  if (frames.length === 1) return frames[0]!.entryIds.length;
  const ids = new Set<string>();
  for (const frame of frames) for (const id of frame.entryIds) ids.add(id);
  return ids.size;
}

const KEY_PREFIX = 'tab-terms:';
const keyOf = (tabId: number) => `session:${KEY_PREFIX}${tabId}` as const;

/**
 * The tabs' terms in `storage.session`. Reports are applied one after another: two frames that
 * report at once must not each read the state without the other's.
 *
 * Closed tabs are forgotten when a top frame tells of a new document, by asking which tabs are
 * open: a `tabs.onRemoved` listener would wake the background at every tab the reader closes.
 */
export class TabTermsStore {
  readonly #openTabs: () => Promise<number[]>;
  #queue: Promise<unknown> = Promise.resolve();

  /** `openTabs`: the ids of the open tabs (a parameter so that a test can pass its own). */
  constructor(openTabs: () => Promise<number[]> = openTabIds) {
    this.#openTabs = openTabs;
  }

  /** Applies a frame's report; resolves with the tab's count of distinct entries, and the frames it dropped. */
  report(tabId: number, report: FrameReport): Promise<ReportOutcome> {
    const next = this.#queue.then(async () => {
      const before = await storage.getItem<TabTerms>(keyOf(tabId));
      const tab = withFrameReport(before, report);
      await storage.setItem<TabTerms>(keyOf(tabId), tab);
      let dropped = 0;
      if (tab.documentStart !== (before?.documentStart ?? 0)) {
        const kept = new Set(Object.keys(tab.frames));
        dropped = Object.keys(before?.frames ?? {}).filter((id) => !kept.has(id) && id !== String(report.frameId)).length;
        await this.#forgetClosedTabs();
      }
      return { distinct: distinctEntries(tab), dropped };
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #forgetClosedTabs(): Promise<void> {
    const open = new Set((await this.#openTabs()).map((id) => `${KEY_PREFIX}${id}`));
    const kept = await browser.storage.session.get(null);
    const closed = Object.keys(kept).filter((key) => key.startsWith(KEY_PREFIX) && !open.has(key));
    if (closed.length > 0) await browser.storage.session.remove(closed);
  }
}

/** What the background does with a report's outcome (parameters so that a test can pass its own). */
export interface BadgeEffects {
  setBadge(tabId: number, distinct: number): Promise<void>;
  /** Asks every frame of the tab to tell its entries again (`report-page-stats`). */
  askFrames(tabId: number): Promise<void>;
}

/**
 * Applies a frame's report and sets the tab's badge. A report that dropped frames may have dropped
 * one of its own document's, which reported before the top frame's time (see the top of this file):
 * the tab's frames are asked to tell their entries again, and whichever of them still hold some
 * report after the new time. When storage.session refuses, the badge shows the frame's own count:
 * better than none.
 */
export async function applyFrameReport(store: TabTermsStore, tabId: number, report: FrameReport, effects: BadgeEffects): Promise<void> {
  const outcome = await store.report(tabId, report).catch(() => ({ distinct: report.entryIds.length, dropped: 0 }));
  await effects.setBadge(tabId, outcome.distinct);
  if (outcome.dropped > 0) await effects.askFrames(tabId);
}
