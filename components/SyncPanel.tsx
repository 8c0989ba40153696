import { t } from '@/lib/i18n';
import type { SyncUsage } from '@/lib/sync/sync-quota';
import type { SyncReport } from '@/lib/sync/sync-status';
import { Switch } from './Switch';
import './sync-panels.css';

export interface SyncPanelProps {
  enabled: boolean;
  onToggle: (enabled: boolean) => void;
  /** What storage.sync holds now; absent while it is read. */
  usage?: SyncUsage;
  /** The last sync's outcome. */
  report?: SyncReport;
  onSyncNow?: () => void;
  syncing?: boolean;
  formatTime?: (ms: number) => string;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const defaultFormat = (ms: number) => new Date(ms).toLocaleString();

/**
 * Browser sync: the switch, how much of storage.sync is used (bytes and items against
 * the quotas), when it last synced, and — when the reader's data would not fit — a
 * message saying how much it would take and suggesting to publish the largest list as
 * a subscription instead; or, when only the reader's edits of subscribed terms did not
 * fit beside the rest, how many were left out.
 */
export function SyncPanel(props: SyncPanelProps) {
  const format = props.formatTime ?? defaultFormat;
  const report = props.report;
  const usage = props.usage ?? (report && 'usage' in report ? report.usage : undefined);
  return (
    <section class="tl-section tl-sync" aria-labelledby="tl-sync-heading" data-testid="sync-panel">
      <h2 id="tl-sync-heading" class="tl-heading">{t('syncTitle')}</h2>
      <p class="tl-muted">{t('syncIntro')}</p>
      <Switch label={t('syncSwitch')} checked={props.enabled} testId="sync-switch" onChange={props.onToggle} />
      {!props.enabled && <p class="tl-muted">{t('syncOff')}</p>}
      {usage && (
        <div class="tl-sync-usage" data-testid="sync-usage">
          <meter
            min={0}
            max={usage.quotaBytes}
            high={usage.quotaBytes * 0.9}
            value={usage.bytes}
            aria-label={t('syncUsageLabel')}
          />
          <span>{t('syncUsageBytes', kb(usage.bytes), kb(usage.quotaBytes))}</span>
          <span class="tl-muted">{t('syncUsageItems', usage.items, usage.maxItems)}</span>
        </div>
      )}
      {props.enabled && (
        <p class="tl-muted" data-testid="sync-last">
          {report?.ok ? t('syncLastSync', format(report.at)) : t('syncNever')}
        </p>
      )}
      {report?.ok && report.editsLeftOut !== undefined && report.editsLeftOut > 0 && (
        <p class="tl-warning" role="status" data-testid="sync-edits-left-out">
          {t('syncEditsLeftOut', report.editsLeftOut)}
        </p>
      )}
      {report && !report.ok && report.reason === 'quota' && (
        <div class="tl-warning" role="alert" data-testid="sync-over-quota">
          <p>{t('syncOverQuota', kb(report.needed.bytes), report.needed.items, kb(report.needed.quotaBytes), report.needed.maxItems)}</p>
          <p>
            {report.largestLists[0]
              ? t('syncPublishSuggestion', report.largestLists[0].name, kb(report.largestLists[0].bytes))
              : t('syncPublishSuggestionGeneric')}
          </p>
        </div>
      )}
      {report && !report.ok && report.reason === 'error' && (
        <p class="tl-warning" role="alert" data-testid="sync-error">
          {t('syncError', report.message)}
        </p>
      )}
      {props.onSyncNow && props.enabled && (
        <button type="button" class="tl-button" data-testid="sync-now" disabled={props.syncing} onClick={props.onSyncNow}>
          {t('syncNow')}
        </button>
      )}
    </section>
  );
}
