import { browser } from 'wxt/browser';
import { glossaryDb } from '@/lib/glossary/db';
import { seedStarterGlossary } from '@/lib/glossary/seed';
import { GlossaryService } from '@/lib/background/glossary-service';
import { CONTENT_SCRIPT_ALLOWED, parseBackgroundRequest } from '@/lib/messages';

// The background owns the database, compiles the matcher and sets the badge.
// No state here is authoritative: MV3 stops this worker at any moment, and all
// of it is rebuilt from the database on the next message.
export default defineBackground(() => {
  const db = glossaryDb();
  const service = new GlossaryService(db);

  const seed = () =>
    seedStarterGlossary(db, browser.i18n.getUILanguage())
      .then((seeded) => seeded && service.invalidate())
      .catch((error: unknown) => console.error('TermLens: seeding the starter glossary failed', error));
  browser.runtime.onInstalled.addListener(() => void seed());
  void seed();

  browser.runtime.onMessage.addListener((raw, sender) => {
    // Only this extension's own pages and content scripts; pages have no way in.
    if (sender.id !== browser.runtime.id) return undefined;
    const request = parseBackgroundRequest(raw);
    if (!request) {
      console.warn('TermLens: rejected a malformed message', raw);
      return undefined;
    }
    const fromContentScript = sender.tab !== undefined && !sender.url?.startsWith(browser.runtime.getURL('/'));
    if (fromContentScript && !CONTENT_SCRIPT_ALLOWED.has(request.type)) {
      console.warn('TermLens: a content script may not send', request.type);
      return undefined;
    }
    switch (request.type) {
      case 'get-matcher':
        return service.matcherFor(request.knownRevision);
      case 'get-card-entry':
        return service.cardEntry(request.entryId);
      case 'page-stats': {
        const tabId = sender.tab?.id;
        if (tabId !== undefined && sender.frameId === 0) {
          const text = request.distinctTerms > 0 ? String(request.distinctTerms) : '';
          void browser.action.setBadgeText({ tabId, text }).catch(() => undefined);
          void browser.action.setBadgeBackgroundColor({ tabId, color: '#b3261e' }).catch(() => undefined);
        }
        return Promise.resolve(null);
      }
      case 'glossary-changed':
        service.invalidate();
        return Promise.resolve(null);
    }
  });
});
