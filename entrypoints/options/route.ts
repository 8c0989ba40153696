import type { EntrySeed } from '@/lib/glossary/entry-draft';

/**
 * The options page's address (its hash), so that a reload, the back button and
 * links from elsewhere (the context menu's "Add to glossary", the popup, a
 * validation message) land where they mean:
 *   `#/`                        the entries
 *   `#/trash`                   the trash
 *   `#/entry/<id>`              the entries, with one entry open in the editor
 *   `#/entry/<id>/history`      …with its history open
 *   `#/add?term=…&url=…&title=…` the entries, with a prefilled new entry open
 *   `#/sharing`                 subscriptions, browser sync, import and export
 *   `#/settings`                where to highlight (site rules, the global pause)
 */
export type Route =
  | { view: 'entries' }
  | { view: 'trash' }
  | { view: 'sharing' }
  | { view: 'settings' }
  | { view: 'entry'; id: string; history: boolean }
  | { view: 'add'; seed: EntrySeed };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const [pathname = '', search = ''] = path.split('?', 2);
  const parts = pathname.split('/').filter(Boolean).map(safeDecode);
  if (parts[0] === 'trash') return { view: 'trash' };
  if (parts[0] === 'sharing') return { view: 'sharing' };
  if (parts[0] === 'settings') return { view: 'settings' };
  if (parts[0] === 'entry' && parts[1]) return { view: 'entry', id: parts[1], history: parts[2] === 'history' };
  if (parts[0] === 'add') {
    const params = new URLSearchParams(search);
    const seed: EntrySeed = {};
    const term = params.get('term');
    const url = params.get('url');
    const title = params.get('title');
    if (term) seed.term = term;
    if (url) seed.sourceUrl = url;
    if (title) seed.sourceTitle = title;
    return { view: 'add', seed };
  }
  return { view: 'entries' };
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case 'entries':
      return '#/';
    case 'trash':
      return '#/trash';
    case 'sharing':
      return '#/sharing';
    case 'settings':
      return '#/settings';
    case 'entry':
      return `#/entry/${encodeURIComponent(route.id)}${route.history ? '/history' : ''}`;
    case 'add': {
      const params = new URLSearchParams();
      if (route.seed.term) params.set('term', route.seed.term);
      if (route.seed.sourceUrl) params.set('url', route.seed.sourceUrl);
      if (route.seed.sourceTitle) params.set('title', route.seed.sourceTitle);
      const query = params.toString();
      return `#/add${query ? `?${query}` : ''}`;
    }
  }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
