import type { PageTermCount } from '@/lib/messages';
import { t } from '@/lib/i18n';

export type PageTermsState =
  | { kind: 'loading' }
  | { kind: 'unavailable' }
  | { kind: 'unsupported' }
  | { kind: 'inactive' }
  | { kind: 'ready'; terms: PageTermCount[] };

/** The glossary terms found on the reader's page, with counts; choosing one reveals its next occurrence. */
export function PageTerms({ state, onReveal }: { state: PageTermsState; onReveal: (entryId: string) => void }) {
  return (
    <section class="tl-section" aria-labelledby="tl-page-heading">
      <h2 id="tl-page-heading" class="tl-heading">{t('popupThisPage')}</h2>
      {state.kind === 'loading' && <p class="tl-muted">{t('popupLoading')}</p>}
      {state.kind === 'unavailable' && <p class="tl-muted">{t('popupNoPage')}</p>}
      {state.kind === 'unsupported' && <p class="tl-warning" role="status">{t('popupUnsupported')}</p>}
      {state.kind === 'inactive' && <p class="tl-muted">{t('popupInactive')}</p>}
      {state.kind === 'ready' && state.terms.length === 0 && <p class="tl-muted">{t('popupNoTermsOnPage')}</p>}
      {state.kind === 'ready' && state.terms.length > 0 && (
        <ul class="tl-page-terms">
          {state.terms.map((term) => (
            <li key={term.entryId}>
              <button
                type="button"
                class={`tl-page-term tl-slot-${term.slot}`}
                data-testid="page-term"
                title={t('popupRevealHint', term.term)}
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
    </section>
  );
}
