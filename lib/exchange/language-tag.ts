/**
 * BCP 47 language tags, checked by shape only (no registry): a 2–3 or 5–8 letter language
 * subtag and optional subtags, e.g. `zh`, `zh-Hans`, `zh-Hant-TW`, `en-GB`, `yue`.
 * Four-letter primary subtags are reserved by BCP 47, which is why `term`, `lang`, `note`
 * and `tags` can never be mistaken for languages.
 */
const TAG = /^(?:[A-Za-z]{2,3}|[A-Za-z]{5,8})(?:-[A-Za-z0-9]{1,8})*$/;

/** True when `s` has the shape of a BCP 47 language tag. */
export function isLanguageTag(s: string): boolean {
  return TAG.test(s);
}
