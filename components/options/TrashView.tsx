import { useState } from 'preact/hooks';
import type { GlossaryEntry, GlossaryList } from '@/lib/glossary/model';
import { daysLeftInTrash } from '@/lib/glossary/entry-store';
import { t } from '@/lib/i18n';

export interface TrashViewProps {
  /** Trashed entries, most recently deleted first. */
  entries: readonly GlossaryEntry[];
  /** Deleted lists, most recently deleted first. */
  lists: readonly GlossaryList[];
  /** Every list, deleted or not, by id (to name an entry's list). */
  allLists: ReadonlyMap<string, GlossaryList>;
  now: number;
  onRestore: (ids: readonly string[]) => void;
  onDeleteForever: (ids: readonly string[]) => void;
  onRestoreList: (id: string) => void;
}

/** The trash: deleted entries and lists, each restorable until it is purged after 30 days. */
export function TrashView(props: TrashViewProps) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const chosen = props.entries.filter((e) => selected.has(e.id)).map((e) => e.id);
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <section class="tl-trash" aria-labelledby="tl-trash-heading" data-testid="trash-view">
      <header class="tl-trash-header">
        <h2 id="tl-trash-heading">{t('optTrash')}</h2>
        <p class="tl-hint">{t('optTrashHint')}</p>
        {chosen.length > 0 && (
          <div class="tl-trash-actions">
            <button type="button" class="tl-button tl-button-primary" onClick={() => (props.onRestore(chosen), setSelected(new Set()))}>
              {t('optRestoreSelected', chosen.length)}
            </button>
            <button
              type="button"
              class="tl-button tl-button-danger"
              onClick={() => (props.onDeleteForever(chosen), setSelected(new Set()))}
            >
              {t('optDeleteForeverSelected', chosen.length)}
            </button>
          </div>
        )}
      </header>

      {props.lists.length > 0 && (
        <>
          <h3 class="tl-trash-subheading">{t('optDeletedLists')}</h3>
          <ul class="tl-trash-list">
            {props.lists.map((list) => (
              <li key={list.id} class="tl-trash-row" data-testid="trash-list">
                <span class={`tl-dot tl-dot-${list.color}`} aria-hidden="true" />
                <span class="tl-trash-term">{list.name}</span>
                <span class="tl-hint">{t('optDaysLeft', daysLeftInTrash(list.deletedAt ?? props.now, props.now))}</span>
                <button type="button" class="tl-button" onClick={() => props.onRestoreList(list.id)}>
                  {t('optRestore')}
                </button>
              </li>
            ))}
          </ul>
          <h3 class="tl-trash-subheading">{t('optDeletedEntries')}</h3>
        </>
      )}

      {props.entries.length === 0 ? (
        <p class="tl-empty" data-testid="trash-empty">{t('optTrashEmpty')}</p>
      ) : (
        <ul class="tl-trash-list">
          {props.entries.map((entry) => {
            const list = props.allLists.get(entry.listId);
            return (
              <li key={entry.id} class="tl-trash-row" data-testid="trash-entry" data-entry-id={entry.id}>
                <input
                  type="checkbox"
                  aria-label={t('optSelectEntry', entry.term)}
                  checked={selected.has(entry.id)}
                  onChange={(e) => toggle(entry.id, e.currentTarget.checked)}
                />
                <span class="tl-trash-term" lang={entry.lang}>
                  {entry.term}
                </span>
                {list && (
                  <span class="tl-trash-list-name">
                    <span class={`tl-dot tl-dot-${list.color}`} aria-hidden="true" /> {list.name}
                  </span>
                )}
                <span class="tl-hint">
                  {t('optDeletedOn', new Date(entry.deletedAt ?? 0).toLocaleDateString())} ·{' '}
                  {t('optDaysLeft', daysLeftInTrash(entry.deletedAt ?? props.now, props.now))}
                </span>
                <button type="button" class="tl-button" data-testid="trash-restore" onClick={() => props.onRestore([entry.id])}>
                  {t('optRestore')}
                </button>
                <button
                  type="button"
                  class="tl-button tl-button-quiet tl-button-danger"
                  onClick={() => props.onDeleteForever([entry.id])}
                >
                  {t('optDeleteForever')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
