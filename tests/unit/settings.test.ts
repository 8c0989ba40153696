import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, isActiveOnHost, withSiteToggled } from '../../lib/settings';

describe('site rules', () => {
  it('highlights everywhere by default', () => {
    expect(isActiveOnHost(DEFAULT_SETTINGS, 'www.news.cn')).toBe(true);
  });

  it('the global pause stops every site', () => {
    expect(isActiveOnHost({ ...DEFAULT_SETTINGS, enabled: false }, 'www.news.cn')).toBe(false);
  });

  it('an excluded site covers its subdomains, and only them', () => {
    const s = { ...DEFAULT_SETTINGS, excludedSites: ['news.cn'] };
    expect(isActiveOnHost(s, 'www.news.cn')).toBe(false);
    expect(isActiveOnHost(s, 'news.cn')).toBe(false);
    expect(isActiveOnHost(s, 'fakenews.cn')).toBe(true);
  });

  it('in only-listed mode, highlights only the listed sites', () => {
    const s = { ...DEFAULT_SETTINGS, siteMode: 'only-listed' as const, includedSites: ['people.com.cn'] };
    expect(isActiveOnHost(s, 'paper.people.com.cn')).toBe(true);
    expect(isActiveOnHost(s, 'www.news.cn')).toBe(false);
  });

  it('toggling a site off and on again restores the rule set', () => {
    const off = withSiteToggled(DEFAULT_SETTINGS, 'WWW.News.cn', false, 5);
    expect(off.excludedSites).toEqual(['www.news.cn']);
    expect(off.updatedAt).toBe(5);
    expect(isActiveOnHost(off, 'www.news.cn')).toBe(false);
    const on = withSiteToggled(off, 'www.news.cn', true);
    expect(on.excludedSites).toEqual([]);
  });

  it('toggling in only-listed mode edits the included sites', () => {
    const base = { ...DEFAULT_SETTINGS, siteMode: 'only-listed' as const };
    const on = withSiteToggled(base, 'example.org', true);
    expect(on.includedSites).toEqual(['example.org']);
    expect(withSiteToggled(on, 'example.org', false).includedSites).toEqual([]);
  });
});
