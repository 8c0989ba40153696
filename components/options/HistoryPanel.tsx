import type { EntryVersion } from '@/lib/glossary/history';
import type { GlossaryEntry } from '@/lib/glossary/model';
import { t, type MessageKey } from '@/lib/i18n';
import { fieldLabel, fieldValueText } from '../EntryForm';

export interface HistoryPanelProps {
  entry: GlossaryEntry;
  /** Newest first; undefined while loading. */
  versions: readonly EntryVersion[] | undefined;
  onRestore: (versionId: string) => void;
  onBack: () => void;
}

const ACTION: Record<EntryVersion['action'], MessageKey> = {
  create: 'historyCreate',
  edit: 'historyEdit',
  trash: 'historyTrash',
  restore: 'historyRestore',
  revert: 'historyRevert',
  baseline: 'historyBaseline',
};

const CONTEXT: Record<EntryVersion['by']['context'], MessageKey> = {
  options: 'contextOptions',
  popup: 'contextPopup',
  import: 'contextImport',
  sync: 'contextSync',
  subscription: 'contextSubscription',
  background: 'contextBackground',
};

/** An entry's last versions: when, who (context and browser), what changed; any one can be restored. */
export function HistoryPanel(props: HistoryPanelProps) {
  const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section class="tl-history" aria-labelledby="tl-history-heading" data-testid="history-panel">
      <header class="tl-form-header">
        <button type="button" class="tl-icon-button" aria-label={t('historyBack')} title={t('historyBack')} onClick={props.onBack}>
          ←
        </button>
        <h2 id="tl-history-heading" class="tl-form-title">
          {t('historyTitle', props.entry.term)}
        </h2>
      </header>
      {props.versions === undefined && <p class="tl-hint">{t('popupLoading')}</p>}
      {props.versions?.length === 0 && <p class="tl-empty">{t('historyEmpty')}</p>}
      <ol class="tl-history-list">
        {props.versions?.map((version, i) => (
          <li key={version.id} class="tl-history-item" data-testid="history-version">
            <div class="tl-history-head">
              <strong>{t(ACTION[version.action])}</strong>
              <time dateTime={new Date(version.at).toISOString()}>{format.format(version.at)}</time>
            </div>
            <div class="tl-hint">
              {version.action === 'baseline'
                ? t('historyBaselineWho')
                : t('historyWho', t(CONTEXT[version.by.context]), version.by.device || '—')}
            </div>
            {version.action !== 'create' && version.action !== 'baseline' && version.changed.length > 0 && (
              <dl class="tl-history-changes">
                {version.changed
                  .filter((f) => f !== 'deletedAt')
                  .map((field) => (
                    <div key={field} class="tl-history-change">
                      <dt>{fieldLabel(field)}</dt>
                      <dd>{fieldValueText(version.entry, field)}</dd>
                    </div>
                  ))}
              </dl>
            )}
            {i > 0 && (
              <button
                type="button"
                class="tl-button tl-button-quiet"
                data-testid="history-restore"
                onClick={() => props.onRestore(version.id)}
              >
                {t('historyRestoreThis')}
              </button>
            )}
            {i === 0 && <span class="tl-chip">{t('historyCurrent')}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
