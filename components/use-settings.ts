import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { settingsItem, type Settings } from '@/lib/settings';

/**
 * The reader's settings for a view, and `save`, which shows a change at once and then stores it.
 * `undefined` until storage has answered.
 *
 * Why not render what storage last reported, as the views did until session 10: a change is built
 * from the settings the view shows (`{ ...settings, ...patch }`), and storage reports a write a
 * little later. A second change made before that report (a reader picks "only listed sites" and
 * at once adds a site) was built from the settings before the first, and wrote them back: the
 * mode change was lost, and the site went to the other list. A Firefox browser test failed that
 * way once.
 *
 * A report older than the settings shown (by `updatedAt`) is a change of this view's on its way
 * back, overtaken by a later one, and is not shown. A newer one, from another view or from sync,
 * is.
 */
export function useSettings(): [Settings | undefined, (next: Settings) => void] {
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  const shown = useRef<Settings | undefined>(undefined);
  useEffect(() => {
    const take = (value: Settings) => {
      if (shown.current && value.updatedAt < shown.current.updatedAt) return;
      shown.current = value;
      setSettings(value);
    };
    void settingsItem.getValue().then(take);
    return settingsItem.watch(take);
  }, []);
  const save = useCallback((next: Settings) => {
    shown.current = next;
    setSettings(next);
    void settingsItem.setValue(next);
  }, []);
  return [settings, save];
}
