import { t } from '@/lib/i18n';
import { SiteRulesPanel } from '@/components/SiteRulesPanel';
import { useSettings } from '@/components/use-settings';

/** `#/settings`: where TermLens highlights (site rules and the global pause). Wiring only. */
export function SettingsView() {
  const [settings, updateSettings] = useSettings();
  return (
    <div class="tl-sharing">
      <header class="tl-main-header">
        <h2 class="tl-main-title">{t('optSettingsTitle')}</h2>
      </header>
      {settings && <SiteRulesPanel settings={settings} onChange={updateSettings} />}
    </div>
  );
}
