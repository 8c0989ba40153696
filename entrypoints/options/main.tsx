import '@/components/theme.css';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';

// The editor's workspace (issue 5) grows here; for now it names the extension.
document.documentElement.lang = browser.i18n.getUILanguage();
render(<main style={{ padding: '24px' }}><h1>{t('extName')}</h1></main>, document.getElementById('app')!);
