import '@/components/theme.css';
import '@/components/entry-form.css';
import './popup.css';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupApp } from './PopupApp';
import { glossaryDb } from '@/lib/glossary/db';
import { noticeGlossaryChanges } from '@/lib/glossary/change-notice';

document.documentElement.lang = browser.i18n.getUILanguage();
// Wake the background after our writes: a stopped worker hears no Dexie broadcast.
noticeGlossaryChanges(glossaryDb());
render(<PopupApp />, document.getElementById('app')!);
