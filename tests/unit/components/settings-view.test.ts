// @vitest-environment happy-dom
// The options page's site rules (SettingsView → useSettings → SiteRulesPanel): each change is built
// on the one before it, even when storage has not yet reported the first.
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { componentsInBody } from '../helpers/components-in-body';
import { SettingsView } from '@/entrypoints/options/SettingsView';
import { DEFAULT_SETTINGS, settingsItem } from '@/lib/settings';

const SITE = 'news.example.cn';

componentsInBody();

const byTestId = <T extends Element>(root: Element, id: string) => {
  const el = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no [data-testid="${id}"]`);
  return el;
};

/** Lets storage's promises and reports run, then Preact's renders. */
async function settle() {
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  });
}

async function mountView() {
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(h(SettingsView, {}), root));
  await settle();
  byTestId(root, 'site-mode-only-listed');
  return root;
}

/** Picks "only listed sites" and adds SITE in one go, as a quick reader does: no wait between the two. */
function listSiteAtOnce(root: Element) {
  act(() => byTestId<HTMLInputElement>(root, 'site-mode-only-listed').click());
  act(() => {
    const input = byTestId<HTMLInputElement>(root, 'site-input');
    input.value = SITE;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  act(() => byTestId<HTMLButtonElement>(root, 'site-add').click());
}

describe('SettingsView', () => {
  it('builds a change on the one before even when both come before any render (one task)', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, updatedAt: 1 });
    const root = await mountView();
    act(() => {
      byTestId<HTMLInputElement>(root, 'site-mode-only-listed').click();
      byTestId<HTMLInputElement>(root, 'settings-global-pause').click();
    });
    await settle();
    const stored = await settingsItem.getValue();
    expect(stored.siteMode).toBe('only-listed');
    expect(stored.enabled).toBe(false);
  });

  it('keeps a change made before storage reported the one before it', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, updatedAt: 1 });
    const root = await mountView();
    listSiteAtOnce(root);
    await settle();
    const stored = await settingsItem.getValue();
    expect(stored.siteMode).toBe('only-listed');
    expect(stored.includedSites).toEqual([SITE]);
    expect(stored.excludedSites).toEqual([]);
    // And the view shows what is stored.
    expect(byTestId<HTMLInputElement>(root, 'site-mode-only-listed').checked).toBe(true);
    expect([...byTestId(root, 'site-list').querySelectorAll('li span')].map((s) => s.textContent)).toEqual([SITE]);
  });

  it('shows a newer change made elsewhere, and not a report older than what it shows', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, updatedAt: 1 });
    const root = await mountView();
    const pause = () => byTestId<HTMLInputElement>(root, 'settings-global-pause');
    const shown = (await settingsItem.getValue()).updatedAt;

    // Another view (the popup) pauses TermLens: this one follows.
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, enabled: false, updatedAt: shown + 1_000 });
    await settle();
    expect(pause().checked).toBe(true);

    // A report older than that (a write overtaken by it) does not bring back what it replaced.
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, enabled: true, updatedAt: shown + 500 });
    await settle();
    expect(pause().checked).toBe(true);
  });
});
