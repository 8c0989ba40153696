import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { settingsItem, type Settings } from '@/lib/settings';
import { SiteRulesPanel } from '@/components/SiteRulesPanel';

/** `#/settings`: where TermLens highlights (site rules and the global pause). Wiring only. */
export function SettingsView() {
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  useEffect(() => {
    void settingsItem.getValue().then(setSettings);
    return settingsItem.watch(setSettings);
  }, []);
  return (
    <div class="tl-sharing">
      <header class="tl-main-header">
        <h2 class="tl-main-title">{t('optSettingsTitle')}</h2>
      </header>
      {settings && <SiteRulesPanel settings={settings} onChange={(next) => void settingsItem.setValue(next)} />}
    </div>
  );
}
