import { useState } from 'preact/hooks';
import type { PageTermCount } from '@/lib/messages';
import { t } from '@/lib/i18n';
import { PAGE_TERMS_SHOWN } from '@/lib/page-terms';

export type PageTermsState =
  | { kind: 'loading' }
  | { kind: 'unavailable' }
  | { kind: 'unsupported' }
  | { kind: 'inactive' }
  | { kind: 'ready'; terms: PageTermCount[] };

/** The keys that move between a page's terms, and where each goes (from the index of the focused one, of `n`). */
const MOVES: Record<string, (at: number, n: number) => number> = {
  ArrowRight: (at, n) => (at + 1) % n,
  ArrowDown: (at, n) => (at + 1) % n,
  ArrowLeft: (at, n) => (at - 1 + n) % n,
  ArrowUp: (at, n) => (at - 1 + n) % n,
  Home: () => 0,
  End: (_, n) => n - 1,
};

/**
 * The glossary terms found on the reader's page, with counts; choosing one reveals its next occurrence.
 * The terms are one stop of the Tab key (a toolbar with a roving tab index): a page can hold dozens,
 * and Tab then had to pass each of them to reach the glossary. The arrow keys, Home and End move
 * among them; the one last moved to keeps the stop while the counts refresh.
 */
export function PageTerms({ state, onReveal }: { state: PageTermsState; onReveal: (entryId: string) => void }) {
  const [current, setCurrent] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  const found = state.kind === 'ready' ? state.terms : [];
  const folds = found.length > PAGE_TERMS_SHOWN + 2;
  // The page's terms come most frequent first: the ones shown are the page's main terms.
  const terms = folds && !showAll ? found.slice(0, PAGE_TERMS_SHOWN) : found;
  const stop = terms.some((term) => term.entryId === current) ? current : (terms[0]?.entryId ?? null);
  const onKeyDown = (event: KeyboardEvent) => {
    const move = MOVES[event.key];
    if (!move || terms.length === 0) return;
    event.preventDefault();
    const at = Math.max(0, terms.findIndex((term) => term.entryId === stop));
    const next = terms[move(at, terms.length)]!;
    // Its focus handler makes it the stop.
    (event.currentTarget as HTMLElement).querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(next.entryId)}"]`)?.focus();
  };
  return (
    <section class="tl-section" aria-labelledby="tl-page-heading">
      <h2 id="tl-page-heading" class="tl-heading">{t('popupThisPage')}</h2>
      {state.kind === 'loading' && <p class="tl-muted">{t('popupLoading')}</p>}
      {state.kind === 'unavailable' && <p class="tl-muted">{t('popupNoPage')}</p>}
      {state.kind === 'unsupported' && <p class="tl-warning" role="status">{t('popupUnsupported')}</p>}
      {state.kind === 'inactive' && <p class="tl-muted">{t('popupInactive')}</p>}
      {state.kind === 'ready' && state.terms.length === 0 && <p class="tl-muted">{t('popupNoTermsOnPage')}</p>}
      {terms.length > 0 && (
        <ul id="tl-page-terms" class="tl-page-terms" role="toolbar" aria-labelledby="tl-page-heading" onKeyDown={onKeyDown}>
          {terms.map((term) => (
            <li key={term.entryId} role="none">
              <button
                type="button"
                class={`tl-page-term tl-slot-${term.slot}`}
                data-testid="page-term"
                data-entry-id={term.entryId}
                tabIndex={term.entryId === stop ? 0 : -1}
                title={t('popupRevealHint', term.term)}
                onFocus={() => setCurrent(term.entryId)}
                onClick={() => onReveal(term.entryId)}
              >
                <span class="tl-page-term-text">{term.term}</span>
                <span class="tl-count" data-testid="page-term-count" aria-label={t('popupOccurrences', term.count)}>
                  {term.count}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {folds && (
        <button
          type="button"
          class="tl-link-button tl-page-terms-more"
          data-testid="page-terms-more"
          aria-expanded={showAll}
          aria-controls="tl-page-terms"
          onClick={() => setShowAll(!showAll)}
        >
          {showAll ? t('popupFewerPageTerms') : t('popupAllPageTerms', found.length)}
        </button>
      )}
    </section>
  );
}
