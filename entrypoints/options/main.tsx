import '@/components/theme.css';
import '@/components/entry-form.css';
import './options.css';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { OptionsApp } from './OptionsApp';

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = `${t('optSubtitle')} · ${t('extName')}`;
render(<OptionsApp />, document.getElementById('app')!);
