import { useEffect, useRef, useState } from 'preact/hooks';
import type { EntryField, ExchangeEntry, ExchangeFormat, ImportIssue, ImportMode } from '@/lib/exchange';
import type { GlossaryEntry, GlossaryList } from '@/lib/glossary/model';
import {
  ImportFailure,
  type ConflictView,
  type ExportedFile,
  type ImportCounts,
  type ImportProgress,
  type ImportSession,
  type ImportTarget,
  type ParsedFile,
  type PreviewView,
} from '@/lib/glossary/import-session';
import { t } from '@/lib/i18n';
import { sendGlossaryChanged } from '@/lib/glossary/change-notice';
import { conflictText, failureText, fieldName, issueLine } from './import-issue-text';
import './import-export.css';

export interface ImportExportPanelProps {
  /** Live lists in the sidebar's order: import targets (local ones) and export choices. */
  lists: readonly GlossaryList[];
  /** Starts a session (one per chosen file, and one per export); the panel disposes of it. */
  createSession: () => ImportSession;
  /** Called after an import was written. */
  onImported?: (counts: ImportCounts) => void;
  /** Hands an exported file to the user; default: a Blob URL clicked through `<a download>`. */
  download?: (file: ExportedFile) => void;
}

type TargetKind = ImportTarget['kind'];

type ImportState =
  | { step: 'idle' }
  | { step: 'busy'; progress: ImportProgress }
  | { step: 'failed'; message: string; issues: readonly ImportIssue[] }
  | { step: 'parsed'; parsed: ParsedFile; preview?: PreviewView; previewing: boolean; failure?: string }
  | { step: 'done'; parsed: ParsedFile; counts: ImportCounts };

/** Saves a file through a temporary object URL; needs no `downloads` permission. */
export function downloadFile(file: ExportedFile): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The click starts the download synchronously; the URL may go once the task ends.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Import and export of glossaries (issue 6). Import: choose a file (format detected or
 * chosen), where it goes and how (add only new / merge / replace), see what would change
 * with every conflict showing both values, then apply: one transaction, or nothing at all.
 * A bad file gets every problem listed by line, entry or column, in the UI language.
 * Export: one list or all, JSON, CSV or TBX, with or without private notes.
 */
export function ImportExportPanel(props: ImportExportPanelProps) {
  return (
    <div class="tl-ie" data-testid="import-export-panel">
      <ImportSection {...props} />
      <ExportSection {...props} />
    </div>
  );
}

function ImportSection(props: ImportExportPanelProps) {
  const [state, setState] = useState<ImportState>({ step: 'idle' });
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ExchangeFormat | 'auto'>('auto');
  const [mode, setMode] = useState<ImportMode>('merge');
  const [targetKind, setTargetKind] = useState<TargetKind>('as-in-file');
  const [newName, setNewName] = useState('');
  const localLists = props.lists.filter((l) => l.origin === 'local' && l.deletedAt === undefined);
  const [existingId, setExistingId] = useState<string>('');
  const session = useRef<ImportSession | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => () => session.current?.dispose(), []);
  const listId = existingId && localLists.some((l) => l.id === existingId) ? existingId : (localLists[0]?.id ?? '');
  const target: ImportTarget | undefined =
    targetKind === 'as-in-file'
      ? { kind: 'as-in-file' }
      : targetKind === 'new-list'
        ? { kind: 'new-list', name: newName }
        : listId
          ? { kind: 'existing', listId }
          : undefined;

  const fail = (error: unknown) => {
    const reason = error instanceof ImportFailure ? error.reason : { kind: 'other' as const, message: String(error) };
    setState({ step: 'failed', message: failureText(reason), issues: reason.kind === 'issues' ? reason.issues : [] });
  };

  const parse = async (chosen: File, as: ExchangeFormat | 'auto') => {
    session.current?.dispose();
    const s = props.createSession();
    session.current = s;
    setState({ step: 'busy', progress: { phase: 'read' } });
    try {
      const parsed = await s.parse(chosen, as, (progress) => session.current === s && setState({ step: 'busy', progress }));
      if (session.current !== s) return;
      setNewName(parsed.lists.length === 1 ? parsed.lists[0]!.name : chosen.name.replace(/\.[^.]+$/, ''));
      setState({ step: 'parsed', parsed, previewing: true });
    } catch (error) {
      if (session.current === s) fail(error);
    }
  };

  // The preview follows every choice; the worker runs steps in order, so the last one wins.
  const previewKey = state.step === 'parsed' ? `${state.parsed.fileName}|${mode}|${JSON.stringify(target)}` : '';
  useEffect(() => {
    if (state.step !== 'parsed' || !target) return;
    const s = session.current;
    if (!s) return;
    let current = true;
    setState((st) => (st.step === 'parsed' ? { ...st, previewing: true } : st));
    const handle = setTimeout(() => {
      s.preview(mode, target).then(
        (preview) => current && setState((st) => (st.step === 'parsed' ? { ...st, preview, previewing: false, failure: undefined } : st)),
        (error: unknown) => {
          if (!current) return;
          const message = error instanceof ImportFailure ? failureText(error.reason) : String(error);
          setState((st) => (st.step === 'parsed' ? { ...st, previewing: false, failure: message } : st));
        },
      );
    }, 150);
    return () => {
      current = false;
      clearTimeout(handle);
    };
  }, [previewKey]);

  const apply = async () => {
    if (state.step !== 'parsed') return;
    const s = session.current;
    if (!s) return;
    const parsed = state.parsed;
    setState({ step: 'busy', progress: { phase: 'apply' } });
    try {
      const counts = await s.apply((progress) => setState({ step: 'busy', progress }));
      // The worker wrote it: say so to the background, which may have been stopped meanwhile.
      sendGlossaryChanged();
      setState({ step: 'done', parsed, counts });
      props.onImported?.(counts);
      requestAnimationFrame(() => resultRef.current?.focus());
    } catch (error) {
      if (error instanceof ImportFailure && error.reason.kind === 'stale') {
        // The glossary changed since the preview: show the new preview instead.
        setState({ step: 'parsed', parsed, previewing: true, failure: failureText(error.reason) });
        s.preview(mode, target!).then(
          (preview) => setState((st) => (st.step === 'parsed' ? { ...st, preview, previewing: false } : st)),
          fail,
        );
        return;
      }
      fail(error);
    }
  };

  const reset = () => {
    session.current?.dispose();
    session.current = null;
    setFile(null);
    setState({ step: 'idle' });
    if (fileInput.current) fileInput.current.value = '';
    fileInput.current?.focus();
  };

  const busy = state.step === 'busy';
  return (
    <section class="tl-ie-section" aria-labelledby="tl-import-heading" data-testid="import-section">
      <h2 id="tl-import-heading" class="tl-ie-title">{t('ieImportTitle')}</h2>
      <p class="tl-muted">{t('ieImportIntro')}</p>
      <div class="tl-ie-row">
        <label class="tl-ie-field">
          <span>{t('ieChooseFile')}</span>
          <input
            ref={fileInput}
            type="file"
            accept=".json,.csv,.tsv,.tbx,.xml,application/json,text/csv"
            data-testid="import-file"
            disabled={busy}
            onChange={(e) => {
              const chosen = e.currentTarget.files?.[0] ?? null;
              setFile(chosen);
              if (chosen) void parse(chosen, format);
            }}
          />
        </label>
        <label class="tl-ie-field">
          <span>{t('ieFormat')}</span>
          <select
            data-testid="import-format"
            value={format}
            disabled={busy}
            onChange={(e) => {
              const next = e.currentTarget.value as ExchangeFormat | 'auto';
              setFormat(next);
              if (file) void parse(file, next);
            }}
          >
            <option value="auto">{state.step === 'parsed' && format === 'auto' ? t('ieFormatDetected', formatName(state.parsed.format)) : t('ieFormatAuto')}</option>
            <option value="json">{formatName('json')}</option>
            <option value="csv">{formatName('csv')}</option>
            <option value="tbx">{formatName('tbx')}</option>
          </select>
        </label>
      </div>

      {state.step === 'busy' && <ProgressBar progress={state.progress} />}

      {state.step === 'failed' && (
        <div class="tl-ie-error" role="alert" data-testid="import-error">
          <p class="tl-ie-error-title">{state.message}</p>
          {state.issues.length > 0 && (
            <ul class="tl-ie-issues" data-testid="import-issues">
              {state.issues.map((issue, i) => (
                <li key={i} title={issue.message} data-code={issue.code}>
                  {issueLine(issue)}
                </li>
              ))}
            </ul>
          )}
          <p class="tl-muted">{t('ieNothingChanged')}</p>
        </div>
      )}

      {state.step === 'parsed' && (
        <>
          <p data-testid="import-parsed">
            {t('ieParsed', state.parsed.entryCount, state.parsed.lists.length, formatName(state.parsed.format), kb(state.parsed.bytes))}
          </p>
          <fieldset class="tl-ie-fieldset">
            <legend>{t('ieTarget')}</legend>
            <label class="tl-ie-choice">
              <input type="radio" name="tl-ie-target" value="as-in-file" checked={targetKind === 'as-in-file'} data-testid="import-target-file" onChange={() => setTargetKind('as-in-file')} />
              <span>{t('ieTargetAsInFile', state.parsed.lists.map((l) => l.name).join(t('ieListSeparator')))}</span>
            </label>
            <label class="tl-ie-choice">
              <input type="radio" name="tl-ie-target" value="new-list" checked={targetKind === 'new-list'} data-testid="import-target-new" onChange={() => setTargetKind('new-list')} />
              <span>{t('ieTargetNew')}</span>
            </label>
            {targetKind === 'new-list' && (
              <label class="tl-ie-field tl-ie-indent">
                <span>{t('ieNewListName')}</span>
                <input type="text" value={newName} data-testid="import-new-name" onInput={(e) => setNewName(e.currentTarget.value)} />
              </label>
            )}
            <label class="tl-ie-choice">
              <input
                type="radio"
                name="tl-ie-target"
                value="existing"
                checked={targetKind === 'existing'}
                disabled={localLists.length === 0}
                data-testid="import-target-existing"
                onChange={() => setTargetKind('existing')}
              />
              <span>{t('ieTargetExisting')}</span>
            </label>
            {targetKind === 'existing' && (
              <label class="tl-ie-field tl-ie-indent">
                <span>{t('ieExistingList')}</span>
                <select value={listId} data-testid="import-existing-list" onChange={(e) => setExistingId(e.currentTarget.value)}>
                  {localLists.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </fieldset>
          <fieldset class="tl-ie-fieldset">
            <legend>{t('ieMode')}</legend>
            {(['add-new', 'merge', 'replace'] as const).map((m) => (
              <label class="tl-ie-choice" key={m}>
                <input type="radio" name="tl-ie-mode" value={m} checked={mode === m} data-testid={`import-mode-${m}`} onChange={() => setMode(m)} />
                <span>
                  {t(m === 'add-new' ? 'ieModeAddNew' : m === 'merge' ? 'ieModeMerge' : 'ieModeReplace')}
                  <span class="tl-muted tl-ie-hint">{t(m === 'add-new' ? 'ieModeAddNewHint' : m === 'merge' ? 'ieModeMergeHint' : 'ieModeReplaceHint')}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {state.failure && (
            <p class="tl-warning" role="alert" data-testid="import-preview-failure">
              {state.failure}
            </p>
          )}
          <Preview preview={state.preview} previewing={state.previewing} mode={mode} />
          <div class="tl-ie-actions">
            <button
              type="button"
              class="tl-ie-primary"
              data-testid="import-apply"
              disabled={state.previewing || !state.preview || state.preview.readOnlyLists.length > 0 || nothingToDo(state.preview)}
              onClick={() => void apply()}
            >
              {t('ieApply')}
            </button>
            <button type="button" data-testid="import-cancel" onClick={reset}>
              {t('ieCancel')}
            </button>
          </div>
        </>
      )}

      {state.step === 'done' && (
        <div class="tl-ie-done" role="status" tabIndex={-1} ref={resultRef} data-testid="import-done">
          <p>
            {t(
              'ieDone',
              state.counts.entriesAdded,
              state.counts.entriesUpdated,
              state.counts.entriesDeleted,
              state.counts.listsAdded,
            )}
          </p>
          <button type="button" data-testid="import-another" onClick={reset}>
            {t('ieImportAnother')}
          </button>
        </div>
      )}
    </section>
  );
}

function nothingToDo(p: PreviewView): boolean {
  return p.newCount + p.changedCount + p.deletedCount + p.newListCount === 0;
}

function Preview(props: { preview: PreviewView | undefined; previewing: boolean; mode: ImportMode }) {
  const p = props.preview;
  if (!p) return <p class="tl-muted" aria-live="polite">{t('iePreviewing')}</p>;
  return (
    <div class="tl-ie-preview" aria-live="polite" aria-busy={props.previewing} data-testid="import-preview">
      <h3 class="tl-ie-subtitle">{t('iePreviewTitle')}</h3>
      <ul class="tl-ie-counts">
        <li data-testid="preview-new">
          <strong>{p.newCount}</strong> {t('iePreviewNew')}
        </li>
        <li data-testid="preview-changed">
          <strong>{p.changedCount}</strong> {t('iePreviewChanged')}
        </li>
        <li data-testid="preview-unchanged">
          <strong>{p.unchangedCount}</strong> {t('iePreviewUnchanged')}
        </li>
        {props.mode === 'replace' && (
          <li data-testid="preview-deleted">
            <strong>{p.deletedCount}</strong> {t('iePreviewDeleted')}
          </li>
        )}
        <li data-testid="preview-conflicts">
          <strong>{p.conflictCount}</strong> {t('iePreviewConflicts')}
        </li>
        {p.newListCount > 0 && (
          <li data-testid="preview-new-lists">
            <strong>{p.newListCount}</strong> {t('iePreviewNewLists')}
          </li>
        )}
      </ul>
      {p.readOnlyLists.length > 0 && (
        <p class="tl-warning" role="alert" data-testid="import-read-only">
          {t('ieReadOnlyLists', p.readOnlyLists.join(t('ieListSeparator')))}
        </p>
      )}
      {nothingToDo(p) && p.readOnlyLists.length === 0 && <p class="tl-muted">{t('ieNothingToDo')}</p>}
      {p.conflicts.length > 0 && (
        <details class="tl-ie-conflicts" open={p.conflicts.length <= 5} data-testid="import-conflicts">
          <summary>{t('ieConflictsTitle', p.conflictCount)}</summary>
          <p class="tl-muted">{t('ieConflictsIntro')}</p>
          <ul>
            {p.conflicts.map((c, i) => (
              <ConflictItem key={i} conflict={c} />
            ))}
          </ul>
          {p.conflictCount > p.conflicts.length && <p class="tl-muted">{t('ieConflictsMore', p.conflictCount - p.conflicts.length)}</p>}
        </details>
      )}
    </div>
  );
}

function ConflictItem({ conflict }: { conflict: ConflictView }) {
  const existing = conflict.existing[0];
  const fields: EntryField[] = conflict.fields.length ? conflict.fields : ['definition'];
  return (
    <li class="tl-ie-conflict" data-testid="import-conflict">
      <p>
        <strong>{conflict.term}</strong> <span class="tl-muted">· {conflict.list}</span>
      </p>
      <p class="tl-muted">{conflictText(conflict.kind)}</p>
      {conflict.existing.length > 1 && (
        <p class="tl-muted">{t('ieConflictHolders', conflict.existing.map((e) => e.term).join(t('ieListSeparator')))}</p>
      )}
      <table class="tl-ie-both">
        <thead>
          <tr>
            <th scope="col">{t('ieConflictField')}</th>
            <th scope="col">{t('ieConflictExisting')}</th>
            <th scope="col">{t('ieConflictIncoming')}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f}>
              <th scope="row">{fieldName(f)}</th>
              <td data-testid="conflict-existing">{existing ? showField(existing, f) : '—'}</td>
              <td data-testid="conflict-incoming">{showField(conflict.incoming, f)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </li>
  );
}

/** A field's value as plain text (rendered as text: imported data is never HTML). */
function showField(e: GlossaryEntry | ExchangeEntry, f: EntryField): string {
  const sep = t('ieListSeparator');
  switch (f) {
    case 'variants':
    case 'tags':
      return e[f].join(sep) || '—';
    case 'translations':
      return (
        Object.entries(e.translations)
          .filter(([, forms]) => forms.length > 0)
          .map(([lang, forms]) => `${lang}: ${forms.join(' | ')}`)
          .join('\n') || '—'
      );
    case 'source':
      return e.source ? [e.source.title, e.source.url, e.source.date].filter(Boolean).join(' · ') : '—';
    case 'match':
      return [
        e.match.caseSensitive ? t('ieMatchCaseSensitive') : '',
        e.match.wholeWord ? t('ieMatchWholeWord') : '',
        e.match.exclusions.length ? t('ieMatchExclusions', e.match.exclusions.join(sep)) : '',
      ]
        .filter(Boolean)
        .join(sep) || '—';
    default:
      return e[f] || '—';
  }
}

function ProgressBar({ progress }: { progress: ImportProgress }) {
  const label = t(
    progress.phase === 'read'
      ? 'ieProgressRead'
      : progress.phase === 'parse'
        ? 'ieProgressParse'
        : progress.phase === 'plan'
          ? 'ieProgressPlan'
          : progress.phase === 'apply'
            ? 'ieProgressApply'
            : 'ieProgressExport',
  );
  const percent = progress.fraction === undefined ? undefined : Math.round(progress.fraction * 100);
  return (
    <div class="tl-ie-progress" data-testid="import-progress" data-phase={progress.phase} data-percent={percent ?? ''}>
      <label>
        <span>{percent === undefined ? label : t('ieProgressPercent', label, percent)}</span>
        {/* Without a value, <progress> is indeterminate: busy, amount unknown. */}
        <progress max={100} {...(percent === undefined ? {} : { value: percent })} />
      </label>
    </div>
  );
}

function ExportSection(props: ImportExportPanelProps) {
  const [which, setWhich] = useState<string>('all');
  const [format, setFormat] = useState<ExchangeFormat>('json');
  const [notes, setNotes] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const live = props.lists.filter((l) => l.deletedAt === undefined);
  const chosen = which !== 'all' && live.some((l) => l.id === which) ? which : 'all';

  const run = async () => {
    setBusy(true);
    setMessage(null);
    const s = props.createSession();
    try {
      const file = await s.exportFile({ lists: chosen === 'all' ? 'all' : [chosen], format, includeNotes: notes });
      (props.download ?? downloadFile)(file);
      setMessage({ text: t('ieExported', file.entryCount, file.fileName), error: false });
    } catch (error) {
      setMessage({ text: error instanceof ImportFailure ? failureText(error.reason) : String(error), error: true });
    } finally {
      s.dispose();
      setBusy(false);
    }
  };

  return (
    <section class="tl-ie-section" aria-labelledby="tl-export-heading" data-testid="export-section">
      <h2 id="tl-export-heading" class="tl-ie-title">{t('ieExportTitle')}</h2>
      <div class="tl-ie-row">
        <label class="tl-ie-field">
          <span>{t('ieExportWhich')}</span>
          <select value={chosen} data-testid="export-list" onChange={(e) => setWhich(e.currentTarget.value)}>
            <option value="all">{t('ieExportAll')}</option>
            {live.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label class="tl-ie-field">
          <span>{t('ieFormat')}</span>
          <select value={format} data-testid="export-format" onChange={(e) => setFormat(e.currentTarget.value as ExchangeFormat)}>
            <option value="json">{formatName('json')}</option>
            <option value="csv">{formatName('csv')}</option>
            <option value="tbx">{formatName('tbx')}</option>
          </select>
        </label>
      </div>
      <label class="tl-ie-choice">
        <input type="checkbox" checked={notes} data-testid="export-notes" onChange={(e) => setNotes(e.currentTarget.checked)} />
        <span>
          {t('ieExportNotes')}
          <span class="tl-muted tl-ie-hint">{t('ieExportNotesHint')}</span>
        </span>
      </label>
      <div class="tl-ie-actions">
        <button type="button" class="tl-ie-primary" data-testid="export-run" disabled={busy} onClick={() => void run()}>
          {busy ? t('ieProgressExport') : t('ieExportRun')}
        </button>
      </div>
      {message && (
        <p class={message.error ? 'tl-warning' : 'tl-muted'} role={message.error ? 'alert' : 'status'} data-testid="export-message">
          {message.text}
        </p>
      )}
    </section>
  );
}

function formatName(format: ExchangeFormat): string {
  return format === 'json' ? t('ieFormatJson') : format === 'csv' ? t('ieFormatCsv') : t('ieFormatTbx');
}

const kb = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
