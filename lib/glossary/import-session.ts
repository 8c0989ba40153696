/**
 * One import or export as the options page runs it: read and parse a file, preview what
 * it would change, apply it; or write lists to a file. The work (`ImportJob`) runs in a
 * dedicated Worker (import-worker.ts), because `JSON.parse` and XML validation of a
 * 50 MB file are single native calls that would freeze the page for seconds. The worker
 * opens the extension's database itself (same origin), so the bundle and the plan never
 * cross back to the page: only counts, the first conflicts and progress do.
 * `createLocalImportSession` runs the same job on the calling thread (unit tests, and
 * browsers without module workers).
 */
import {
  bundleFromGlossary,
  countEntries,
  decodeText,
  detectFormat,
  ENTRY_FIELDS,
  exportCsv,
  exportJson,
  exportTbx,
  ImportError,
  parseCsv,
  parseJson,
  parseTbx,
  sameContent,
  type ConflictKind,
  type EntryField,
  type ExchangeBundle,
  type ExchangeEntry,
  type ExchangeFormat,
  type ImportIssue,
  type ImportMode,
} from '../exchange';
import type { GlossaryDb } from './db';
import type { ChangeAuthor } from './history';
import { orderedLists } from './list-store';
import type { GlossaryEntry } from './model';
import {
  applyImport,
  previewImport,
  readExisting,
  ReadOnlyListError,
  StaleImportError,
  type ImportCounts,
  type ImportPreview,
  type ImportTarget,
} from './import-bundle';

export type { ImportCounts, ImportTarget } from './import-bundle';

/** What the page shows while a step runs; `fraction` absent means "busy, amount unknown". */
export interface ImportProgress {
  phase: 'read' | 'parse' | 'plan' | 'apply' | 'export';
  fraction?: number;
}

/** A parsed file, as the page sees it. */
export interface ParsedFile {
  fileName: string;
  format: ExchangeFormat;
  bytes: number;
  lists: { name: string; entries: number }[];
  entryCount: number;
}

/** One conflict, with the fields in which the file and the stored entry differ. */
export interface ConflictView {
  kind: ConflictKind;
  list: string;
  term: string;
  incoming: ExchangeEntry;
  existing: GlossaryEntry[];
  /** Fields that differ between `incoming` and `existing[0]` (only the ones the file carries). */
  fields: EntryField[];
}

/** How many conflicts cross to the page; the rest are counted. */
export const CONFLICTS_SHOWN = 200;

/** The preview, as the page sees it. */
export interface PreviewView {
  newCount: number;
  changedCount: number;
  unchangedCount: number;
  deletedCount: number;
  newListCount: number;
  conflictCount: number;
  conflicts: ConflictView[];
  readOnlyLists: string[];
}

export interface ExportRequest {
  /** Live list ids to export, or every live list. */
  lists: readonly string[] | 'all';
  format: ExchangeFormat;
  includeNotes: boolean;
}

export interface ExportedFile {
  fileName: string;
  blob: Blob;
  entryCount: number;
}

/** Why a step failed. `issues`: the file is bad (nothing changed). */
export type ImportFailureReason =
  | { kind: 'issues'; issues: readonly ImportIssue[] }
  | { kind: 'stale' }
  | { kind: 'read-only' }
  | { kind: 'other'; message: string };

/** Thrown by every session step; `reason` says what the page should show. */
export class ImportFailure extends Error {
  override readonly name = 'ImportFailure';
  constructor(readonly reason: ImportFailureReason) {
    super(reason.kind === 'issues' ? `${reason.issues.length} problem(s) in the file` : reason.kind === 'other' ? reason.message : reason.kind);
  }
}

/** The steps of an import session, whichever thread runs them. Steps run one at a time. */
export interface ImportSession {
  parse(file: File, format: ExchangeFormat | 'auto', onProgress?: (p: ImportProgress) => void): Promise<ParsedFile>;
  preview(mode: ImportMode, target: ImportTarget, onProgress?: (p: ImportProgress) => void): Promise<PreviewView>;
  apply(onProgress?: (p: ImportProgress) => void): Promise<ImportCounts>;
  exportFile(request: ExportRequest, onProgress?: (p: ImportProgress) => void): Promise<ExportedFile>;
  /** Frees the parsed file (and stops the worker). */
  dispose(): void;
}

const MIME: Record<ExchangeFormat, string> = {
  json: 'application/json',
  csv: 'text/csv',
  tbx: 'application/x-tbx+xml',
};

/** The file name stem a list name gives: no characters that file systems refuse. */
export function fileStem(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').trim().slice(0, 80) || 'termlens';
}

/** The work of a session, given the database; runs in the worker or on the page. */
export class ImportJob {
  readonly #db: GlossaryDb;
  readonly #author: ChangeAuthor;
  #bundle: ExchangeBundle | undefined;
  #preview: ImportPreview | undefined;

  constructor(db: GlossaryDb, author: ChangeAuthor) {
    this.#db = db;
    this.#author = author;
  }

  /**
   * Reads, decodes and parses the file; keeps its bundle for the preview. The list name
   * of formats that may not name one is the file's name without its extension.
   */
  async parse(file: Blob, fileName: string, format: ExchangeFormat | 'auto', onProgress?: (p: ImportProgress) => void): Promise<ParsedFile> {
    this.#bundle = undefined;
    this.#preview = undefined;
    onProgress?.({ phase: 'read' });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const text = decodeText(bytes);
    const chosen = format === 'auto' ? detectFormat(fileName, text) : format;
    const listName = fileName.replace(/\.[A-Za-z0-9]+$/, '').trim() || undefined;
    const options = { onProgress: (fraction: number) => onProgress?.({ phase: 'parse', fraction }), ...(listName ? { listName } : {}) };
    onProgress?.({ phase: 'parse', fraction: 0 });
    const bundle = chosen === 'json' ? await parseJson(text, options) : chosen === 'csv' ? await parseCsv(text, options) : await parseTbx(text, options);
    this.#bundle = bundle;
    return {
      fileName,
      format: chosen,
      bytes: bytes.length,
      lists: bundle.lists.map((l) => ({ name: l.name, entries: l.entries.length })),
      entryCount: countEntries(bundle),
    };
  }

  /** Plans the import against the database as it is now; keeps the plan for `apply`. */
  async preview(mode: ImportMode, target: ImportTarget, onProgress?: (p: ImportProgress) => void): Promise<PreviewView> {
    if (!this.#bundle) throw new Error('preview before parse');
    onProgress?.({ phase: 'plan' });
    const preview = previewImport(await readExisting(this.#db), this.#bundle, mode, target);
    this.#preview = preview;
    const fields = this.#bundle.carriedFields ?? ENTRY_FIELDS;
    return {
      newCount: preview.newCount,
      changedCount: preview.changedCount,
      unchangedCount: preview.unchangedCount,
      deletedCount: preview.deletedCount,
      newListCount: preview.newListCount,
      conflictCount: preview.conflicts.length,
      readOnlyLists: preview.readOnlyLists,
      conflicts: preview.conflicts.slice(0, CONFLICTS_SHOWN).map((c) => ({
        kind: c.kind,
        list: c.list,
        term: c.term,
        incoming: c.incoming,
        existing: c.existing,
        fields: c.existing[0] ? fields.filter((f) => !sameContent(c.existing[0]!, c.incoming, [f])) : [],
      })),
    };
  }

  /** Applies the last preview in one transaction (see applyImport). */
  async apply(onProgress?: (p: ImportProgress) => void): Promise<ImportCounts> {
    if (!this.#preview) throw new Error('apply before preview');
    onProgress?.({ phase: 'apply' });
    const counts = await applyImport(this.#db, this.#preview.operations, this.#author);
    this.#preview = undefined;
    return counts;
  }

  /** Writes live lists (in the sidebar's order) with their live entries to a file. */
  async exportFile(request: ExportRequest, onProgress?: (p: ImportProgress) => void): Promise<ExportedFile> {
    onProgress?.({ phase: 'export' });
    const { lists, entries } = await readExisting(this.#db);
    const wanted = request.lists === 'all' ? undefined : new Set(request.lists);
    const chosen = orderedLists(lists).filter((l) => !wanted || wanted.has(l.id));
    const bundle = bundleFromGlossary(chosen, entries);
    const includeNotes = request.includeNotes;
    const text =
      request.format === 'json'
        ? exportJson(bundle, { includeNotes })
        : request.format === 'csv'
          ? exportCsv(bundle, { includeNotes })
          : exportTbx(bundle, { includeNotes });
    const stem = chosen.length === 1 ? fileStem(chosen[0]!.name) : 'termlens';
    const date = new Date().toISOString().slice(0, 10);
    return {
      fileName: `${stem}-${date}.${request.format}`,
      blob: new Blob([text], { type: `${MIME[request.format]};charset=utf-8` }),
      entryCount: countEntries(bundle),
    };
  }
}

/** Turns whatever a step threw into the failure the page shows. */
export function failureOf(error: unknown): ImportFailure {
  if (error instanceof ImportFailure) return error;
  if (error instanceof ImportError) return new ImportFailure({ kind: 'issues', issues: error.issues });
  if (error instanceof StaleImportError) return new ImportFailure({ kind: 'stale' });
  if (error instanceof ReadOnlyListError) return new ImportFailure({ kind: 'read-only' });
  return new ImportFailure({ kind: 'other', message: error instanceof Error ? error.message : String(error) });
}

/** A session that runs on the calling thread. */
export function createLocalImportSession(db: GlossaryDb, author: ChangeAuthor): ImportSession {
  const job = new ImportJob(db, author);
  const run = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      throw failureOf(error);
    }
  };
  return {
    parse: (file, format, onProgress) => run(() => job.parse(file, file.name, format, onProgress)),
    preview: (mode, target, onProgress) => run(() => job.preview(mode, target, onProgress)),
    apply: (onProgress) => run(() => job.apply(onProgress)),
    exportFile: (request, onProgress) => run(() => job.exportFile(request, onProgress)),
    dispose: () => undefined,
  };
}

// The worker protocol ------------------------------------------------------------------------

export type WorkerRequest =
  | { id: number; step: 'parse'; file: Blob; fileName: string; format: ExchangeFormat | 'auto' }
  | { id: number; step: 'preview'; mode: ImportMode; target: ImportTarget }
  | { id: number; step: 'apply' }
  | { id: number; step: 'export'; request: ExportRequest };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type WorkerRequestBody = DistributiveOmit<WorkerRequest, 'id'>;

export type WorkerResponse =
  | { id: number; progress: ImportProgress }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; reason: ImportFailureReason };

/**
 * A session whose job runs in the worker `spawn` starts (one worker per session,
 * terminated by `dispose`). The options page passes
 * `() => new Worker(new URL('…/lib/glossary/import-worker.ts', import.meta.url), { type: 'module' })`;
 * see {@link createImportWorker}.
 */
export function createWorkerImportSession(spawn: () => Worker): ImportSession {
  let worker: Worker | undefined;
  let next = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; onProgress?: ((p: ImportProgress) => void) | undefined }>();
  const start = (): Worker => {
    if (worker) return worker;
    const w = spawn();
    w.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const msg = event.data;
      const call = pending.get(msg.id);
      if (!call) return;
      if ('progress' in msg) call.onProgress?.(msg.progress);
      else {
        pending.delete(msg.id);
        if (msg.ok) call.resolve(msg.value);
        else call.reject(new ImportFailure(msg.reason));
      }
    };
    w.onerror = (event) => {
      event.preventDefault();
      for (const call of pending.values()) call.reject(new ImportFailure({ kind: 'other', message: event.message || 'the import worker failed' }));
      pending.clear();
    };
    worker = w;
    return w;
  };
  const call = <T>(request: WorkerRequestBody, onProgress?: (p: ImportProgress) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      start().postMessage({ ...request, id } as WorkerRequest);
    });
  return {
    parse: (file, format, onProgress) => call<ParsedFile>({ step: 'parse', file, fileName: file.name, format }, onProgress),
    preview: (mode, target, onProgress) => call<PreviewView>({ step: 'preview', mode, target }, onProgress),
    apply: (onProgress) => call<ImportCounts>({ step: 'apply' }, onProgress),
    exportFile: (request, onProgress) => call<ExportedFile>({ step: 'export', request }, onProgress),
    dispose: () => {
      worker?.terminate();
      worker = undefined;
      for (const c of pending.values()) c.reject(new ImportFailure({ kind: 'other', message: 'cancelled' }));
      pending.clear();
    },
  };
}

/** Starts the import worker (a module worker built by Vite from import-worker.ts). */
export function createImportWorker(): Worker {
  return new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module', name: 'termlens-import' });
}
