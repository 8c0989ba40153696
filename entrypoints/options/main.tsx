import '@/components/theme.css';
import '@/components/entry-form.css';
import './options.css';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { OptionsApp } from './OptionsApp';
import { glossaryDb } from '@/lib/glossary/db';
import { noticeGlossaryChanges } from '@/lib/glossary/change-notice';
import { showDbOpenProblem } from '@/components/db-open-problem';

document.documentElement.lang = browser.i18n.getUILanguage();
// Wake the background after our writes: a stopped worker hears no Dexie broadcast.
noticeGlossaryChanges(glossaryDb());
// A database that cannot be opened (a failed upgrade keeps the old data) is said at the top, not shown as an empty glossary.
void showDbOpenProblem(glossaryDb());
document.title = `${t('optSubtitle')} · ${t('extName')}`;
render(<OptionsApp />, document.getElementById('app')!);
