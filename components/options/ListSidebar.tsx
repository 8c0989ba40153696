import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { COLOR_SLOTS, type ColorSlot, type GlossaryList } from '@/lib/glossary/model';
import { t } from '@/lib/i18n';
import { Switch } from '../Switch';

/** What the main area shows: every entry, one list's, or the trash. */
export type SidebarSelection = { kind: 'all' } | { kind: 'list'; id: string } | { kind: 'trash' };

export interface ListSidebarProps {
  /** Live lists, highest priority first. */
  lists: readonly GlossaryList[];
  /** Live entries per list id. */
  counts: ReadonlyMap<string, number>;
  total: number;
  trashCount: number;
  selected: SidebarSelection;
  onSelect: (selection: SidebarSelection) => void;
  onCreate: (name: string) => void;
  onRename: (id: string, name: string) => void;
  onColor: (id: string, color: ColorSlot) => void;
  onToggle: (id: string, enabled: boolean) => void;
  onMove: (id: string, step: -1 | 1) => void;
  onDelete: (id: string) => void;
}

/** The lists: colour, name, entry count and on/off; choose one to filter, edit one in place. */
export function ListSidebar(props: ListSidebarProps) {
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const sel = props.selected;
  return (
    <nav class="tl-sidebar-nav" aria-label={t('optLists')}>
      <button
        type="button"
        class={`tl-nav-item${sel.kind === 'all' ? ' is-selected' : ''}`}
        aria-current={sel.kind === 'all' ? 'page' : undefined}
        data-testid="nav-all"
        onClick={() => props.onSelect({ kind: 'all' })}
      >
        <span class="tl-nav-icon" aria-hidden="true">≡</span>
        <span class="tl-nav-name">{t('optAllEntries')}</span>
        <span class="tl-nav-count">{props.total}</span>
      </button>

      <div class="tl-nav-heading">
        <h2>{t('optLists')}</h2>
        <button
          type="button"
          class="tl-icon-button"
          data-testid="list-new"
          aria-label={t('optNewList')}
          title={t('optNewList')}
          onClick={() => setCreating(true)}
        >
          +
        </button>
      </div>

      {creating && (
        <NameInput
          label={t('optNewListName')}
          initial=""
          testId="list-name-input"
          onDone={(name) => {
            setCreating(false);
            if (name) props.onCreate(name);
          }}
        />
      )}

      <ul class="tl-list-items">
        {props.lists.map((list, i) => {
          const isSelected = sel.kind === 'list' && sel.id === list.id;
          return (
            <li key={list.id} class={`tl-list-item${list.enabled ? '' : ' is-off'}`} data-testid="list-item" data-list-id={list.id}>
              <div class={`tl-nav-item${isSelected ? ' is-selected' : ''}`}>
                <button
                  type="button"
                  class="tl-nav-main"
                  aria-current={isSelected ? 'page' : undefined}
                  onClick={() => props.onSelect({ kind: 'list', id: list.id })}
                >
                  <span class={`tl-dot tl-dot-${list.color}`} aria-hidden="true" />
                  <span class="tl-nav-name" data-testid="list-name">{list.name}</span>
                  <span class="tl-nav-count">{props.counts.get(list.id) ?? 0}</span>
                </button>
                <span class="tl-switch-bare" title={t('optListSwitch', list.name)}>
                  <Switch
                    label={t('optListSwitch', list.name)}
                    checked={list.enabled}
                    testId="list-enabled"
                    onChange={(on) => props.onToggle(list.id, on)}
                  />
                </span>
                <button
                  type="button"
                  class="tl-icon-button tl-nav-more"
                  aria-expanded={editing === list.id}
                  aria-label={t('optEditList', list.name)}
                  title={t('optEditList', list.name)}
                  data-testid="list-edit"
                  onClick={() => setEditing(editing === list.id ? null : list.id)}
                >
                  ⋯
                </button>
              </div>
              {editing === list.id && (
                <div class="tl-list-editor" data-testid="list-editor">
                  <NameInput
                    label={t('optRenameList')}
                    initial={list.name}
                    testId="list-rename-input"
                    onDone={(name) => {
                      if (name && name !== list.name) props.onRename(list.id, name);
                    }}
                  />
                  <fieldset class="tl-colors">
                    <legend>{t('optListColor')}</legend>
                    {COLOR_SLOTS.map((slot) => (
                      <label key={slot} class="tl-color-choice" title={t('optColorSlot', slot + 1)}>
                        <input
                          type="radio"
                          name={`color-${list.id}`}
                          checked={list.color === slot}
                          aria-label={t('optColorSlot', slot + 1)}
                          data-testid={`list-color-${slot}`}
                          onChange={() => props.onColor(list.id, slot)}
                        />
                        <span class={`tl-dot tl-dot-lg tl-dot-${slot}`} aria-hidden="true" />
                      </label>
                    ))}
                  </fieldset>
                  <div class="tl-list-editor-actions">
                    <button type="button" class="tl-button tl-button-quiet" disabled={i === 0} onClick={() => props.onMove(list.id, -1)}>
                      ↑ {t('optMoveUp')}
                    </button>
                    <button
                      type="button"
                      class="tl-button tl-button-quiet"
                      disabled={i === props.lists.length - 1}
                      onClick={() => props.onMove(list.id, 1)}
                    >
                      ↓ {t('optMoveDown')}
                    </button>
                    <button
                      type="button"
                      class="tl-button tl-button-danger tl-button-quiet"
                      data-testid="list-delete"
                      onClick={() => {
                        setEditing(null);
                        props.onDelete(list.id);
                      }}
                    >
                      {t('optDeleteList')}
                    </button>
                  </div>
                  <p class="tl-hint">{t('optPriorityHint')}</p>
                </div>
              )}
            </li>
          );
        })}
      </ul>

      <button
        type="button"
        class={`tl-nav-item tl-nav-trash${sel.kind === 'trash' ? ' is-selected' : ''}`}
        aria-current={sel.kind === 'trash' ? 'page' : undefined}
        data-testid="nav-trash"
        onClick={() => props.onSelect({ kind: 'trash' })}
      >
        <svg class="tl-nav-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path d="M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4" fill="none" stroke="currentColor" stroke-width="1.3" stroke-linejoin="round" />
        </svg>
        <span class="tl-nav-name">{t('optTrash')}</span>
        <span class="tl-nav-count">{props.trashCount}</span>
      </button>
    </nav>
  );
}

/** A one-line name field: Enter or leaving it commits, Escape cancels. */
function NameInput(props: { label: string; initial: string; testId: string; onDone: (name: string | null) => void }) {
  const [name, setName] = useState(props.initial);
  const input = useRef<HTMLInputElement>(null);
  // Creating: one commit only (Enter, then the blur of the removed field, must not create twice).
  const done = useRef(false);
  // In the commit that shows the field, so that the first key typed lands in it.
  useLayoutEffect(() => input.current?.focus(), []);
  const finish = (value: string | null) => {
    if (done.current) return;
    if (props.initial === '') done.current = true;
    props.onDone(value === null ? null : value.trim() || null);
  };
  return (
    <label class="tl-name-input">
      <span class="tl-visually-hidden">{props.label}</span>
      <input
        class="tl-input"
        data-testid={props.testId}
        placeholder={props.label}
        value={name}
        ref={input}
        onInput={(e) => setName(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            finish(name);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            finish(null);
          }
        }}
        onBlur={() => finish(name)}
      />
    </label>
  );
}
