import { storage } from 'wxt/utils/storage';
import { stampAfter } from './glossary/stamp';

/** How site rules apply: everywhere but the listed sites (default), or only on them. */
export type SiteMode = 'everywhere-except' | 'only-listed';

/** Settings every context reads at start (design: kept in storage.local). */
export interface Settings {
  /** The global pause: false stops highlighting on every page. */
  enabled: boolean;
  siteMode: SiteMode;
  /** Host names, lower-case, e.g. `news.cn`; a rule covers its subdomains. */
  excludedSites: string[];
  includedSites: string[];
  updatedAt: number;
}

export const DEFAULT_SETTINGS: Settings = {
  enabled: true,
  siteMode: 'everywhere-except',
  excludedSites: [],
  includedSites: [],
  updatedAt: 0,
};

/** The settings item in `storage.local`. */
export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
});

/**
 * Whether content scripts write TermLens's performance entries (`termlens:*`) on pages: off unless
 * set (bench/ and the browser tests set it), because a page can read them (lib/page/timings.ts).
 */
export const timingsItem = storage.defineItem<boolean>('local:timings', { fallback: false });

/** True when `host` is `site` or one of its subdomains. */
function hostMatches(host: string, site: string): boolean {
  return host === site || host.endsWith(`.${site}`);
}

/** Whether TermLens highlights on a page of this host name, under these settings. */
export function isActiveOnHost(settings: Settings, host: string): boolean {
  if (!settings.enabled) return false;
  const h = host.toLowerCase();
  if (settings.siteMode === 'only-listed') return settings.includedSites.some((s) => hostMatches(h, s));
  return !settings.excludedSites.some((s) => hostMatches(h, s));
}

/** The list of sites the mode reads: the included ones when only listed sites are highlighted, else the excluded. */
export function sitesOf(settings: Settings): string[] {
  return settings.siteMode === 'only-listed' ? settings.includedSites : settings.excludedSites;
}

/**
 * The settings with `patch` applied, stamped as a change made `now`: after the settings' last stamp
 * when this browser's clock is behind the browser that made it (lib/glossary/stamp.ts).
 */
export function withChanges(settings: Settings, patch: Partial<Omit<Settings, 'updatedAt'>>, now = Date.now()): Settings {
  return { ...settings, ...patch, updatedAt: stampAfter(settings.updatedAt, now) };
}

/** The settings with the mode's list of sites (sitesOf) replaced by `sites`. */
export function withSites(settings: Settings, sites: string[], now = Date.now()): Settings {
  return withChanges(settings, settings.siteMode === 'only-listed' ? { includedSites: sites } : { excludedSites: sites }, now);
}

/** The settings with this host's highlighting switched on or off, under the current mode. */
export function withSiteToggled(settings: Settings, host: string, on: boolean, now = Date.now()): Settings {
  const h = host.toLowerCase();
  const others = sitesOf(settings).filter((s) => !hostMatches(h, s));
  // Listed sites are where it highlights in one mode and where it does not in the other.
  const listHost = on === (settings.siteMode === 'only-listed');
  return withSites(settings, listHost ? [...others, h] : others, now);
}

/**
 * A site rule from what a person typed: a host name (`news.cn`), or a URL whose host
 * is taken (`https://www.news.cn/politics/`), lower-cased and in punycode as the
 * browser reports `location.hostname`. Null when it is neither.
 */
export function normalizeSite(input: string): string | null {
  const text = input.trim();
  if (!text || /\s/.test(text)) return null;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
    const host = url.hostname.replace(/\.$/, '');
    return /^[a-z0-9.-]+$/.test(host) && !host.startsWith('.') && !host.includes('..') ? host : null;
  } catch {
    return null;
  }
}
