import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { glossaryDb } from '@/lib/glossary/db';
import { isEntryLive, isListActive } from '@/lib/glossary/active-glossary';
import { sendToTab } from '@/lib/browser/send';
import { isActiveOnHost, settingsItem, withSiteToggled, type Settings } from '@/lib/settings';
import { t } from '@/lib/i18n';
import { useLiveQuery } from '@/components/use-live-query';
import { PageTerms, type PageTermsState } from '@/components/PageTerms';
import { GlossaryBrowser } from '@/components/GlossaryBrowser';
import { Switch } from '@/components/Switch';

/** The tab the popup is about: `?tab=ID` (tests, and the options page), else the active tab. */
async function targetTab(): Promise<{ id: number; host: string } | null> {
  const param = new URLSearchParams(location.search).get('tab');
  const tab = param
    ? await browser.tabs.get(Number(param))
    : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  if (tab?.id === undefined) return null;
  let host = '';
  try {
    host = tab.url ? new URL(tab.url).hostname : '';
  } catch {
    host = '';
  }
  return { id: tab.id, host };
}

export function PopupApp() {
  const [tab, setTab] = useState<{ id: number; host: string } | null | undefined>(undefined);
  const [pageState, setPageState] = useState<PageTermsState>({ kind: 'loading' });
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  const entries = useLiveQuery(async () => {
    const db = glossaryDb();
    const lists = new Set((await db.list.toArray()).filter(isListActive).map((l) => l.id));
    return (await db.entry.toArray()).filter((e) => isEntryLive(e) && lists.has(e.listId));
  });

  useEffect(() => {
    void targetTab().then(setTab, () => setTab(null));
    void settingsItem.getValue().then(setSettings);
    return settingsItem.watch(setSettings);
  }, []);

  useEffect(() => {
    if (tab === undefined) return;
    if (tab === null) {
      setPageState({ kind: 'unavailable' });
      return;
    }
    let cancelled = false;
    const refresh = () =>
      sendToTab(tab.id, { type: 'get-page-terms' }).then(
        (response) => {
          if (cancelled) return;
          if (!response) setPageState({ kind: 'unavailable' });
          else if (!response.supported) setPageState({ kind: 'unsupported' });
          else if (!response.active) setPageState({ kind: 'inactive' });
          else setPageState({ kind: 'ready', terms: response.terms });
        },
        () => !cancelled && setPageState({ kind: 'unavailable' }),
      );
    void refresh();
    // The page may still be scanning, or change under the reader: keep the counts current.
    const timer = setInterval(() => void refresh(), 1000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [tab, settings]);

  const siteOn = settings && tab?.host ? isActiveOnHost({ ...settings, enabled: true }, tab.host) : true;

  return (
    <main class="tl-popup">
      <header class="tl-popup-header">
        <h1 class="tl-title">{t('extName')}</h1>
        <button type="button" class="tl-link-button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('popupOpenOptions')}
        </button>
      </header>
      {settings && (
        <div class="tl-switches">
          {tab?.host && (
            <Switch
              label={t('popupSiteSwitch', tab.host)}
              testId="site-switch"
              checked={siteOn}
              onChange={(on) => void settingsItem.setValue(withSiteToggled(settings, tab.host, on))}
            />
          )}
          <Switch
            label={t('popupGlobalPause')}
            testId="global-pause"
            checked={!settings.enabled}
            onChange={(paused) => void settingsItem.setValue({ ...settings, enabled: !paused, updatedAt: Date.now() })}
          />
        </div>
      )}
      <PageTerms
        state={pageState}
        onReveal={(entryId) => tab && void sendToTab(tab.id, { type: 'reveal-term', entryId }).catch(() => undefined)}
      />
      <GlossaryBrowser entries={entries} />
    </main>
  );
}
