import { useMemo, useState } from 'preact/hooks';
import type { GlossaryEntry } from '@/lib/glossary/model';
import { EntrySearch } from '@/lib/glossary/search';
import { t } from '@/lib/i18n';
import { useIdleSearchPreparation } from './use-idle-search';

const SHOWN = 50;

/**
 * The glossary with instant search over terms, variants, translations and definitions.
 * With `onEdit`/`onAdd`, each entry opens for a quick edit and a button adds one.
 */
export function GlossaryBrowser({
  entries,
  onEdit,
  onAdd,
}: {
  entries: readonly GlossaryEntry[] | undefined;
  onEdit?: (entryId: string) => void;
  onAdd?: (term: string) => void;
}) {
  const [query, setQuery] = useState('');
  const search = useMemo(() => new EntrySearch(entries ?? []), [entries]);
  useIdleSearchPreparation(search);
  const results = useMemo(() => search.search(query), [search, query]);
  return (
    <section class="tl-section" aria-labelledby="tl-glossary-heading">
      <div class="tl-heading-row">
        <h2 id="tl-glossary-heading" class="tl-heading">{t('popupGlossary')}</h2>
        {entries && <span class="tl-muted">{t('popupEntryCount', entries.length)}</span>}
        {onAdd && (
          <button type="button" class="tl-link-button tl-add-entry" data-testid="glossary-add" onClick={() => onAdd(query.trim())}>
            + {t('popupAddEntry')}
          </button>
        )}
      </div>
      <input
        type="search"
        class="tl-search"
        data-testid="glossary-search"
        aria-label={t('popupSearchLabel')}
        placeholder={t('popupSearchPlaceholder')}
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      {entries === undefined && <p class="tl-muted">{t('popupLoading')}</p>}
      {entries && results.length === 0 && <p class="tl-muted">{t('popupNoResults')}</p>}
      <ul class="tl-entries" aria-live="polite">
        {results.slice(0, SHOWN).map((entry) => (
          <li key={entry.id} class="tl-entry" data-testid="glossary-entry" data-entry-id={entry.id}>
            <div class="tl-entry-head">
              <span class="tl-entry-names">
                <span class="tl-entry-term" lang={entry.lang}>{entry.term}</span>
                {entry.translations.en?.[0] && (
                  <span class="tl-entry-translation" lang="en">{entry.translations.en[0]}</span>
                )}
              </span>
              {onEdit && (
                <button
                  type="button"
                  class="tl-link-button tl-entry-edit"
                  data-testid="glossary-edit"
                  aria-label={t('popupEditEntry', entry.term)}
                  onClick={() => onEdit(entry.id)}
                >
                  {t('popupEdit')}
                </button>
              )}
            </div>
            <p class="tl-entry-definition" lang={entry.lang}>{entry.definition}</p>
          </li>
        ))}
      </ul>
      {results.length > SHOWN && <p class="tl-muted">{t('popupMoreResults', results.length - SHOWN)}</p>}
    </section>
  );
}
