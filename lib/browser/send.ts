import { browser } from 'wxt/browser';
import type { BackgroundRequest, BackgroundResponses, ContentRequest, ContentResponses } from '../messages';

/** Sends a request to the background and resolves with its typed answer. */
export function sendToBackground<R extends BackgroundRequest>(request: R): Promise<BackgroundResponses[R['type']]> {
  return browser.runtime.sendMessage(request) as Promise<BackgroundResponses[R['type']]>;
}

/** Sends a request to the content script of a tab's top frame and resolves with its typed answer. */
export function sendToTab<R extends ContentRequest>(tabId: number, request: R): Promise<ContentResponses[R['type']]> {
  return browser.tabs.sendMessage(tabId, request, { frameId: 0 }) as Promise<ContentResponses[R['type']]>;
}

/**
 * Sends a request to every frame of a tab, of which only the frame holding the keyboard focus
 * answers (the request's `focusedOnly`); rejects, or resolves with undefined, when none does.
 */
export function sendToFocusedFrame<R extends ContentRequest & { focusedOnly: true }>(
  tabId: number,
  request: R,
): Promise<ContentResponses[R['type']] | undefined> {
  return browser.tabs.sendMessage(tabId, request) as Promise<ContentResponses[R['type']] | undefined>;
}

/** Sends a request that no frame answers to every frame of a tab. */
export async function sendToEveryFrame(tabId: number, request: ContentRequest & { type: 'report-page-stats' }): Promise<void> {
  await browser.tabs.sendMessage(tabId, request);
}
