/**
 * Tells the background that an extension page (or its import worker) changed the
 * glossary. The background also listens to Dexie's `storagemutated`, but only while it
 * runs: MV3 stops an idle service worker, and a stopped worker hears no
 * BroadcastChannel. A runtime message wakes it, so open tabs get the new matcher even
 * when the worker was asleep (or was stopped in the middle of an import).
 */
import Dexie from 'dexie';
import { browser } from 'wxt/browser';
import type { BackgroundRequest } from '../messages';
import { glossaryGeneration, type GlossaryDb } from './db';

/** Gathers a burst of writes (an import, a bulk edit) into one message. */
const SETTLE_MS = 100;

/**
 * When the message fails, it is sent again after these delays (ms). A background that is being
 * stopped as the message leaves refuses it (seen in Firefox, whose event page is terminated while
 * idle); the next attempt starts a new one. The message is idempotent: one too many costs a recompile
 * of an unchanged glossary, which open tabs then fetch again.
 */
export const NOTICE_RETRY_MS = [250, 1_000, 4_000] as const;

type Send = (request: BackgroundRequest) => Promise<unknown>;
const sendToBackground: Send = (r) => browser.runtime.sendMessage(r);

/**
 * Sends `request`, and again after each of NOTICE_RETRY_MS while it fails; `later`
 * schedules each retry (so that a caller can cancel the one pending).
 */
function sendWithRetries(send: Send, later: (retry: () => void, ms: number) => void, request: BackgroundRequest = { type: 'glossary-changed' }): void {
  const attempt = async (n: number): Promise<void> => {
    try {
      await send(request);
    } catch {
      const delay = NOTICE_RETRY_MS[n];
      // No background at all (a test page) ends it quietly.
      if (delay !== undefined) later(() => void attempt(n + 1), delay);
    }
  };
  void attempt(0);
}

/**
 * Sends `glossary-changed` once now, and again while it fails (NOTICE_RETRY_MS).
 * For a change this page's Dexie does not report: the import worker's writes reach the page only
 * through Dexie's BroadcastChannel, which Firefox did not deliver to the options page in the
 * browser tests (a background stopped during an import then never heard of it).
 */
export function sendGlossaryChanged(send: Send = sendToBackground): void {
  sendWithRetries(send, (retry, ms) => setTimeout(retry, ms));
}

/**
 * From now on, after every change to `db`'s tables made in any extension context that
 * this page hears of, sends `glossary-changed` to the background (again while it fails), with the
 * glossary's generation read then: a background that heard of the change itself and compiled
 * that generation already does not compile it again (GlossaryService.noticed). Call it once in
 * each extension page that writes (options, popup); not in the background itself. Returns a
 * function that stops it.
 */
export function noticeGlossaryChanges(db: GlossaryDb, send: Send = sendToBackground): () => void {
  const prefix = `idb://${db.name}/`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A newer change, or stopping, cancels the pending retry along with the pending send.
  const later = (retry: () => void, ms: number) => void (timer = setTimeout(retry, ms));
  const onMutated = (parts: Record<string, unknown>) => {
    if (!Object.keys(parts).some((key) => key.startsWith(prefix))) return;
    clearTimeout(timer);
    later(() => {
      const sent = timer;
      void glossaryGeneration(db)
        .catch(() => undefined)
        // A newer change while the generation was read: its own notice follows.
        .then((generation) => {
          if (timer === sent) sendWithRetries(send, later, generation === undefined ? { type: 'glossary-changed' } : { type: 'glossary-changed', generation });
        });
    }, SETTLE_MS);
  };
  Dexie.on('storagemutated', onMutated);
  return () => {
    clearTimeout(timer);
    timer = undefined;
    Dexie.on('storagemutated').unsubscribe(onMutated);
  };
}
