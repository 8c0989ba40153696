// @vitest-environment happy-dom
import { h, render, type VNode } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SubscriptionsPanel, type SubscriptionsPanelProps } from '@/components/SubscriptionsPanel';
import { SyncPanel } from '@/components/SyncPanel';
import { SubscriptionError } from '@/lib/sync/subscription-error';
import type { SubscriptionView } from '@/lib/sync/subscription-view';
import type { SyncReport } from '@/lib/sync/sync-status';

const hostile = '<img src=x onerror="window.__pwned = true">';
const T = Date.UTC(2024, 3, 24, 8);

beforeEach(() => {
  // No catalogue in the fake browser: a string is its key and its substitutions.
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(((key: string, subs?: string[]) =>
    subs && subs.length ? `${key}(${subs.join('|')})` : key) as typeof fakeBrowser.i18n.getMessage);
});
afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

// Any props: the panels have different ones.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function mount(vnode: VNode<any>) {
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(vnode, root));
  return root;
}

const sub = (patch: Partial<SubscriptionView> = {}): SubscriptionView => ({
  listId: 'l1',
  name: '政策术语（编辑部）',
  url: 'https://lists.example.org/policy.json',
  enabled: true,
  entryCount: 3,
  checkedAt: T,
  lastSuccessAt: T,
  nextCheckAt: T + 86_400_000,
  ...patch,
});

function panel(patch: Partial<SubscriptionsPanelProps> = {}) {
  const props: SubscriptionsPanelProps = {
    subscriptions: [sub()],
    reviews: [],
    onSubscribe: vi.fn(async () => {}),
    onUpdateNow: vi.fn(async () => {}),
    onUnsubscribe: vi.fn(async () => {}),
    onResolve: vi.fn(async () => {}),
    formatTime: (ms) => new Date(ms).toISOString(),
    confirm: () => true,
    ...patch,
  };
  return { root: mount(h(SubscriptionsPanel, props)), props };
}

const text = (root: Element, id: string) => root.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;

describe('SubscriptionsPanel', () => {
  it('shows the last success, and the last error beside a note that the last good copy is in use', () => {
    const { root } = panel({ subscriptions: [sub({ error: 'The server answered HTTP 500.' })] });
    expect(text(root, 'subscription-last-success')).toBe(`subsLastSuccess(${new Date(T).toISOString()})`);
    expect(text(root, 'subscription-error')).toContain('The server answered HTTP 500.');
    expect(text(root, 'subscription-error')).toContain('subsKeptCopy');
  });

  it('renders list names, URLs, errors and review values as text, never as HTML', () => {
    const { root } = panel({
      subscriptions: [sub({ name: hostile, url: `https://x.org/${hostile}`, error: hostile })],
      reviews: [{ entryId: 'e', listId: 'l1', term: hostile, field: 'definition', mine: hostile, theirs: hostile }],
    });
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toContain(hostile);
    expect((window as { __pwned?: boolean }).__pwned).toBeUndefined();
  });

  it('shows both values of a field flagged for review, and settles it with the reader’s choice', async () => {
    const { root, props } = panel({
      reviews: [{ entryId: 'e1', listId: 'l1', term: '新质生产力', field: 'definition', mine: '我的释义', theirs: '上游释义' }],
    });
    expect(text(root, 'review-mine')).toBe('我的释义');
    expect(text(root, 'review-theirs')).toBe('上游释义');
    const take = [...root.querySelectorAll('[data-testid="subscription-review"] button')].find((b) => b.textContent === 'subsTakeTheirs')!;
    await act(async () => (take as HTMLButtonElement).click());
    expect(props.onResolve).toHaveBeenCalledWith('e1', 'definition', 'theirs');
  });

  it('says why a subscription failed, translated, with the details', async () => {
    const { root } = panel({
      onSubscribe: async () => {
        throw new SubscriptionError('not-http', 'Only http and https URLs can be subscribed, not file:');
      },
    });
    const input = root.querySelector('[data-testid="subscription-url"]') as HTMLInputElement;
    await act(async () => {
      input.value = 'file:///x.json';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => {
      (root.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit', { cancelable: true }));
    });
    await act(async () => {});
    expect(text(root, 'subscribe-error')).toBe('subsErrNotHttp Only http and https URLs can be subscribed, not file:');
  });

  it('updates now and unsubscribes the list it is asked for', async () => {
    const { root, props } = panel();
    await act(async () => (root.querySelector('[data-testid="subscription-update-now"]') as HTMLButtonElement).click());
    expect(props.onUpdateNow).toHaveBeenCalledWith('l1');
    await act(async () => (root.querySelector('[data-testid="subscription-unsubscribe"]') as HTMLButtonElement).click());
    expect(props.onUnsubscribe).toHaveBeenCalledWith('l1');
  });
});

describe('SyncPanel', () => {
  const usage = { bytes: 51_200, items: 40, quotaBytes: 102_400, maxItems: 512 };

  it('shows the usage in bytes and items against the quotas, and the last sync', () => {
    const report: SyncReport = { ok: true, at: T, usage, written: 1, removed: 0, pulled: 0 };
    const root = mount(h(SyncPanel, { enabled: true, onToggle: () => {}, report, formatTime: (ms: number) => String(ms) }));
    expect(text(root, 'sync-usage')).toContain('syncUsageBytes(50.0|100.0)');
    expect(text(root, 'sync-usage')).toContain('syncUsageItems(40|512)');
    expect((root.querySelector('meter') as HTMLMeterElement).getAttribute('value')).toBe('51200');
    expect(text(root, 'sync-last')).toBe(`syncLastSync(${T})`);
  });

  it('over quota, says how much the data would take and suggests publishing the largest list', () => {
    const report: SyncReport = {
      ok: false,
      at: T,
      reason: 'quota',
      usage,
      needed: { ...usage, bytes: 204_800, items: 300 },
      largestLists: [{ listId: 'big', name: '大词表', bytes: 150_000, entries: 250 }],
      pulled: 0,
    };
    const root = mount(h(SyncPanel, { enabled: true, onToggle: () => {}, report }));
    expect(text(root, 'sync-over-quota')).toContain('syncOverQuota(200.0|300|100.0|512)');
    expect(text(root, 'sync-over-quota')).toContain('syncPublishSuggestion(大词表|146.5)');
  });

  it('says how many edits of subscribed terms were left out when only they did not fit, and nothing when all fit', () => {
    const report: SyncReport = { ok: true, at: T, usage, written: 1, removed: 0, pulled: 0, editsLeftOut: 600 };
    const root = mount(h(SyncPanel, { enabled: true, onToggle: () => {}, report, formatTime: (ms: number) => String(ms) }));
    expect(text(root, 'sync-edits-left-out')).toBe('syncEditsLeftOut(600)');
    expect(text(root, 'sync-last')).toBe(`syncLastSync(${T})`);
    const all = mount(h(SyncPanel, { enabled: true, onToggle: () => {}, report: { ...report, editsLeftOut: undefined } }));
    expect(all.querySelector('[data-testid="sync-edits-left-out"]')).toBeNull();
  });

  it('switches sync off and on', async () => {
    const onToggle = vi.fn();
    const root = mount(h(SyncPanel, { enabled: true, onToggle }));
    await act(async () => (root.querySelector('[data-testid="sync-switch"]') as HTMLInputElement).click());
    expect(onToggle).toHaveBeenCalledWith(false);
  });
});
