/**
 * The keyboard commands (manifest `commands`), run by the background for the
 * tab they were pressed in. The background may not read tab URLs (no `tabs`
 * or host permission), so it asks the tab's top frame where it is.
 */
import { browser } from 'wxt/browser';
import { sendToTab } from '../browser/send';
import { isActiveOnHost, settingsItem, withSiteToggled } from '../settings';
import { PAGE_COMMANDS } from './command-keys';

/** Runs `command` in tab `tabId` (the active tab when not given). Unknown commands are ignored. */
export async function runPageCommand(command: string, tabId?: number): Promise<void> {
  const id = tabId ?? (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id;
  if (id === undefined) return;
  switch (command) {
    case PAGE_COMMANDS.next:
    case PAGE_COMMANDS.previous:
      await sendToTab(id, { type: 'navigate-term', direction: command === PAGE_COMMANDS.next ? 'next' : 'previous' });
      return;
    case PAGE_COMMANDS.toggleSite:
      await toggleSite(id);
      return;
  }
}

/** Switches highlighting on the tab's site: off where it is on, on where it is off (global pause aside). */
async function toggleSite(tabId: number): Promise<void> {
  const { host } = await sendToTab(tabId, { type: 'get-page-info' });
  if (!host) return;
  const settings = await settingsItem.getValue();
  const on = isActiveOnHost({ ...settings, enabled: true }, host);
  await settingsItem.setValue(withSiteToggled(settings, host, !on));
}
