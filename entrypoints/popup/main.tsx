import '@/components/theme.css';
import '@/components/entry-form.css';
import './popup.css';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupApp } from './PopupApp';
import { glossaryDb } from '@/lib/glossary/db';
import { noticeGlossaryChanges } from '@/lib/glossary/change-notice';
import { showDbOpenProblem } from '@/components/db-open-problem';

document.documentElement.lang = browser.i18n.getUILanguage();
// Wake the background after our writes: a stopped worker hears no Dexie broadcast.
noticeGlossaryChanges(glossaryDb());
// A database that cannot be opened (a failed upgrade keeps the old data) is said at the top, not shown as an empty glossary.
void showDbOpenProblem(glossaryDb());
render(<PopupApp />, document.getElementById('app')!);
