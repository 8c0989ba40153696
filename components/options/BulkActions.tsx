import { useState } from 'preact/hooks';
import type { GlossaryList } from '@/lib/glossary/model';
import { t } from '@/lib/i18n';

export interface BulkActionsProps {
  count: number;
  lists: readonly GlossaryList[];
  /** Tags used by the selected entries (for "remove tag"). */
  selectedTags: readonly string[];
  onMove: (listId: string) => void;
  onTag: (tag: string) => void;
  onUntag: (tag: string) => void;
  onDelete: () => void;
  onClear: () => void;
}

/** What can be done to many selected entries at once: move, tag, untag, delete. */
export function BulkActions(props: BulkActionsProps) {
  const [tag, setTag] = useState('');
  return (
    <div class="tl-bulk" role="region" aria-label={t('optBulkLabel')} data-testid="bulk-actions">
      <strong class="tl-bulk-count">{t('optSelectedCount', props.count)}</strong>
      <label class="tl-bulk-item">
        <span>{t('optBulkMove')}</span>
        <select
          class="tl-input"
          data-testid="bulk-move"
          value=""
          onChange={(e) => {
            const id = e.currentTarget.value;
            e.currentTarget.value = '';
            if (id) props.onMove(id);
          }}
        >
          <option value="">{t('optBulkChooseList')}</option>
          {props.lists.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <form
        class="tl-bulk-item"
        onSubmit={(e) => {
          e.preventDefault();
          if (tag.trim()) props.onTag(tag.trim());
          setTag('');
        }}
      >
        <label>
          <span class="tl-visually-hidden">{t('optBulkTag')}</span>
          <input
            class="tl-input tl-bulk-tag"
            data-testid="bulk-tag-input"
            placeholder={t('optBulkTag')}
            value={tag}
            onInput={(e) => setTag(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="tl-button" data-testid="bulk-tag">
          {t('optBulkAddTag')}
        </button>
      </form>
      {props.selectedTags.length > 0 && (
        <label class="tl-bulk-item">
          <span class="tl-visually-hidden">{t('optBulkUntag')}</span>
          <select
            class="tl-input"
            data-testid="bulk-untag"
            value=""
            onChange={(e) => {
              const value = e.currentTarget.value;
              e.currentTarget.value = '';
              if (value) props.onUntag(value);
            }}
          >
            <option value="">{t('optBulkUntag')}</option>
            {props.selectedTags.map((tg) => (
              <option key={tg} value={tg}>
                {tg}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" class="tl-button tl-button-danger" data-testid="bulk-delete" onClick={props.onDelete}>
        {t('optBulkDelete')}
      </button>
      <button type="button" class="tl-button tl-button-quiet" onClick={props.onClear}>
        {t('optBulkClear')}
      </button>
    </div>
  );
}
