import type { RefObject } from 'preact';
import { t } from '@/lib/i18n';

export interface EntryToolbarProps {
  query: string;
  onQuery: (query: string) => void;
  tags: readonly { tag: string; count: number }[];
  tag: string | undefined;
  onTag: (tag: string | undefined) => void;
  shown: number;
  total: number;
  onNew: () => void;
  searchRef?: RefObject<HTMLInputElement | null>;
}

/** Search, tag filter, result count and "new entry" above the entries table. */
export function EntryToolbar(props: EntryToolbarProps) {
  return (
    <div class="tl-toolbar">
      <div class="tl-search-box">
        <span class="tl-search-icon" aria-hidden="true">⌕</span>
        <input
          ref={props.searchRef}
          type="search"
          class="tl-input tl-search-input"
          data-testid="entry-search"
          aria-label={t('optSearchLabel')}
          placeholder={t('optSearchPlaceholder')}
          value={props.query}
          onInput={(e) => props.onQuery(e.currentTarget.value)}
        />
      </div>
      <label class="tl-filter">
        <span class="tl-visually-hidden">{t('optFilterTag')}</span>
        <select
          class="tl-input"
          data-testid="tag-filter"
          value={props.tag ?? ''}
          onChange={(e) => props.onTag(e.currentTarget.value || undefined)}
        >
          <option value="">{t('optAllTags')}</option>
          {props.tags.map(({ tag, count }) => (
            <option key={tag} value={tag}>
              {tag} ({count})
            </option>
          ))}
        </select>
      </label>
      <span class="tl-result-count" aria-live="polite" data-testid="result-count">
        {props.shown === props.total ? props.total === 1 ? t('optEntryCountOne') : t('optEntryCount', props.total) : t('optShownOfTotal', props.shown, props.total)}
      </span>
      <button type="button" class="tl-button tl-button-primary" data-testid="entry-new" onClick={props.onNew}>
        + {t('optNewEntry')}
      </button>
    </div>
  );
}
