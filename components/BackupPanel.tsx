import { downloadFile } from './ImportExportPanel';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import {
  BackupError,
  summariseBackup,
  type AutoBackupState,
  type BackupActions,
  type BackupDownload,
  type BackupFile,
  type BackupProblem,
} from '@/lib/glossary/backup';
import { t, type MessageKey } from '@/lib/i18n';
import { Switch } from './Switch';
import './import-export.css';

export interface BackupPanelProps {
  actions: BackupActions;
  /** Hands a backup file to the user; default: a Blob URL clicked through `<a download>`. */
  download?: (file: BackupDownload) => void;
  formatTime?: (ms: number) => string;
  /** Called after a restore replaced everything. */
  onRestored?: () => void;
}

type RestoreState =
  | { step: 'idle' }
  | { step: 'reading' }
  | { step: 'invalid'; problems: readonly BackupProblem[]; message?: string }
  | { step: 'confirm'; backup: BackupFile; origin: string }
  | { step: 'restoring' }
  | { step: 'restored'; origin: string };

const PROBLEM_KEYS: Record<BackupProblem['code'], MessageKey> = {
  'not-json': 'bkProblemNotJson',
  'not-backup': 'bkProblemNotBackup',
  'newer-version': 'bkProblemNewer',
  'bad-record': 'bkProblemBadRecord',
  'duplicate-key': 'bkProblemDuplicate',
  'dangling-reference': 'bkProblemDangling',
};


const size = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/**
 * Backup and restore (issue 8): download a backup of everything (every table and the
 * settings), restore one after it was checked whole and the user confirmed, and the
 * weekly automatic backup: on/off, the last three with their sizes, restore or download.
 */
export function BackupPanel(props: BackupPanelProps) {
  const format = props.formatTime ?? ((ms: number) => new Date(ms).toLocaleString());
  const [auto, setAuto] = useState<AutoBackupState | undefined>(undefined);
  const [restore, setRestore] = useState<RestoreState>({ step: 'idle' });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => props.actions.watchAutoState(setAuto), [props.actions]);
  // In the commit that shows the confirmation: an effect after the frame left an Enter pressed in
  // between on the page's body (tests/unit/components/focus-on-appear.test.ts).
  useLayoutEffect(() => {
    if (restore.step === 'confirm') confirmRef.current?.focus();
  }, [restore.step]);

  const failed = (error: unknown) => {
    if (error instanceof BackupError) setRestore({ step: 'invalid', problems: error.problems });
    else setRestore({ step: 'invalid', problems: [], message: error instanceof Error ? error.message : String(error) });
  };

  const download = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const file = await props.actions.create();
      (props.download ?? downloadFile)(file);
      setMessage({ text: t('bkDownloaded', file.fileName, size(file.blob.size)), error: false });
    } catch (error) {
      setMessage({ text: t('ieFailed', error instanceof Error ? error.message : String(error)), error: true });
    } finally {
      setBusy(false);
    }
  };

  const choose = async (file: File) => {
    setRestore({ step: 'reading' });
    try {
      setRestore({ step: 'confirm', backup: await props.actions.read(file), origin: file.name });
    } catch (error) {
      failed(error);
    }
  };

  const confirm = async (backup: BackupFile, origin: string) => {
    setRestore({ step: 'restoring' });
    try {
      await props.actions.restore(backup);
      setRestore({ step: 'restored', origin });
      props.onRestored?.();
    } catch (error) {
      failed(error);
    } finally {
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <section class="tl-ie-section" aria-labelledby="tl-backup-heading" data-testid="backup-panel">
      <h2 id="tl-backup-heading" class="tl-ie-title">{t('bkTitle')}</h2>
      <p class="tl-muted">{t('bkIntro')}</p>
      <div class="tl-ie-actions">
        <button type="button" class="tl-ie-primary" data-testid="backup-download" disabled={busy} onClick={() => void download()}>
          {t('bkDownload')}
        </button>
      </div>
      {message && (
        <p class={message.error ? 'tl-warning' : 'tl-muted'} role={message.error ? 'alert' : 'status'} data-testid="backup-message">
          {message.text}
        </p>
      )}

      <h3 class="tl-ie-subtitle">{t('bkRestoreTitle')}</h3>
      <label class="tl-ie-field">
        <span>{t('bkRestoreChoose')}</span>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          data-testid="backup-file"
          disabled={restore.step === 'reading' || restore.step === 'restoring'}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void choose(file);
          }}
        />
      </label>
      {restore.step === 'reading' && <p class="tl-muted">{t('bkReading')}</p>}
      {restore.step === 'restoring' && <p class="tl-muted">{t('bkRestoring')}</p>}
      {restore.step === 'invalid' && (
        <div class="tl-ie-error" role="alert" data-testid="backup-error">
          <p class="tl-ie-error-title">{restore.message ? t('ieFailed', restore.message) : t('bkInvalid')}</p>
          <ul class="tl-ie-issues">
            {restore.problems.map((p, i) => (
              <li key={i} title={p.message}>
                {p.path ? t('ieIssueLine', p.path, t(PROBLEM_KEYS[p.code])) : t(PROBLEM_KEYS[p.code])}
              </li>
            ))}
          </ul>
          <p class="tl-muted">{t('ieNothingChanged')}</p>
        </div>
      )}
      {restore.step === 'confirm' && (
        <ConfirmRestore
          backup={restore.backup}
          origin={restore.origin}
          format={format}
          confirmRef={confirmRef}
          onConfirm={() => void confirm(restore.backup, restore.origin)}
          onCancel={() => {
            setRestore({ step: 'idle' });
            if (fileInput.current) fileInput.current.value = '';
          }}
        />
      )}
      {restore.step === 'restored' && (
        <p class="tl-muted" role="status" data-testid="backup-restored">
          {t('bkRestored', restore.origin)}
        </p>
      )}

      <h3 class="tl-ie-subtitle">{t('bkAutoTitle')}</h3>
      <Switch
        label={t('bkAutoSwitch')}
        checked={auto?.enabled ?? true}
        disabled={!auto}
        testId="backup-auto-switch"
        onChange={(on) => void props.actions.setAutoEnabled(on)}
      />
      {auto && !auto.enabled && <p class="tl-muted">{t('bkAutoOff')}</p>}
      {auto?.lastError && (
        <p class="tl-warning" role="alert" data-testid="backup-auto-error">
          {t('bkAutoFailed', format(auto.lastAttemptAt ?? 0), auto.lastError)}
        </p>
      )}
      {auto && (
        <>
          <p class="tl-muted" data-testid="backup-auto-usage">
            {auto.backups.length === 0 ? t('bkAutoNone') : t('bkAutoUsage', auto.backups.length, size(auto.backups.reduce((n, b) => n + b.bytes, 0)))}
          </p>
          <ul class="tl-bk-list" data-testid="backup-auto-list">
            {auto.backups.map((b) => (
              <li key={b.key} data-testid="backup-auto-item">
                <span>{format(b.at)}</span>
                <span class="tl-muted">{t('bkAutoItem', b.lists, b.entries, size(b.bytes))}</span>
                <button
                  type="button"
                  onClick={() =>
                    void props.actions.readAuto(b.key).then(
                      (backup) => (props.download ?? downloadFile)({ fileName: `termlens-backup-${new Date(b.at).toISOString().slice(0, 10)}.json`, blob: new Blob([JSON.stringify(backup)], { type: 'application/json' }), entryCount: b.entries }),
                      failed,
                    )
                  }
                >
                  {t('bkAutoDownload')}
                </button>
                <button
                  type="button"
                  data-testid="backup-auto-restore"
                  onClick={() =>
                    void props.actions.readAuto(b.key).then((backup) => setRestore({ step: 'confirm', backup, origin: format(b.at) }), failed)
                  }
                >
                  {t('bkAutoRestore')}
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            data-testid="backup-auto-now"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void props.actions
                .backupNow()
                .then(setAuto, (error: unknown) => setMessage({ text: t('ieFailed', String(error)), error: true }))
                .finally(() => setBusy(false));
            }}
          >
            {t('bkAutoNow')}
          </button>
        </>
      )}
    </section>
  );
}

function ConfirmRestore(props: {
  backup: BackupFile;
  origin: string;
  format: (ms: number) => string;
  confirmRef: { current: HTMLButtonElement | null };
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const s = summariseBackup(props.backup);
  return (
    <div class="tl-ie-preview" role="group" aria-labelledby="tl-backup-confirm" data-testid="backup-confirm">
      <p id="tl-backup-confirm">
        <strong>{t('bkConfirmTitle', props.origin, props.format(Date.parse(s.createdAt)))}</strong>
      </p>
      <p>{t('bkConfirmCounts', s.lists, s.entries, s.history, s.settings)}</p>
      <p class="tl-warning">{t('bkConfirmWarning')}</p>
      <div class="tl-ie-actions">
        <button type="button" class="tl-ie-primary" ref={props.confirmRef} data-testid="backup-confirm-restore" onClick={props.onConfirm}>
          {t('bkConfirmRestore')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('ieCancel')}
        </button>
      </div>
    </div>
  );
}
