import { defineConfig } from 'wxt';
import { MANIFEST_COMMANDS } from './lib/background/command-keys';

// See docs/architecture.md for why each manifest key is here.
export default defineConfig({
  // MV3 for every browser, Firefox included (WXT's default for Firefox would be MV2): one
  // manifest and one code path (action, scripting, optional_host_permissions). Firefox's MV3 host
  // access is the user's to withdraw, so the Firefox build asks on install when it lacks it
  // (lib/background/host-access.ts). Reasons in docs/architecture.md, "Firefox".
  manifestVersion: 3,
  // `wxt zip -b firefox` also packs the sources AMO review needs; test output is not source.
  zip: { excludeSources: ['test-results/**'] },
  vite: () => ({
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    // contextMenus: "Add to glossary" on a selection. alarms: the subscription check.
    // No `tabs`: the worker asks a page's content script for its URL and title instead.
    // scripting + host access to `<all_urls>`, the pages the content script already runs
    // on: after an update or reload the new version puts its content script into the tabs
    // already open (lib/background/content-script-handover.ts), and in MV3 content_scripts
    // matches grant `executeScript` no host access. It adds no install warning beyond the
    // content script's. A subscribed list's host is still asked for at subscribe time
    // (optional_host_permissions), for browsers that let the user withhold host access.
    permissions: ['storage', 'contextMenus', 'alarms', 'scripting'],
    host_permissions: ['<all_urls>'],
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    action: { default_title: '__MSG_extName__' },
    commands: MANIFEST_COMMANDS,
    // Firefox: the gecko id is what storage.sync and the add-on's identity hang on; AMO requires
    // the data-collection declaration, and 140 is the ESR this is tested on (153) minus one ESR.
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
