import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, isActiveOnHost, normalizeSite, sitesOf, withChanges, withSites, withSiteToggled } from '../../lib/settings';

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

  it('reads and replaces the list of the current mode only', () => {
    const s = { ...DEFAULT_SETTINGS, excludedSites: ['a.cn'], includedSites: ['b.cn'] };
    expect(sitesOf(s)).toEqual(['a.cn']);
    expect(sitesOf({ ...s, siteMode: 'only-listed' })).toEqual(['b.cn']);
    expect(withSites(s, ['c.cn'], 7)).toEqual({ ...s, excludedSites: ['c.cn'], updatedAt: 7 });
    expect(withSites({ ...s, siteMode: 'only-listed' }, [], 7)).toEqual({ ...s, siteMode: 'only-listed', includedSites: [], updatedAt: 7 });
  });

  it('stamps a change at its time, or one past the last change when the clock is behind it', () => {
    const s = { ...DEFAULT_SETTINGS, updatedAt: 100 };
    expect(withChanges(s, { enabled: false }, 500)).toEqual({ ...s, enabled: false, updatedAt: 500 });
    expect(withChanges(s, { enabled: false }, 50)).toEqual({ ...s, enabled: false, updatedAt: 101 });
    expect(withSites(s, ['c.cn'], 50).updatedAt).toBe(101);
  });

  it('toggling in only-listed mode edits the included sites', () => {
    const base = { ...DEFAULT_SETTINGS, siteMode: 'only-listed' as const };
    const on = withSiteToggled(base, 'example.org', true);
    expect(on.includedSites).toEqual(['example.org']);
    expect(withSiteToggled(on, 'example.org', false).includedSites).toEqual([]);
  });
});

describe('a site typed by a person', () => {
  it.each([
    ['news.cn', 'news.cn'],
    ['  WWW.News.CN ', 'www.news.cn'],
    ['https://www.news.cn/politics/2024/index.html', 'www.news.cn'],
    ['127.0.0.1', '127.0.0.1'],
    ['人民网.中国', 'xn--gmq282eogn.xn--fiqs8s'],
  ])('%j becomes the rule %j', (typed, rule) => {
    expect(normalizeSite(typed)).toBe(rule);
  });

  it.each(['', '   ', 'not a site', 'http://', 'a..b', '.news.cn'])('%j is refused', (typed) => {
    expect(normalizeSite(typed)).toBeNull();
  });
});
