import { useEffect, useState } from 'preact/hooks';
import type { GlossaryDb } from '@/lib/glossary/db';
import { t } from '@/lib/i18n';
import { useLiveQuery } from '@/components/use-live-query';
import { SubscriptionsPanel } from '@/components/SubscriptionsPanel';
import { SyncPanel } from '@/components/SyncPanel';
import { subscribeFromClick, subscriptionPanelData, syncNow, syncPanelData } from '@/lib/sync/sharing-page';
import { resolveReview, unsubscribe, updateSubscription } from '@/lib/sync/subscriptions';
import { setSyncEnabled } from '@/lib/sync/browser-sync-runner';
import { syncStatusItem } from '@/lib/sync/sync-status';
import { ImportExportPanel } from '@/components/ImportExportPanel';
import { BackupPanel } from '@/components/BackupPanel';
import { createImportWorker, createWorkerImportSession } from '@/lib/glossary/import-session';
import { backupActions } from '@/lib/glossary/backup';
import { orderedLists } from '@/lib/glossary/list-store';

// Import, export and backup work in a dedicated worker (import) or on this page (backup).
const createImportSession = () => createWorkerImportSession(createImportWorker);

type SyncData = Awaited<ReturnType<typeof syncPanelData>>;

/**
 * `#/sharing`: published lists the reader subscribes to, and sync between the
 * reader's browsers. Wiring only: the panels are views, lib/sync does the work.
 */
export function SharingView({ db }: { db: GlossaryDb }) {
  const panel = useLiveQuery(() => subscriptionPanelData(db));
  const [sync, setSync] = useState<SyncData | undefined>(undefined);
  const [syncing, setSyncing] = useState(false);
  const lists = useLiveQuery(() => db.list.toArray());
  const [backup] = useState(() => backupActions(db));

  useEffect(() => {
    const read = () => void syncPanelData().then(setSync, (error: unknown) => console.error('TermLens: reading sync status failed', error));
    read();
    return syncStatusItem.watch(read);
  }, []);

  return (
    <div class="tl-sharing">
      <header class="tl-main-header">
        <h2 class="tl-main-title">{t('optSharingTitle')}</h2>
      </header>
      <SubscriptionsPanel
        subscriptions={panel?.subscriptions ?? []}
        reviews={panel?.reviews ?? []}
        onSubscribe={(url) => subscribeFromClick(db, url)}
        onUpdateNow={async (listId) => {
          await updateSubscription(db, listId);
        }}
        onUnsubscribe={(listId) => unsubscribe(db, listId)}
        onResolve={(entryId, field, choice) => resolveReview(db, entryId, field, choice)}
      />
      {sync && (
        <SyncPanel
          enabled={sync.enabled}
          usage={sync.usage}
          report={sync.lastReport}
          syncing={syncing}
          onToggle={(enabled) => void setSyncEnabled(enabled)}
          onSyncNow={() => {
            setSyncing(true);
            void syncNow(db).finally(() => setSyncing(false));
          }}
        />
      )}
      <ImportExportPanel lists={orderedLists(lists ?? [])} createSession={createImportSession} />
      <BackupPanel actions={backup} />
    </div>
  );
}
