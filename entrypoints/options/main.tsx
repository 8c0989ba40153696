import '@/components/theme.css';
import '@/components/entry-form.css';
import './options.css';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { OptionsApp } from './OptionsApp';
import { glossaryDb } from '@/lib/glossary/db';
import { noticeGlossaryChanges } from '@/lib/glossary/change-notice';

document.documentElement.lang = browser.i18n.getUILanguage();
// Wake the background after our writes: a stopped worker hears no Dexie broadcast.
noticeGlossaryChanges(glossaryDb());
document.title = `${t('optSubtitle')} · ${t('extName')}`;
render(<OptionsApp />, document.getElementById('app')!);
