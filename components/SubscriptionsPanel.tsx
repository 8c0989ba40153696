import { useState } from 'preact/hooks';
import { t, type MessageKey } from '@/lib/i18n';
import type { OverridableField } from '@/lib/sync/entry-override';
import { SubscriptionError, type SubscriptionErrorCode } from '@/lib/sync/subscription-error';
import type { ReviewView, SubscriptionView } from '@/lib/sync/subscription-view';
import './sync-panels.css';

export interface SubscriptionsPanelProps {
  subscriptions: SubscriptionView[];
  /** Fields that both the reader and the publisher changed. */
  reviews: ReviewView[];
  /** Subscribes; rejects (ideally with a SubscriptionError) when it cannot. */
  onSubscribe: (url: string) => Promise<void>;
  onUpdateNow: (listId: string) => Promise<void>;
  onUnsubscribe: (listId: string) => Promise<void>;
  onResolve: (entryId: string, field: OverridableField, choice: 'mine' | 'theirs') => Promise<void>;
  /** How times are written (default: the browser's locale, date and time). */
  formatTime?: (ms: number) => string;
  /** Asks before unsubscribing (default: window.confirm). */
  confirm?: (question: string) => boolean | Promise<boolean>;
}

const ERROR_KEYS: Record<SubscriptionErrorCode, MessageKey> = {
  'bad-url': 'subsErrBadUrl',
  'not-http': 'subsErrNotHttp',
  'already-subscribed': 'subsErrAlreadySubscribed',
  network: 'subsErrNetwork',
  'http-status': 'subsErrHttpStatus',
  'not-a-list': 'subsErrNotAList',
  'too-large': 'subsErrTooLarge',
  'invalid-list': 'subsErrInvalidList',
  'not-one-list': 'subsErrNotOneList',
  'not-found': 'subsErrNotFound',
};

const FIELD_KEYS: Record<OverridableField, MessageKey> = {
  term: 'subsFieldTerm',
  variants: 'subsFieldVariants',
  lang: 'subsFieldLang',
  translations: 'subsFieldTranslations',
  definition: 'subsFieldDefinition',
  note: 'subsFieldNote',
  tags: 'subsFieldTags',
  source: 'subsFieldSource',
  match: 'subsFieldMatch',
  deletedAt: 'subsFieldDeletedAt',
};

/** A failure as the reader reads it: the translated reason, then the details. */
export function describeSubscriptionFailure(error: unknown): string {
  if (error instanceof SubscriptionError) return `${t(ERROR_KEYS[error.code])} ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

const defaultFormat = (ms: number) => new Date(ms).toLocaleString();

/**
 * The reader's subscriptions: a form to subscribe to a URL, and per list its last
 * success, last error (the last good copy stays in use), next check, "update now" and
 * unsubscribe; then the entries flagged for review, each with both values. Every
 * value from a list is rendered as text.
 */
export function SubscriptionsPanel(props: SubscriptionsPanelProps) {
  const format = props.formatTime ?? defaultFormat;
  const [url, setUrl] = useState('');
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<string | null>(null);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());

  const withBusy = async (id: string, job: () => Promise<void>) => {
    setBusy((b) => new Set(b).add(id));
    try {
      await job();
    } finally {
      setBusy((b) => {
        const next = new Set(b);
        next.delete(id);
        return next;
      });
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (url.trim() === '' || adding) return;
    setAdding(true);
    setAddError(null);
    try {
      await props.onSubscribe(url.trim());
      setUrl('');
    } catch (error) {
      setAddError(describeSubscriptionFailure(error));
    } finally {
      setAdding(false);
    }
  };

  const unsubscribe = async (sub: SubscriptionView) => {
    const ask = props.confirm ?? ((q: string) => window.confirm(q));
    if (!(await ask(t('subsUnsubscribeConfirm', sub.name)))) return;
    await withBusy(sub.listId, () => props.onUnsubscribe(sub.listId));
  };

  return (
    <section class="tl-section tl-subs" aria-labelledby="tl-subs-heading" data-testid="subscriptions-panel">
      <h2 id="tl-subs-heading" class="tl-heading">{t('subsTitle')}</h2>
      <p class="tl-muted">{t('subsIntro')}</p>
      <form class="tl-subs-add" onSubmit={(e) => void submit(e)}>
        <label for="tl-subs-url">{t('subsUrlLabel')}</label>
        <input
          id="tl-subs-url"
          class="tl-input"
          type="url"
          inputMode="url"
          data-testid="subscription-url"
          placeholder="https://example.org/glossary.json"
          value={url}
          disabled={adding}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
        <button type="submit" class="tl-button tl-button-primary" data-testid="subscribe" disabled={adding || url.trim() === ''}>
          {adding ? t('subsAdding') : t('subsAdd')}
        </button>
      </form>
      {addError !== null && (
        <p class="tl-warning" role="alert" data-testid="subscribe-error">
          {addError}
        </p>
      )}

      {props.subscriptions.length === 0 ? (
        <p class="tl-muted">{t('subsNone')}</p>
      ) : (
        <ul class="tl-subs-list">
          {props.subscriptions.map((sub) => (
            <li key={sub.listId} class="tl-subs-item" data-testid="subscription" data-list-id={sub.listId}>
              <div class="tl-subs-name">
                <strong>{sub.name}</strong> <span class="tl-muted">{t('subsEntryCount', sub.entryCount)}</span>
              </div>
              <div class="tl-subs-url tl-muted">{sub.url}</div>
              <div data-testid="subscription-last-success">
                {sub.lastSuccessAt !== undefined ? t('subsLastSuccess', format(sub.lastSuccessAt)) : t('subsNeverUpdated')}
              </div>
              {sub.error !== undefined && (
                <div class="tl-warning" role="status" data-testid="subscription-error">
                  {t('subsLastError', sub.error)} {sub.lastSuccessAt !== undefined && t('subsKeptCopy')}
                </div>
              )}
              <div class="tl-muted" data-testid="subscription-next-check">
                {sub.checkedAt !== undefined && `${t('subsLastChecked', format(sub.checkedAt))} · `}
                {sub.nextCheckAt > Date.now() ? t('subsNextCheck', format(sub.nextCheckAt)) : t('subsNextCheckSoon')}
              </div>
              <div class="tl-subs-actions">
                <button
                  type="button"
                  class="tl-button"
                  data-testid="subscription-update-now"
                  disabled={busy.has(sub.listId)}
                  onClick={() => void withBusy(sub.listId, () => props.onUpdateNow(sub.listId))}
                >
                  {busy.has(sub.listId) ? t('subsUpdating') : t('subsUpdateNow')}
                </button>
                <button
                  type="button"
                  class="tl-link-button"
                  data-testid="subscription-unsubscribe"
                  disabled={busy.has(sub.listId)}
                  onClick={() => void unsubscribe(sub)}
                >
                  {t('subsUnsubscribe')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}

      {props.reviews.length > 0 && (
        <section class="tl-subs-review" aria-labelledby="tl-subs-review-heading" data-testid="subscription-reviews">
          <h3 id="tl-subs-review-heading" class="tl-heading">{t('subsReviewTitle')}</h3>
          <p class="tl-muted">{t('subsReviewIntro')}</p>
          <ul>
            {props.reviews.map((r) => {
              const id = `${r.entryId}/${r.field}`;
              return (
                <li key={id} class="tl-subs-review-item" data-testid="subscription-review" data-entry-id={r.entryId} data-field={r.field}>
                  <div>
                    <strong>{r.term}</strong> · {t(FIELD_KEYS[r.field])}
                  </div>
                  <dl class="tl-subs-both">
                    <dt>{t('subsReviewMine')}</dt>
                    <dd data-testid="review-mine">{r.mine === '' ? t('subsEmptyValue') : r.mine}</dd>
                    <dt>{t('subsReviewTheirs')}</dt>
                    <dd data-testid="review-theirs">{r.theirs === '' ? t('subsEmptyValue') : r.theirs}</dd>
                  </dl>
                  <div class="tl-subs-actions">
                    <button type="button" class="tl-button" disabled={busy.has(id)} onClick={() => void withBusy(id, () => props.onResolve(r.entryId, r.field, 'mine'))}>
                      {t('subsKeepMine')}
                    </button>
                    <button type="button" class="tl-button" disabled={busy.has(id)} onClick={() => void withBusy(id, () => props.onResolve(r.entryId, r.field, 'theirs'))}>
                      {t('subsTakeTheirs')}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </section>
  );
}
