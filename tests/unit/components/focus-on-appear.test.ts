// @vitest-environment happy-dom
// Fields and buttons that take the focus when they appear take it in the commit that shows them
// (a layout effect), not in an effect after the frame: a key pressed in between went to the page's
// body. The Firefox backup test pressed Enter on the restore confirmation that way once, under load.
//
// A render here commits in a microtask (Preact's rendering queue); effects wait for a later
// animation frame. So the checks run after microtasks only, before any timer or frame.
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { componentsInBody } from '../helpers/components-in-body';
import { BackupPanel } from '@/components/BackupPanel';
import { EntryForm } from '@/components/EntryForm';
import { newEntryDraft } from '@/lib/glossary/entry-draft';
import { BACKUP_FORMAT, type BackupActions, type BackupFile } from '@/lib/glossary/backup';

componentsInBody();

const microtasks = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

const BACKUP: BackupFile = {
  format: BACKUP_FORMAT,
  version: 1,
  createdAt: '2026-11-30T00:00:00.000Z',
  schemaVersion: 1,
  tables: { list: [], entry: [], history: [], override: [] },
  storage: {},
};

const actions = (): BackupActions =>
  ({
    create: async () => {
      throw new Error('not used');
    },
    read: async () => BACKUP,
    restore: async () => {},
    readAuto: async () => BACKUP,
    setAutoEnabled: async () => {},
    backupNow: async () => {
      throw new Error('not used');
    },
    watchAutoState: () => () => {},
  }) as unknown as BackupActions;

describe('focus when something appears', () => {
  it('the backup restore confirmation has the focus on its confirm button as soon as it is shown', async () => {
    act(() => render(h(BackupPanel, { actions: actions() }), document.body));
    const input = document.querySelector<HTMLInputElement>('[data-testid="backup-file"]')!;
    const file = new File(['{}'], 'backup.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await microtasks();
    const confirm = document.querySelector('[data-testid="backup-confirm-restore"]');
    expect(confirm).not.toBeNull();
    expect(document.activeElement).toBe(confirm);
  });

  it('a new entry’s headword has the focus as soon as its form is shown', () => {
    // Without act: the render commits now, and only layout effects have run.
    render(h(EntryForm, { entry: newEntryDraft('l', {}, 0), isNew: true, lists: [], index: undefined, onSave: () => {}, onCancel: () => {}, entryHref: (id: string) => `#${id}`, onOpenEntry: () => {} }), document.body);
    const term = document.querySelector('[data-field="term"]');
    expect(term).not.toBeNull();
    expect(document.activeElement).toBe(term);
  });
});
