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
import type { GlossaryDb } from './db';

/** Gathers a burst of writes (an import, a bulk edit) into one message. */
const SETTLE_MS = 100;

/**
 * From now on, after every change to `db`'s tables made in any extension context that
 * this page hears of, sends `glossary-changed` to the background. Call it once in each
 * extension page that writes (options, popup); not in the background itself. Returns a
 * function that stops it.
 */
export function noticeGlossaryChanges(db: GlossaryDb, send: (request: BackgroundRequest) => Promise<unknown> = (r) => browser.runtime.sendMessage(r)): () => void {
  const prefix = `idb://${db.name}/`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onMutated = (parts: Record<string, unknown>) => {
    if (!Object.keys(parts).some((key) => key.startsWith(prefix))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void send({ type: 'glossary-changed' }).catch(() => undefined), SETTLE_MS);
  };
  Dexie.on('storagemutated', onMutated);
  return () => {
    clearTimeout(timer);
    Dexie.on('storagemutated').unsubscribe(onMutated);
  };
}
