import { Component } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { GlossaryEntry, GlossaryList } from '@/lib/glossary/model';
import { primaryTranslation, type SortField, type SortOrder } from '@/lib/glossary/entry-filter';
import { t, type MessageKey } from '@/lib/i18n';

/** Rows are one line each, so the table can place any row without measuring it. */
export const ROW_HEIGHT = 44;
/** Rows rendered beyond each edge of the viewport, so fast scrolling shows no blank band. */
const OVERSCAN = 8;

export interface EntryTableProps {
  rows: readonly GlossaryEntry[];
  lists: ReadonlyMap<string, GlossaryList>;
  selected: ReadonlySet<string>;
  /** The entry open in the editor. */
  activeId?: string;
  sort: SortOrder;
  /** How long the last search and filter took (ms), exposed as `data-search-ms` for the benchmark. */
  searchMs?: number;
  onSort: (sort: SortOrder) => void;
  onOpen: (entryId: string) => void;
  onSelect: (ids: readonly string[], selected: boolean) => void;
  emptyText: string;
}

const COLUMNS: { field: SortField | null; label: MessageKey; className: string }[] = [
  { field: 'term', label: 'optColTerm', className: 'tl-col-term' },
  { field: 'translation', label: 'optColTranslation', className: 'tl-col-translation' },
  { field: 'list', label: 'optColList', className: 'tl-col-list' },
  { field: null, label: 'optColTags', className: 'tl-col-tags' },
  { field: 'updated', label: 'optColUpdated', className: 'tl-col-updated' },
];

/**
 * The entries as a table with a virtual body: only the rows in view (plus a
 * margin) are in the DOM, so 10,000 entries scroll and filter as smoothly as 10.
 * Arrow keys move between rows, Enter opens one, Space selects it.
 */
export function EntryTable(props: EntryTableProps) {
  const { rows, sort } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [focusIndex, setFocusIndex] = useState(0);
  const lastClicked = useRef<number | null>(null);
  // Rows get one stable set of callbacks that read the latest props, so a row whose entry and
  // state did not change is not rendered again on a keystroke.
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  // A new result set starts at the top, in the commit that shows it: as an effect after the frame,
  // it showed a frame at the old position and undid a scroll made in between (the Firefox
  // 10,000-entry test failed on that once, under load).
  useLayoutEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
    setFocusIndex(0);
  }, [rows]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  // Row elements are keyed by slot (index modulo the most rows the window can hold), not by
  // entry: a new search result refills the same elements instead of replacing every one.
  const slots = Math.ceil(height / ROW_HEIGHT) + 2 * OVERSCAN + 2;
  const anySelected = props.selected.size > 0;
  const allSelected = anySelected && rows.length > 0 && rows.every((r) => props.selected.has(r.id));
  const someSelected = anySelected && !allSelected && rows.some((r) => props.selected.has(r.id));

  const moveFocus = (index: number) => {
    const i = Math.max(0, Math.min(rows.length - 1, index));
    setFocusIndex(i);
    const el = scroller.current;
    if (!el) return;
    const top = i * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  };

  useLayoutEffect(() => {
    // Keep DOM focus on the focused row once it is rendered (it may have been recycled by scrolling).
    const el = scroller.current;
    if (el && el.contains(document.activeElement) && document.activeElement?.getAttribute('role') === 'row') {
      el.querySelector<HTMLElement>(`[data-index="${focusIndex}"]`)?.focus();
    }
  }, [focusIndex, first]);

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.getAttribute('role') !== 'row') return;
    const index = Number(target.dataset.index);
    const entry = rows[index];
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveFocus(index + 1),
      ArrowUp: () => moveFocus(index - 1),
      PageDown: () => moveFocus(index + page),
      PageUp: () => moveFocus(index - page),
      Home: () => moveFocus(0),
      End: () => moveFocus(rows.length - 1),
      Enter: () => entry && props.onOpen(entry.id),
      ' ': () => entry && props.onSelect([entry.id], !props.selected.has(entry.id)),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const actions = useMemo<RowActions>(
    () => ({
      open: (id) => latest.current.onOpen(id),
      focus: (index) => setFocusIndex(index),
      select: (index, event) => {
        const { rows, selected, onSelect } = latest.current;
        const entry = rows[index];
        if (!entry) return;
        const on = !selected.has(entry.id);
        // Shift-click selects the range from the last clicked row, as in a file manager.
        if (event.shiftKey && lastClicked.current !== null) {
          const [a, b] = [Math.min(lastClicked.current, index), Math.max(lastClicked.current, index)];
          onSelect(rows.slice(a, b + 1).map((r) => r.id), on);
        } else {
          onSelect([entry.id], on);
        }
        lastClicked.current = index;
      },
    }),
    [],
  );

  return (
    <div
      class="tl-table"
      role="table"
      aria-label={t('optEntriesTable')}
      aria-rowcount={rows.length + 1}
      data-testid="entry-table"
      data-result-count={rows.length}
      data-search-ms={props.searchMs === undefined ? undefined : props.searchMs.toFixed(2)}
    >
      <div class="tl-table-head" role="rowgroup">
        <div class="tl-tr" role="row" aria-rowindex={1}>
          <div class="tl-td tl-col-check" role="columnheader">
            <input
              type="checkbox"
              aria-label={t('optSelectAll')}
              data-testid="select-all"
              checked={allSelected}
              ref={(el) => {
                if (el) el.indeterminate = someSelected;
              }}
              onChange={(e) => props.onSelect(rows.map((r) => r.id), e.currentTarget.checked)}
            />
          </div>
          {COLUMNS.map((col) => {
            const active = col.field !== null && sort.field === col.field;
            return (
              <div
                key={col.label}
                class={`tl-td ${col.className}`}
                role="columnheader"
                aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
              >
                {col.field === null ? (
                  t(col.label)
                ) : (
                  <button
                    type="button"
                    class="tl-sort"
                    data-testid={`sort-${col.field}`}
                    onClick={() =>
                      props.onSort({ field: col.field!, descending: active ? !sort.descending : col.field === 'updated' })
                    }
                  >
                    {t(col.label)}
                    <span class="tl-sort-mark" aria-hidden="true">
                      {active ? (sort.descending ? '↓' : '↑') : ''}
                    </span>
                  </button>
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div
        class="tl-table-body"
        role="rowgroup"
        ref={scroller}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
      >
        {rows.length === 0 ? (
          <p class="tl-empty" data-testid="entry-table-empty">{props.emptyText}</p>
        ) : (
          <div style={{ height: `${rows.length * ROW_HEIGHT}px`, position: 'relative' }}>
            {rows.slice(first, last).map((entry, k) => {
              const index = first + k;
              return (
                <EntryRow
                  key={index % slots}
                  entry={entry}
                  index={index}
                  list={props.lists.get(entry.listId)}
                  isSelected={props.selected.has(entry.id)}
                  isActive={props.activeId === entry.id}
                  focusable={index === focusIndex}
                  actions={actions}
                />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

/** What a row asks of its table; one object for the table's lifetime. */
interface RowActions {
  open: (entryId: string) => void;
  select: (index: number, event: MouseEvent) => void;
  focus: (index: number) => void;
}

interface EntryRowProps {
  entry: GlossaryEntry;
  index: number;
  list: GlossaryList | undefined;
  isSelected: boolean;
  isActive: boolean;
  /** The row that Tab reaches (roving tabindex). */
  focusable: boolean;
  actions: RowActions;
}

/**
 * One entry's row. Rendered again only when one of its props changed: typing in the search
 * box re-renders the table, and most rows in view stay as they were.
 */
class EntryRow extends Component<EntryRowProps> {
  override shouldComponentUpdate(next: EntryRowProps): boolean {
    const now = this.props;
    return (
      next.entry !== now.entry ||
      next.index !== now.index ||
      next.list !== now.list ||
      next.isSelected !== now.isSelected ||
      next.isActive !== now.isActive ||
      next.focusable !== now.focusable ||
      next.actions !== now.actions
    );
  }

  override render() {
    const { entry, index, list, isSelected, isActive, focusable, actions } = this.props;
    return (
      <div
        class={`tl-tr tl-row-entry${isSelected ? ' is-selected' : ''}${isActive ? ' is-active' : ''}`}
        role="row"
        aria-rowindex={index + 2}
        aria-selected={isSelected}
        tabIndex={focusable ? 0 : -1}
        data-index={index}
        data-testid="entry-row"
        data-entry-id={entry.id}
        style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
        onFocus={() => actions.focus(index)}
        onClick={(e) => {
          if ((e.target as HTMLElement).closest('input')) return;
          actions.open(entry.id);
        }}
      >
        <div class="tl-td tl-col-check" role="cell">
          <input
            type="checkbox"
            tabIndex={-1}
            aria-label={t('optSelectEntry', entry.term)}
            checked={isSelected}
            onClick={(e) => {
              e.preventDefault();
              actions.select(index, e);
            }}
          />
        </div>
        <div class="tl-td tl-col-term" role="cell">
          <span class="tl-cell-term" lang={entry.lang} data-testid="entry-row-term">
            {entry.term}
          </span>
          {entry.variants.length > 0 && (
            <span class="tl-cell-variants" lang={entry.lang}>
              {entry.variants.join(' · ')}
            </span>
          )}
        </div>
        <div class="tl-td tl-col-translation" role="cell" lang={entry.translations.en?.length ? 'en' : undefined}>
          {primaryTranslation(entry)}
        </div>
        <div class="tl-td tl-col-list" role="cell">
          {list && (
            <>
              <span class={`tl-dot tl-dot-${list.color}`} aria-hidden="true" />
              <span class="tl-cell-list">{list.name}</span>
            </>
          )}
        </div>
        <div class="tl-td tl-col-tags" role="cell">
          {entry.tags.slice(0, 3).map((tag) => (
            <span key={tag} class="tl-chip">
              {tag}
            </span>
          ))}
          {entry.tags.length > 3 && <span class="tl-chip tl-chip-more">+{entry.tags.length - 3}</span>}
        </div>
        <div class="tl-td tl-col-updated" role="cell">
          <time dateTime={new Date(entry.updatedAt).toISOString()}>{formatDate(entry.updatedAt)}</time>
        </div>
      </div>
    );
  }
}

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit' });

function formatDate(ms: number): string {
  return dateFormat.format(ms);
}
