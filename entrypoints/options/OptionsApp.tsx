import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { glossaryDb } from '@/lib/glossary/db';
import type { GlossaryEntry, GlossaryList } from '@/lib/glossary/model';
import { readAllEntries } from '@/lib/glossary/paged-read';
import { useIdleSearchPreparation } from '@/components/use-idle-search';
import { newEntryDraft } from '@/lib/glossary/entry-draft';
import {
  deleteEntriesForever,
  entryHistory,
  moveEntries,
  purgeTrash,
  revertToVersion,
  tagEntries,
  untagEntries,
} from '@/lib/glossary/entry-store';
import { createList, deleteList, moveList, orderedLists, undoDeleteList, updateList } from '@/lib/glossary/list-store';
import { filterEntries, sortEntries, tagCounts, type SortOrder } from '@/lib/glossary/entry-filter';
import { EntrySearch, SearchTextCache, type SearchHits } from '@/lib/glossary/search';
import { GlossaryFormIndex } from '@/lib/glossary/validate-entry';
import { deviceLabel, type ChangeAuthor } from '@/lib/glossary/history';
import { t } from '@/lib/i18n';
import { writeFailedText } from '@/lib/glossary/db-problem-text';
import { useLiveQuery } from '@/components/use-live-query';
import { EntryForm } from '@/components/EntryForm';
import { Toast, type ToastMessage } from '@/components/Toast';
import { ConfirmDialog, type ConfirmRequest } from '@/components/ConfirmDialog';
import { ListSidebar, type SidebarSelection } from '@/components/options/ListSidebar';
import { EntryTable } from '@/components/options/EntryTable';
import { EntryToolbar } from '@/components/options/EntryToolbar';
import { BulkActions } from '@/components/options/BulkActions';
import { TrashView } from '@/components/options/TrashView';
import { HistoryPanel } from '@/components/options/HistoryPanel';
import { parseRoute, routeHash, type Route } from './route';
import { SharingView } from './SharingView';
import { SettingsView } from './SettingsView';
import { restoreReaderEntries, saveReaderEdit, trashReaderEntries } from '@/lib/sync/reader-edits';

const db = glossaryDb();
const author: ChangeAuthor = { context: 'options', device: deviceLabel(navigator.userAgent) };
// Folded search texts survive live-query refreshes: only changed entries are folded again.
const searchCache = new SearchTextCache();

function useRoute(): [Route, (route: Route) => void] {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return [parseRoute(hash), (route) => (location.hash = routeHash(route))];
}

/** The open editor: which entry it loaded (a snapshot, so live updates do not reset the form). */
interface Editing {
  entry: GlossaryEntry;
  isNew: boolean;
  /** Bumped to reload the form (after "use theirs"). */
  generation: number;
}

/** The editor's workspace: lists, the entries table, the entry editor, trash and history. */
export function OptionsApp() {
  const [route, navigate] = useRoute();
  const lists = useLiveQuery(() => db.list.toArray());
  const entries = useLiveQuery(() => readAllEntries(db));
  const [listFilter, setListFilter] = useState<string | undefined>(undefined);
  const [tag, setTag] = useState<string | undefined>(undefined);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortOrder>({ field: 'updated', descending: true });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState<Editing | null>(null);
  const [conflict, setConflict] = useState<{ current: GlossaryEntry | undefined } | null>(null);
  const [saving, setSaving] = useState(false);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const toastId = useRef(0);

  const notify = (text: string, undo?: () => void) => setToast({ id: ++toastId.current, text, ...(undo ? { undo } : {}) });
  const fail = (error: unknown) => {
    console.error('TermLens: a glossary write failed', error);
    notify(writeFailedText(error));
  };

  useEffect(() => {
    // The 30-day purge runs whenever the workspace opens.
    void purgeTrash(db).catch((error: unknown) => console.error('TermLens: purging the trash failed', error));
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key === '/' && !target.closest('input, textarea, select, [contenteditable]')) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  // Derived data --------------------------------------------------------------------------------
  const liveLists = useMemo(() => orderedLists(lists ?? []), [lists]);
  const allLists = useMemo(() => new Map((lists ?? []).map((l) => [l.id, l])), [lists]);
  const liveListMap = useMemo(() => new Map(liveLists.map((l) => [l.id, l])), [liveLists]);
  const liveEntries = useMemo(
    () => (entries ?? []).filter((e) => e.deletedAt === undefined && liveListMap.has(e.listId)),
    [entries, liveListMap],
  );
  const trashed = useMemo(
    () => (entries ?? []).filter((e) => e.deletedAt !== undefined).sort((a, b) => b.deletedAt! - a.deletedAt!),
    [entries],
  );
  const deletedLists = useMemo(
    () => (lists ?? []).filter((l) => l.deletedAt !== undefined).sort((a, b) => b.deletedAt! - a.deletedAt!),
    [lists],
  );
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const e of liveEntries) m.set(e.listId, (m.get(e.listId) ?? 0) + 1);
    return m;
  }, [liveEntries]);
  const tags = useMemo(() => tagCounts(liveEntries), [liveEntries]);
  const sorted = useMemo(() => sortEntries(liveEntries, sort, liveListMap), [liveEntries, sort, liveListMap]);
  // The searcher holds the entries in the table's order, so its hits need no sorting or id lookups.
  const search = useMemo(() => new EntrySearch(sorted, searchCache), [sorted]);
  useIdleSearchPreparation(search);
  // The last keystroke's hits: a query that only grew is searched within them, not in every entry.
  const lastHits = useRef<SearchHits | undefined>(undefined);
  const listId = listFilter !== undefined && liveListMap.has(listFilter) ? listFilter : undefined;
  const { rows, searchMs } = useMemo(() => {
    // Measured for the benchmark: performance entry "termlens-search" and data-search-ms on the table.
    const start = performance.now();
    const hits = search.filter(query, lastHits.current);
    lastHits.current = hits;
    const rows = listId === undefined && tag === undefined ? hits.entries : filterEntries(hits.entries, { listId, tag });
    const end = performance.now();
    performance.measure('termlens-search', { start, end, detail: { query, results: rows.length } });
    return { rows, searchMs: end - start };
  }, [search, query, listId, tag]);

  const panelOpen = route.view === 'entry' || route.view === 'add';
  // Folding every form of the glossary is worth it only while the editor is open.
  const formIndex = useMemo(
    () => (panelOpen && entries && lists ? new GlossaryFormIndex(entries, lists) : undefined),
    [panelOpen, entries, lists],
  );

  // The editor follows the address -------------------------------------------------------------
  const routeKey = route.view === 'entry' ? `entry:${route.id}` : route.view === 'add' ? `add:${location.hash}` : route.view;
  useEffect(() => {
    setConflict(null);
    if (route.view === 'add') {
      const target = listId ?? liveLists.find((l) => l.enabled)?.id ?? liveLists[0]?.id ?? '';
      setEditing({ entry: newEntryDraft(target, route.seed), isNew: true, generation: 0 });
    } else if (route.view !== 'entry') {
      setEditing(null);
    }
  }, [routeKey, lists === undefined]);
  useEffect(() => {
    if (route.view !== 'entry' || !entries) return;
    if (editing && !editing.isNew && editing.entry.id === route.id) return;
    const found = entries.find((e) => e.id === route.id);
    setEditing(found ? { entry: found, isNew: false, generation: 0 } : null);
  }, [routeKey, entries]);

  const history = useLiveQuery(
    () => (route.view === 'entry' && route.history ? entryHistory(db, route.id) : Promise.resolve(undefined)),
    [routeKey, route.view === 'entry' && route.history],
  );

  const closePanel = () => navigate({ view: 'entries' });

  // Actions ---------------------------------------------------------------------------------------
  const save = async (entry: GlossaryEntry, { force }: { force: boolean }) => {
    if (!editing) return;
    setSaving(true);
    try {
      const result = await saveReaderEdit(db, entry, {
        author,
        expectedUpdatedAt: force ? undefined : editing.isNew ? null : editing.entry.updatedAt,
      });
      if (result.kind === 'conflict') {
        setConflict({ current: result.current });
        return;
      }
      setConflict(null);
      notify(editing.isNew ? t('optAdded', result.entry.term) : t('optSaved', result.entry.term));
      setEditing(null);
      closePanel();
    } catch (error) {
      fail(error);
    } finally {
      setSaving(false);
    }
  };

  const trash = async (ids: readonly string[]) => {
    try {
      const n = await trashReaderEntries(db, ids, author);
      setSelected((s) => new Set([...s].filter((id) => !ids.includes(id))));
      notify(n === 1 ? t('optMovedToTrashOne') : t('optMovedToTrash', n), () => void restoreReaderEntries(db, ids, author).catch(fail));
    } catch (error) {
      fail(error);
    }
  };

  const sidebarSelection: SidebarSelection =
    route.view === 'trash' ? { kind: 'trash' } : listId ? { kind: 'list', id: listId } : { kind: 'all' };

  const selectedIds = useMemo(() => liveEntries.filter((e) => selected.has(e.id)).map((e) => e.id), [liveEntries, selected]);
  const selectedTags = useMemo(
    () => [...new Set(liveEntries.filter((e) => selected.has(e.id)).flatMap((e) => e.tags))],
    [liveEntries, selected],
  );

  const askDeleteList = (list: GlossaryList) =>
    setConfirm({
      title: t('optDeleteListTitle', list.name),
      body: t('optDeleteListBody', counts.get(list.id) ?? 0),
      confirmLabel: t('optDeleteList'),
      onConfirm: () => {
        void deleteList(db, list.id)
          .then(() => {
            if (listFilter === list.id) setListFilter(undefined);
            notify(t('optListDeleted', list.name), () => void undoDeleteList(db, list.id).catch(fail));
          })
          .catch(fail);
      },
    });

  const loading = lists === undefined || entries === undefined;
  const currentListName = listId ? liveListMap.get(listId)?.name : undefined;

  return (
    <div class={`tl-app${panelOpen ? ' has-panel' : ''}`}>
      <aside class="tl-sidebar">
        <div class="tl-brand">
          <span class="tl-brand-mark" aria-hidden="true">镜</span>
          <div>
            <h1 class="tl-brand-name">{t('extName')}</h1>
            <p class="tl-brand-sub">{t('optSubtitle')}</p>
          </div>
        </div>
        <ListSidebar
          lists={liveLists}
          counts={counts}
          total={liveEntries.length}
          trashCount={trashed.length + deletedLists.length}
          selected={sidebarSelection}
          onSelect={(s) => {
            if (s.kind === 'trash') {
              navigate({ view: 'trash' });
              return;
            }
            setListFilter(s.kind === 'list' ? s.id : undefined);
            setSelected(new Set());
            if (route.view === 'trash' || route.view === 'sharing' || route.view === 'settings') navigate({ view: 'entries' });
          }}
          onCreate={(name) =>
            void createList(db, { name })
              .then((list) => setListFilter(list.id))
              .catch(fail)
          }
          onRename={(id, name) => void updateList(db, id, { name }).catch(fail)}
          onColor={(id, color) => void updateList(db, id, { color }).catch(fail)}
          onToggle={(id, enabled) => void updateList(db, id, { enabled }).catch(fail)}
          onMove={(id, step) => void moveList(db, id, step).catch(fail)}
          onDelete={(id) => {
            const list = liveListMap.get(id);
            if (list) askDeleteList(list);
          }}
        />
        <nav class="tl-sidebar-nav" aria-label={t('optMoreNav')}>
          <a
            href="#/sharing"
            class={`tl-sidebar-link${route.view === 'sharing' ? ' is-current' : ''}`}
            aria-current={route.view === 'sharing' ? 'page' : undefined}
            data-testid="nav-sharing"
          >
            {t('optSharingNav')}
          </a>
          <a
            href="#/settings"
            class={`tl-sidebar-link${route.view === 'settings' ? ' is-current' : ''}`}
            aria-current={route.view === 'settings' ? 'page' : undefined}
            data-testid="nav-settings"
          >
            {t('optSettingsNav')}
          </a>
        </nav>
      </aside>

      <main class="tl-main">
        {route.view === 'settings' ? (
          <SettingsView />
        ) : route.view === 'sharing' ? (
          <SharingView db={db} />
        ) : route.view === 'trash' ? (
          <TrashView
            entries={trashed}
            lists={deletedLists}
            allLists={allLists}
            now={Date.now()}
            onRestore={(ids) =>
              void restoreReaderEntries(db, ids, author)
                .then((n) => notify(n === 1 ? t('optRestoredOne') : t('optRestored', n)))
                .catch(fail)
            }
            onDeleteForever={(ids) =>
              setConfirm({
                title: t('optDeleteForeverTitle', ids.length),
                body: t('optDeleteForeverBody'),
                confirmLabel: t('optDeleteForever'),
                onConfirm: () => void deleteEntriesForever(db, ids).catch(fail),
              })
            }
            onRestoreList={(id) => void undoDeleteList(db, id).catch(fail)}
          />
        ) : (
          <>
            <header class="tl-main-header">
              <h2 class="tl-main-title">{currentListName ?? t('optAllEntries')}</h2>
              {tag && (
                <button type="button" class="tl-chip tl-chip-filter" onClick={() => setTag(undefined)} aria-label={t('optClearTag', tag)}>
                  {tag} ×
                </button>
              )}
            </header>
            <EntryToolbar
              query={query}
              onQuery={setQuery}
              tags={tags}
              tag={tag}
              onTag={setTag}
              shown={rows.length}
              total={listId ? (counts.get(listId) ?? 0) : liveEntries.length}
              onNew={() => navigate({ view: 'add', seed: {} })}
              searchRef={searchRef}
            />
            {selectedIds.length > 0 && (
              <BulkActions
                count={selectedIds.length}
                lists={liveLists}
                selectedTags={selectedTags}
                onMove={(id) =>
                  void moveEntries(db, selectedIds, id, author)
                    .then((n) => notify(t('optMoved', n, liveListMap.get(id)?.name ?? '')))
                    .catch(fail)
                }
                onTag={(tg) =>
                  void tagEntries(db, selectedIds, tg, author)
                    .then((n) => notify(t('optTagged', n, tg)))
                    .catch(fail)
                }
                onUntag={(tg) =>
                  void untagEntries(db, selectedIds, tg, author)
                    .then((n) => notify(t('optUntagged', n, tg)))
                    .catch(fail)
                }
                onDelete={() => void trash(selectedIds)}
                onClear={() => setSelected(new Set())}
              />
            )}
            {loading ? (
              <p class="tl-empty">{t('popupLoading')}</p>
            ) : (
              <EntryTable
                rows={rows}
                lists={liveListMap}
                selected={selected}
                activeId={route.view === 'entry' ? route.id : undefined}
                sort={sort}
                searchMs={searchMs}
                onSort={setSort}
                onOpen={(id) => navigate({ view: 'entry', id, history: false })}
                onSelect={(ids, on) =>
                  setSelected((s) => {
                    const next = new Set(s);
                    for (const id of ids) {
                      if (on) next.add(id);
                      else next.delete(id);
                    }
                    return next;
                  })
                }
                emptyText={query.trim() === '' && tag === undefined ? t('optNoEntriesYet') : t('optNoResults')}
              />
            )}
          </>
        )}
      </main>

      {panelOpen && (
        <aside class="tl-panel" aria-label={t('optEditor')}>
          {route.view === 'entry' && route.history && editing ? (
            <HistoryPanel
              entry={editing.entry}
              versions={history}
              onBack={() => navigate({ view: 'entry', id: route.id, history: false })}
              onRestore={(versionId) =>
                void revertToVersion(db, versionId, author)
                  .then((entry) => {
                    if (entry) {
                      setEditing({ entry, isNew: false, generation: (editing.generation ?? 0) + 1 });
                      notify(t('historyRestored'));
                    }
                  })
                  .catch(fail)
              }
            />
          ) : editing ? (
            <EntryForm
              key={`${editing.entry.id}:${editing.generation}`}
              entry={editing.entry}
              isNew={editing.isNew}
              lists={liveLists}
              index={formIndex}
              knownTags={tags.map((x) => x.tag)}
              conflict={conflict}
              saving={saving}
              onSave={(entry, options) => void save(entry, options)}
              onCancel={closePanel}
              onDelete={() => {
                void trash([editing.entry.id]);
                closePanel();
              }}
              onShowHistory={() => navigate({ view: 'entry', id: editing.entry.id, history: true })}
              onTakeTheirs={() => {
                if (conflict?.current) setEditing({ entry: conflict.current, isNew: false, generation: editing.generation + 1 });
                setConflict(null);
              }}
              entryHref={(id) => routeHash({ view: 'entry', id, history: false })}
              onOpenEntry={(id) => navigate({ view: 'entry', id, history: false })}
            />
          ) : (
            <div class="tl-panel-empty">
              <p>{loading ? t('popupLoading') : t('optEntryNotFound')}</p>
              <button type="button" class="tl-button" onClick={closePanel}>
                {t('formClose')}
              </button>
            </div>
          )}
        </aside>
      )}

      <Toast toast={toast} onDismiss={() => setToast(null)} />
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </div>
  );
}
