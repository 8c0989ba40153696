/**
 * The keyboard commands (manifest `commands`), run by the background for the
 * tab they were pressed in. The background may not read tab URLs (no `tabs`
 * or host permission), so it asks the tab's top frame where it is. Next and
 * previous term act in the frame that holds the keyboard focus.
 */
import { browser } from 'wxt/browser';
import { sendToFocusedFrame, sendToTab } from '../browser/send';
import { isActiveOnHost, settingsItem, withSiteToggled } from '../settings';
import { PAGE_COMMANDS } from './command-keys';

/** Runs `command` in tab `tabId` (the active tab when not given). Unknown commands are ignored. */
export async function runPageCommand(command: string, tabId?: number): Promise<void> {
  const id = tabId ?? (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id;
  if (id === undefined) return;
  switch (command) {
    case PAGE_COMMANDS.next:
    case PAGE_COMMANDS.previous: {
      const direction = command === PAGE_COMMANDS.next ? 'next' : 'previous';
      // The frame the reader is in (a story set in a frame), if its page script answers and
      // finds an occurrence to go to; else the top frame.
      const moved = await sendToFocusedFrame(id, { type: 'navigate-term', direction, focusedOnly: true }).catch(() => undefined);
      if (moved !== true) await sendToTab(id, { type: 'navigate-term', direction });
      return;
    }
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
