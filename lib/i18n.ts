import { browser } from 'wxt/browser';
import type messages from '../public/_locales/en/messages.json';

/** A key of the extension's messages (the en and zh_CN catalogues hold the same keys; a unit test checks). */
export type MessageKey = keyof typeof messages;

/**
 * The UI string for `key` in the browser's language (zh_CN by default), with
 * `$1`… filled from `substitutions`. Falls back to the key, so a missing string
 * is visible rather than blank.
 */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const text = browser.i18n.getMessage(key, substitutions.map(String));
  return text || key;
}
