/**
 * The import worker: runs an {@link ImportJob} off the options page's main thread, so
 * that parsing, validating and writing a 50 MB file never freezes the page. It opens the
 * extension's database itself (a dedicated worker of an extension page has the
 * extension's origin); Dexie tells the other contexts of the change through its
 * BroadcastChannel, as it does for a write from the page.
 */
import { glossaryDb } from './db';
import { deviceLabel } from './history';
import { failureOf, ImportJob, type ImportProgress, type WorkerRequest, type WorkerResponse } from './import-session';

const scope = self as unknown as { onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null; postMessage(message: WorkerResponse): void };
const job = new ImportJob(glossaryDb(), { context: 'import', device: deviceLabel(navigator.userAgent) });

// Steps run one after another, in the order the page sent them.
let queue: Promise<void> = Promise.resolve();
// Planning 250,000 entries takes seconds; a preview asked for before the last one started is
// not worth running (the page shows only the newest).
let latestPreview = 0;

scope.onmessage = (event) => {
  const request = event.data;
  const id = request.id;
  if (request.step === 'preview') latestPreview = id;
  const progress = (p: ImportProgress) => scope.postMessage({ id, progress: p });
  queue = queue.then(async () => {
    try {
      let value: unknown;
      switch (request.step) {
        case 'parse':
          value = await job.parse(request.file, request.fileName, request.format, progress);
          break;
        case 'preview':
          if (id !== latestPreview) throw new Error('superseded by a newer preview');
          value = await job.preview(request.mode, request.target, progress);
          break;
        case 'apply':
          value = await job.apply(progress);
          break;
        case 'export':
          value = await job.exportFile(request.request, progress);
          break;
      }
      scope.postMessage({ id, ok: true, value });
    } catch (error) {
      const failure = failureOf(error);
      if (failure.reason.kind === 'other' && !String(failure.reason.message).startsWith('superseded')) console.error('TermLens: import step failed', error);
      scope.postMessage({ id, ok: false, reason: failure.reason });
    }
  });
};
