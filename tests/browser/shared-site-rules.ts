// The site-rules specification both browsers are checked against (tests/browser/site-rules.test.ts
// in Chromium, tests/browser-firefox/popup.test.ts in Firefox): the open page, what is typed into
// the options page's site field, and how long the page may take to follow.

import { newsArticlePage } from '../fixtures/pages/news-article.mjs';
import { PAGE_HOST, type SpecPage } from './shared-popup';

export const RULES_PAGE: SpecPage = { path: '/news/rules.html', html: newsArticlePage() };
/** A typo, refused beside the field. */
export const NOT_A_SITE = 'not a site';
/** The page's own site, typed as a URL: stored as its host name. */
export const SITE_AS_URL = `http://${PAGE_HOST}/some/page`;
/** The page's own site, as the list shows it and as it is typed the second time. */
export const SITE = PAGE_HOST;
/** How long the open page may take to follow a rule change. */
export const RULES_FOLLOW_MS = 15_000;
