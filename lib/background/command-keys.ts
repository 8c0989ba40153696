/**
 * The keyboard commands' names and default keys, for the manifest
 * (wxt.config.ts) and the background. No imports: the build reads this file in
 * Node.
 */

/** The command names, as in the manifest. */
export const PAGE_COMMANDS = {
  next: 'next-term',
  previous: 'previous-term',
  toggleSite: 'toggle-site',
} as const;

/**
 * The manifest's `commands`. A command key needs Ctrl or Alt; Ctrl+Shift+letter
 * is mostly the browser's own. Chrome 156 silently leaves a suggested key unset
 * when it reserves it: Alt+Shift+N, Alt+Shift+P and Alt+Shift+T come out empty in
 * `commands.getAll()`, so next/previous are J/K (as in Gmail and most feed
 * readers), which Chrome assigns. tests/browser/keyboard.test.ts checks that
 * every default is assigned.
 */
export const MANIFEST_COMMANDS = {
  [PAGE_COMMANDS.next]: { suggested_key: { default: 'Alt+Shift+J' }, description: '__MSG_cmdNextTerm__' },
  [PAGE_COMMANDS.previous]: { suggested_key: { default: 'Alt+Shift+K' }, description: '__MSG_cmdPreviousTerm__' },
  [PAGE_COMMANDS.toggleSite]: { suggested_key: { default: 'Alt+Shift+H' }, description: '__MSG_cmdToggleSite__' },
};
