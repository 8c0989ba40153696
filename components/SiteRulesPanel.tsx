import { useState } from 'preact/hooks';
import type { Settings, SiteMode } from '@/lib/settings';
import { normalizeSite, sitesOf, withChanges, withSites } from '@/lib/settings';
import { t } from '@/lib/i18n';
import { Switch } from './Switch';
import type { SettingsChange } from './use-settings';

/**
 * Where TermLens highlights: everywhere except the excluded sites (the default), or
 * only on the listed ones; and the global pause. A view: it gets the settings and
 * hands back each change as a function of the current settings (useSettings applies it
 * to the latest ones, which a quick second change may have made newer than this render's).
 */
export function SiteRulesPanel({ settings, onChange }: { settings: Settings; onChange: (change: SettingsChange) => void }) {
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState('');
  const listed = settings.siteMode === 'only-listed';
  const sites = sitesOf(settings);
  const change = (patch: Partial<Settings>) => onChange((current) => withChanges(current, patch));
  const add = () => {
    const site = normalizeSite(draft);
    if (!site) {
      setProblem(t('siteRulesInvalid', draft.trim()));
      return;
    }
    setProblem('');
    setDraft('');
    onChange((current) => (sitesOf(current).includes(site) ? current : withSites(current, [...sitesOf(current), site])));
  };
  const remove = (site: string) => onChange((current) => withSites(current, sitesOf(current).filter((s) => s !== site)));

  return (
    <section class="tl-site-rules" aria-labelledby="tl-site-rules-heading">
      <h3 id="tl-site-rules-heading">{t('siteRulesTitle')}</h3>
      <Switch
        label={t('popupGlobalPause')}
        testId="settings-global-pause"
        checked={!settings.enabled}
        onChange={(paused) => change({ enabled: !paused })}
      />
      <fieldset class="tl-site-mode">
        <legend>{t('siteRulesMode')}</legend>
        {(['everywhere-except', 'only-listed'] as SiteMode[]).map((mode) => (
          <label key={mode}>
            <input
              type="radio"
              name="tl-site-mode"
              data-testid={`site-mode-${mode}`}
              checked={settings.siteMode === mode}
              onChange={() => change({ siteMode: mode })}
            />
            {mode === 'everywhere-except' ? t('siteRulesModeExcept') : t('siteRulesModeOnly')}
          </label>
        ))}
      </fieldset>
      <p class="tl-muted">{listed ? t('siteRulesIncludedHelp') : t('siteRulesExcludedHelp')}</p>
      <ul class="tl-site-list" data-testid="site-list">
        {sites.length === 0 && <li class="tl-muted tl-site-none">{t('siteRulesNone')}</li>}
        {sites.map((site) => (
          <li key={site}>
            <span>{site}</span>
            <button type="button" class="tl-link-button" aria-label={t('siteRulesRemove', site)} onClick={() => remove(site)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        class="tl-site-add"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label for="tl-site-input">{t('siteRulesAddLabel')}</label>
        <input
          id="tl-site-input"
          class="tl-input"
          data-testid="site-input"
          value={draft}
          placeholder="news.cn"
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? 'tl-site-problem' : undefined}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit" class="tl-button" data-testid="site-add">{t('siteRulesAdd')}</button>
        {problem && <p id="tl-site-problem" class="tl-warning" role="alert">{problem}</p>}
      </form>
    </section>
  );
}
