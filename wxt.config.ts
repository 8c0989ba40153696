import { defineConfig } from 'wxt';
import { MANIFEST_COMMANDS } from './lib/background/command-keys';

// See docs/architecture.md for why each manifest key is here.
export default defineConfig({
  manifestVersion: 3,
  vite: () => ({
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    // contextMenus: "Add to glossary" on a selection. alarms: the subscription check.
    // No `tabs`, no host permissions: the worker asks a page's content script for its
    // URL and title instead. A subscribed list's host is asked for at subscribe time.
    permissions: ['storage', 'contextMenus', 'alarms'],
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    action: { default_title: '__MSG_extName__' },
    commands: MANIFEST_COMMANDS,
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'termlens@termlens.dev',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
