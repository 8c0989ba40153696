// Types for worker-stop.mjs.
import type { BrowserContext, CDPSession } from 'playwright-core';
import type { ExtensionBrowser } from './chromium.mjs';

/** A CDP session on a blank tab of its own (Target.* and ServiceWorker.* work from any page). */
export function controlSession(context: BrowserContext): Promise<{ session: CDPSession; close(): Promise<void> }>;

/** Whether a CDP target is the service worker of the extension `extensionId`. */
export function isExtensionWorker(target: { type: string; url: string }, extensionId: string): boolean;

/**
 * Stops the extension's service worker (CDP `Target.closeTarget`, then the ServiceWorker domain if
 * that left it running) and waits until it is gone. False when no worker was running.
 */
export function stopServiceWorker(browser: Pick<ExtensionBrowser, 'context' | 'extensionId'>): Promise<boolean>;
