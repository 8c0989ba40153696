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
        <ActionSelect testId="bulk-move" prompt={t('optBulkChooseList')} options={props.lists.map((l) => ({ value: l.id, label: l.name }))} onChoose={props.onMove} />
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
          <ActionSelect testId="bulk-untag" prompt={t('optBulkUntag')} options={props.selectedTags.map((tg) => ({ value: tg, label: tg }))} onChoose={props.onUntag} />
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

/** A select whose choice is an action: it calls `onChoose` with the value chosen, then shows its prompt again. */
function ActionSelect(props: { testId: string; prompt: string; options: readonly { value: string; label: string }[]; onChoose: (value: string) => void }) {
  return (
    <select
      class="tl-input"
      data-testid={props.testId}
      value=""
      onChange={(e) => {
        const value = e.currentTarget.value;
        e.currentTarget.value = '';
        if (value) props.onChoose(value);
      }}
    >
      <option value="">{props.prompt}</option>
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
