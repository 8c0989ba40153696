import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { glossaryDb } from '@/lib/glossary/db';
import { isEntryLive, isListActive } from '@/lib/glossary/active-glossary';
import type { GlossaryEntry } from '@/lib/glossary/model';
import { readAllEntries } from '@/lib/glossary/paged-read';
import { newEntryDraft } from '@/lib/glossary/entry-draft';
import { restoreReaderEntries, saveReaderEdit, trashReaderEntries } from '@/lib/sync/reader-edits';
import { orderedLists } from '@/lib/glossary/list-store';
import { GlossaryFormIndex } from '@/lib/glossary/validate-entry';
import { deviceLabel, type ChangeAuthor } from '@/lib/glossary/history';
import { TabTermsWatch } from '@/lib/browser/page-terms-port';
import { isActiveOnHost, withChanges, withSiteToggled } from '@/lib/settings';
import { t } from '@/lib/i18n';
import { writeFailedText } from '@/lib/glossary/db-problem-text';
import { useLiveQuery } from '@/components/use-live-query';
import { useSettings } from '@/components/use-settings';
import { PageTerms, type PageTermsState } from '@/components/PageTerms';
import { GlossaryBrowser } from '@/components/GlossaryBrowser';
import { Switch } from '@/components/Switch';
import { EntryForm } from '@/components/EntryForm';

const author: ChangeAuthor = { context: 'popup', device: deviceLabel(navigator.userAgent) };

/** The entry open for a quick edit: a snapshot, so live updates do not reset the form. */
interface Editing {
  entry: GlossaryEntry;
  isNew: boolean;
  generation: number;
}

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
  const watchRef = useRef<TabTermsWatch | null>(null);
  const [settings, updateSettings] = useSettings();
  // Without the `tabs` permission the popup cannot read the tab's URL: the page's
  // content script tells its host name instead.
  const [pageHost, setPageHost] = useState('');
  const lists = useLiveQuery(() => glossaryDb().list.toArray());
  const allEntries = useLiveQuery(() => readAllEntries(glossaryDb()));
  const entries = useMemo(() => {
    if (!lists || !allEntries) return undefined;
    const active = new Set(lists.filter(isListActive).map((l) => l.id));
    // Most recently changed first: the list shows 50 until the reader searches, and by id (the
    // database's order) those were 50 arbitrary entries. Entries changed together (a seeded or
    // imported list) keep the database's order among themselves (sort is stable).
    return allEntries.filter((e) => isEntryLive(e) && active.has(e.listId)).sort((a, b) => b.updatedAt - a.updatedAt);
  }, [lists, allEntries]);
  const liveLists = useMemo(() => orderedLists(lists ?? []), [lists]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [conflict, setConflict] = useState<{ current: GlossaryEntry | undefined } | null>(null);
  const [notice, setNotice] = useState<{ text: string; undo?: () => void } | null>(null);
  const formIndex = useMemo(
    () => (editing && lists && allEntries ? new GlossaryFormIndex(allEntries, lists) : undefined),
    [editing !== null, lists, allEntries],
  );
  const tags = useMemo(() => [...new Set((entries ?? []).flatMap((e) => e.tags))], [entries]);

  const openEntry = (id: string) => {
    const entry = allEntries?.find((e) => e.id === id);
    setConflict(null);
    setNotice(null);
    if (entry) setEditing({ entry, isNew: false, generation: 0 });
  };
  const addEntry = (term: string) => {
    const list = liveLists.find((l) => l.enabled && l.origin === 'local') ?? liveLists[0];
    if (!list) return;
    setConflict(null);
    setNotice(null);
    setEditing({ entry: newEntryDraft(list.id, { term }), isNew: true, generation: 0 });
  };
  const save = async (entry: GlossaryEntry, { force }: { force: boolean }) => {
    if (!editing) return;
    const result = await saveReaderEdit(glossaryDb(), entry, {
      author,
      expectedUpdatedAt: force ? undefined : editing.isNew ? null : editing.entry.updatedAt,
    });
    if (result.kind === 'conflict') {
      setConflict({ current: result.current });
      return;
    }
    setConflict(null);
    setEditing(null);
    setNotice({ text: editing.isNew ? t('optAdded', result.entry.term) : t('optSaved', result.entry.term) });
  };
  const remove = async (entry: GlossaryEntry) => {
    await trashReaderEntries(glossaryDb(), [entry.id], author);
    setEditing(null);
    setNotice({
      text: t('optMovedToTrashOne'),
      undo: () => void restoreReaderEntries(glossaryDb(), [entry.id], author).then(() => setNotice(null)),
    });
  };

  useEffect(() => {
    void targetTab().then(setTab, () => setTab(null));
  }, []);

  useEffect(() => {
    if (tab === undefined) return;
    if (tab === null) {
      setPageState({ kind: 'unavailable' });
      return;
    }
    // Every frame's terms, merged; polled, since the page may still be scanning or change under the reader.
    const watch = new TabTermsWatch(tab.id, (state) => {
      if (state === 'unavailable') return setPageState({ kind: 'unavailable' });
      if (state.host) setPageHost(state.host);
      if (!state.supported) setPageState({ kind: 'unsupported' });
      else if (!state.active) setPageState({ kind: 'inactive' });
      else setPageState({ kind: 'ready', terms: state.terms });
    });
    watchRef.current = watch;
    watch.start();
    return () => {
      watch.stop();
      if (watchRef.current === watch) watchRef.current = null;
    };
  }, [tab, settings]);

  const host = pageHost || tab?.host || '';
  const siteOn = settings && host ? isActiveOnHost({ ...settings, enabled: true }, host) : true;

  if (editing) {
    return (
      <main class="tl-popup tl-popup-editing">
        <EntryForm
          key={`${editing.entry.id}:${editing.generation}`}
          entry={editing.entry}
          isNew={editing.isNew}
          lists={liveLists}
          index={formIndex}
          knownTags={tags}
          compact
          conflict={conflict}
          headerExtra={
            <button
              type="button"
              class="tl-link-button"
              data-testid="popup-open-workspace"
              onClick={() => {
                const hash = editing.isNew ? '#/add' : `#/entry/${encodeURIComponent(editing.entry.id)}`;
                void browser.tabs.create({ url: `${browser.runtime.getURL('/options.html')}${hash}` });
              }}
            >
              {t('popupEditInWorkspace')}
            </button>
          }
          onSave={(entry, options) =>
            void save(entry, options).catch((error: unknown) => setNotice({ text: writeFailedText(error) }))
          }
          onCancel={() => setEditing(null)}
          onDelete={() => void remove(editing.entry)}
          onTakeTheirs={() => {
            if (conflict?.current) setEditing({ entry: conflict.current, isNew: false, generation: editing.generation + 1 });
            setConflict(null);
          }}
          entryHref={(id) => `${browser.runtime.getURL('/options.html')}#/entry/${encodeURIComponent(id)}`}
          onOpenEntry={openEntry}
        />
      </main>
    );
  }

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
          {host && (
            <Switch
              label={t('popupSiteSwitch', host)}
              testId="site-switch"
              checked={siteOn}
              onChange={(on) => updateSettings((current) => withSiteToggled(current, host, on))}
            />
          )}
          <Switch
            label={t('popupGlobalPause')}
            testId="global-pause"
            checked={!settings.enabled}
            onChange={(paused) => updateSettings((current) => withChanges(current, { enabled: !paused }))}
          />
        </div>
      )}
      <PageTerms
        state={pageState}
        onReveal={(entryId) => watchRef.current?.reveal(entryId)}
      />
      {notice && (
        <p class="tl-notice" role="status" data-testid="popup-notice">
          <span>{notice.text}</span>
          {notice.undo && (
            <button type="button" class="tl-link-button" data-testid="popup-undo" onClick={notice.undo}>
              {t('toastUndo')}
            </button>
          )}
        </p>
      )}
      <GlossaryBrowser entries={entries} onEdit={openEntry} onAdd={liveLists.length ? addEntry : undefined} />
    </main>
  );
}
