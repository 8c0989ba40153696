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
 * The manifest's `commands`: defaults that no common browser or page shortcut
 * uses. Alt+Shift+letter is valid in Chrome and Firefox (a command key needs Ctrl
 * or Alt); Ctrl+Shift+N/P/H are taken (incognito window, print, history).
 */
export const MANIFEST_COMMANDS = {
  [PAGE_COMMANDS.next]: { suggested_key: { default: 'Alt+Shift+N' }, description: '__MSG_cmdNextTerm__' },
  [PAGE_COMMANDS.previous]: { suggested_key: { default: 'Alt+Shift+P' }, description: '__MSG_cmdPreviousTerm__' },
  [PAGE_COMMANDS.toggleSite]: { suggested_key: { default: 'Alt+Shift+H' }, description: '__MSG_cmdToggleSite__' },
};
