import { browser } from 'wxt/browser';
import { glossaryDb } from '@/lib/glossary/db';
import { seedStarterGlossary } from '@/lib/glossary/seed';
import { GlossaryService } from '@/lib/background/glossary-service';
import { MatcherCache } from '@/lib/background/matcher-cache';
import { MATCHER_WIRE_FORMAT } from '@/lib/match';
import { CONTENT_SCRIPT_ALLOWED, parseBackgroundRequest } from '@/lib/messages';
import { runPageCommand } from '@/lib/background/page-commands';
import { handOverOpenTabs, putPageScriptIntoFrame } from '@/lib/background/content-script-handover';
import { ADD_MENU_ID, createAddMenu, openAddForm } from '@/lib/background/add-from-page';
import { t } from '@/lib/i18n';
import { askForPageAccessIfMissing } from '@/lib/background/host-access';
import { startSubscriptionSchedule } from '@/lib/sync/subscription-alarms';
import { subscriptionHooks } from '@/lib/sync/subscription-hooks';
import { startBrowserSync } from '@/lib/sync/browser-sync-runner';
import { ensureBackupAlarm, handleBackupAlarm } from '@/lib/glossary/backup';
import { purgeTrash } from '@/lib/glossary/entry-store';
import { applyFrameReport, TabTermsStore, type BadgeEffects } from '@/lib/background/tab-terms';
import { sendToEveryFrame } from '@/lib/browser/send';

// The background owns the database, compiles the matcher, sets the badge, and
// runs the keyboard commands and the context menu.
// No state here is authoritative: MV3 stops this worker at any moment, and all
// of it is rebuilt from the database on the next message.
export default defineBackground(() => {
  const db = glossaryDb();
  // The compiled matcher is kept across this worker's restarts; another version compiles its own.
  const matcherCache = new MatcherCache();
  const service = new GlossaryService(db, { cache: matcherCache, build: `${browser.runtime.getManifest().version} ${MATCHER_WIRE_FORMAT}` });

  const seed = () =>
    seedStarterGlossary(db, browser.i18n.getUILanguage())
      .then((seeded) => seeded && service.invalidate())
      .catch((error: unknown) => console.error('TermLens: seeding the starter glossary failed', error));
  browser.runtime.onInstalled.addListener(({ reason }) => {
    // A reloaded or updated extension may fold differently: its first matcher is compiled anew.
    void matcherCache.clear().then(() => service.invalidate());
    void seed();
    // Tabs open before this version started still run the old content script (or none).
    if (reason === 'install' || reason === 'update') void handOverOpenTabs();
    // Firefox: MV3 host access can be withheld or withdrawn; say why it is needed and ask.
    if (import.meta.env.FIREFOX && (reason === 'install' || reason === 'update')) {
      askForPageAccessIfMissing().catch((error: unknown) => console.error('TermLens: checking host access failed', error));
    }
    createAddMenu(t('menuAddToGlossary')).catch((error: unknown) => console.error('TermLens: the context menu failed', error));
  });
  void seed();

  // Listeners are added synchronously at start, so that an event that woke the worker reaches them.
  browser.commands.onCommand.addListener((command, tab) => {
    runPageCommand(command, tab?.id).catch(() => undefined);
  });
  // Headless Chromium cannot press a browser-level shortcut or click a context menu, so the browser
  // tests call the functions these listeners call, through the worker's global scope. Only this
  // extension's own contexts (and DevTools) can reach it; pages cannot.
  Object.assign(globalThis, { termlensBackground: { runPageCommand, openAddForm, subscriptions: subscriptionHooks(db) } });
  // Subscriptions: the check alarm's listener (added now, so the alarm that woke the worker
  // reaches it) and the alarm itself; browser sync: push on local changes, pull on remote ones.
  startSubscriptionSchedule(db);
  startBrowserSync(db);
  // The badge counts the entries of a tab's frames together (tab-terms.ts). No tabs.onRemoved
  // listener forgets closed tabs: it would wake this worker at every tab the reader closes.
  const tabTerms = new TabTermsStore();
  const badgeEffects: BadgeEffects = {
    async setBadge(tabId, distinct) {
      await browser.action.setBadgeText({ tabId, text: distinct > 0 ? String(distinct) : '' });
      await browser.action.setBadgeBackgroundColor({ tabId, color: '#b3261e' });
    },
    // No frame answers; a tab whose frames all left refuses.
    askFrames: (tabId) => sendToEveryFrame(tabId, { type: 'report-page-stats' }).catch(() => undefined),
  };
  // The weekly automatic backup (its own alarm, checked every 12 h), and the trash's 30 days.
  browser.alarms.onAlarm.addListener((alarm) => {
    handleBackupAlarm(alarm, db).catch((error: unknown) => console.error('TermLens: the automatic backup failed', error));
  });
  ensureBackupAlarm().catch((error: unknown) => console.error('TermLens: scheduling backups failed', error));
  purgeTrash(db).catch((error: unknown) => console.error('TermLens: purging the trash failed', error));
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== ADD_MENU_ID || !info.selectionText) return;
    openAddForm(info.selectionText, info.pageUrl ?? '', tab).catch((error: unknown) =>
      console.error('TermLens: opening the add form failed', error),
    );
  });

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
        const frameId = sender.frameId;
        if (tabId === undefined || frameId === undefined) return Promise.resolve(null);
        // Only the top frame may say when the tab's document started (it drops the frames before it).
        const documentStart = frameId === 0 ? request.documentStart : undefined;
        const report = { frameId, entryIds: request.entryIds, documentStart, at: Date.now() };
        void applyFrameReport(tabTerms, tabId, report, badgeEffects).catch(() => undefined);
        return Promise.resolve(null);
      }
      case 'frame-has-text': {
        const tabId = sender.tab?.id;
        // putPageScriptIntoFrame refuses a top frame, which has the page script from the manifest.
        if (tabId !== undefined && sender.frameId !== undefined) void putPageScriptIntoFrame(tabId, sender.frameId);
        return Promise.resolve(null);
      }
      case 'glossary-changed':
        service.noticed(request.generation);
        return Promise.resolve(null);
    }
  });
});
