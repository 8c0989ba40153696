import { useMemo } from 'preact/hooks';
import type { GlossaryEntry } from '@/lib/glossary/model';
import { foldedFormsOf } from '@/lib/match';
import { hasTraditionalSpelling, traditionalSpelling } from '@/lib/glossary/traditional-forms';
import { t } from '@/lib/i18n';

/**
 * What the entry will match, live: each written form with the folded text the
 * matcher looks for, and the Traditional characters that match at each place.
 */
export function MatchPreview({ entry }: { entry: GlossaryEntry }) {
  const forms = useMemo(
    () =>
      foldedFormsOf(entry)
        .filter((f) => f.form.trim() !== '')
        .map((f) => ({ ...f, spelling: traditionalSpelling(f.form) })),
    [entry.term, entry.variants, entry.translations, entry.match.caseSensitive],
  );
  return (
    <section class="tl-preview" aria-labelledby="tl-preview-heading" data-testid="match-preview">
      <h3 id="tl-preview-heading" class="tl-preview-title">
        {t('previewTitle')}
      </h3>
      {forms.length === 0 ? (
        <p class="tl-hint">{t('previewEmpty')}</p>
      ) : (
        <ul class="tl-preview-list">
          {forms.map((f, i) => (
            <li key={i} class="tl-preview-form" data-testid="match-preview-form">
              <span class="tl-preview-key" data-testid="match-preview-folded" title={t('previewFoldedHint')}>
                {f.folded === '' ? t('previewNever') : f.folded}
              </span>
              {f.folded !== '' && f.folded !== f.form && <span class="tl-preview-from">← {f.form}</span>}
              {hasTraditionalSpelling(f.spelling) && (
                <span class="tl-preview-trad" data-testid="match-preview-traditional" title={t('previewTraditionalHint')}>
                  <span class="tl-preview-tag">{t('previewTraditional')}</span>
                  {f.spelling.map((slot, j) =>
                    slot.traditional.length === 0 ? (
                      <span key={j}>{slot.simplified}</span>
                    ) : slot.traditional.length === 1 ? (
                      <span key={j}>{slot.traditional[0]}</span>
                    ) : (
                      <span key={j} class="tl-preview-alt" title={slot.traditional.join(' / ')}>
                        {slot.traditional.join('/')}
                      </span>
                    ),
                  )}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
