import type { CardEntry } from '@/lib/messages';
import { t } from '@/lib/i18n';

export interface EntryCardProps {
  entry: CardEntry;
  /** The reader's UI language (BCP 47), for naming the languages of renderings. */
  uiLanguage: string;
  onClose: () => void;
}

/** Only http(s) sources become links: a `javascript:` URL in a glossary must not run. */
function safeHttpUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function languageName(lang: string, uiLanguage: string): string {
  try {
    return new Intl.DisplayNames([uiLanguage], { type: 'language' }).of(lang) ?? lang;
  } catch {
    return lang;
  }
}

/** The languages of an entry's renderings, English first, then the rest by code; never the term's own. */
function renderingLanguages(entry: CardEntry): string[] {
  const own = entry.lang.toLowerCase();
  return Object.keys(entry.translations)
    .filter((lang) => lang.toLowerCase() !== own && (entry.translations[lang]?.length ?? 0) > 0)
    .sort((a, b) => Number(b === 'en') - Number(a === 'en') || a.localeCompare(b));
}

/**
 * The card of one glossary entry: the term, its variants, renderings,
 * definition, tags, source and list. Every glossary string is rendered as text
 * (Preact escapes it); nothing here sets HTML. A non-modal dialog, labelled by
 * its term; the card controller announces it through a live region, because
 * it opens without taking focus from the page.
 */
export function EntryCard({ entry, uiLanguage, onClose }: EntryCardProps) {
  const languages = renderingLanguages(entry);
  const sourceUrl = entry.source ? safeHttpUrl(entry.source.url) : null;
  const slot = Math.max(0, Math.min(7, entry.listColor | 0));
  return (
    <div
      class="tl-card"
      role="dialog"
      aria-modal="false"
      aria-labelledby="tl-card-term"
      aria-describedby={entry.definition ? 'tl-card-definition' : undefined}
      data-testid="entry-card"
      lang={uiLanguage}
    >
      <header class="tl-card-head">
        <h2 id="tl-card-term" class="tl-card-term" lang={entry.lang} data-testid="card-term">
          {entry.term}
        </h2>
        <button type="button" class="tl-card-close" aria-label={t('cardClose')} title={t('cardClose')} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </header>

      {entry.variants.length > 0 && (
        <p class="tl-card-variants" data-testid="card-variants">
          <span class="tl-card-label">{t('cardVariants')}</span>
          {entry.variants.map((variant) => (
            <span class="tl-card-variant" lang={entry.lang} key={variant}>
              {variant}
            </span>
          ))}
        </p>
      )}

      {languages.length > 0 && (
        <dl class="tl-card-renderings" data-testid="card-renderings">
          {languages.map((lang) => (
            <div class="tl-card-rendering-group" key={lang}>
              <dt class="tl-card-label">{languageName(lang, uiLanguage)}</dt>
              {(entry.translations[lang] ?? []).map((rendering, i) => (
                <dd class={i === 0 ? 'tl-card-rendering tl-card-preferred' : 'tl-card-rendering'} lang={lang} key={rendering}>
                  {rendering}
                </dd>
              ))}
            </div>
          ))}
        </dl>
      )}

      {entry.definition && (
        <p id="tl-card-definition" class="tl-card-definition" lang={entry.lang} data-testid="card-definition">
          {entry.definition}
        </p>
      )}

      {entry.tags.length > 0 && (
        <ul class="tl-card-tags" aria-label={t('cardTags')} data-testid="card-tags">
          {entry.tags.map((tag) => (
            <li class="tl-chip" lang={entry.lang} key={tag}>
              {tag}
            </li>
          ))}
        </ul>
      )}

      <footer class="tl-card-foot">
        {entry.source && (
          <p class="tl-card-source" data-testid="card-source">
            <span class="tl-card-label">{t('cardSource')}</span>
            {sourceUrl ? (
              <a href={sourceUrl} target="_blank" rel="noopener noreferrer">
                {entry.source.title || sourceUrl}
              </a>
            ) : (
              <span>{entry.source.title || entry.source.url}</span>
            )}
            {entry.source.date && <span class="tl-card-date">{entry.source.date}</span>}
          </p>
        )}
        <p class="tl-card-list" data-testid="card-list">
          <span class={`tl-dot tl-slot-${slot}`} aria-hidden="true" />
          <span class="tl-card-label">{t('cardList')}</span>
          <span>{entry.listName}</span>
        </p>
      </footer>
    </div>
  );
}
