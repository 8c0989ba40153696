import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { settingsItem, type Settings } from '@/lib/settings';

/** A change of the settings, made from the settings as they are when it is applied. */
export type SettingsChange = (current: Settings) => Settings;

/**
 * The reader's settings for a view, and `update`, which applies a change to the latest settings,
 * shows the result at once and then stores it. `undefined` until storage has answered; `update`
 * does nothing before that.
 *
 * Why (session 10): the views rendered what storage last reported and built each change from the
 * settings of their last render (`{ ...settings, ...patch }`). A second change made before
 * storage reported the first (a reader picks "only listed sites" and at once adds a site) was
 * built from the settings before the first, and wrote them back: the mode change was lost and the
 * site went to the other list. A Firefox browser test failed that way once. A change is therefore
 * a function of the current settings, applied to the latest ones this view holds, not to those of
 * a render: two changes in one task, before any render, keep each other too.
 *
 * A report older than the settings shown (by `updatedAt`) is a change of this view's on its way
 * back, overtaken by a later one, and is not shown. A newer one, from another view or from sync,
 * is.
 */
export function useSettings(): [Settings | undefined, (change: SettingsChange) => void] {
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  const latest = useRef<Settings | undefined>(undefined);
  useEffect(() => {
    const take = (value: Settings) => {
      if (latest.current && value.updatedAt < latest.current.updatedAt) return;
      latest.current = value;
      setSettings(value);
    };
    void settingsItem.getValue().then(take);
    return settingsItem.watch(take);
  }, []);
  const update = useCallback((change: SettingsChange) => {
    const current = latest.current;
    if (!current) return;
    const next = change(current);
    if (next === current) return;
    latest.current = next;
    setSettings(next);
    void settingsItem.setValue(next);
  }, []);
  return [settings, update];
}
