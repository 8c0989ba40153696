import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { ALL_SITES, hasPageAccess } from '@/lib/background/host-access';

// The first-run page of the Firefox build when TermLens may not read pages (see
// lib/background/host-access.ts). permissions.request needs a user gesture, hence the button.
const byId = (id: string) => document.getElementById(id)!;
document.documentElement.lang = browser.i18n.getUILanguage();
document.title = `${t('hostAccessTitle')} · TermLens`;
byId('title').textContent = t('hostAccessTitle');
byId('why').textContent = t('hostAccessWhy');
const allow = byId('allow') as HTMLButtonElement;
allow.textContent = t('hostAccessAllow');
const result = byId('result');

function show(granted: boolean): void {
  result.dataset.state = granted ? 'granted' : 'denied';
  result.textContent = granted ? t('hostAccessGranted') : t('hostAccessDenied');
  allow.hidden = granted;
}

allow.addEventListener('click', () => {
  // Called synchronously in the click handler: Firefox drops a request made after an await.
  browser.permissions.request(ALL_SITES).then(show, () => show(false));
});
void hasPageAccess().then((granted) => granted && show(true));
