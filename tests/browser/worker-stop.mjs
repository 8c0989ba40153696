// Stopping the extension's service worker as Chrome does when it is idle or killed, through CDP.
// Plain ESM like kept-matcher.mjs, so that the benchmark (bench/run.mjs) and the faults browser
// suite (faults-helpers.ts) share it. Types: worker-stop.d.mts.

/** A CDP session on a blank tab of its own (Target.* and ServiceWorker.* work from any page). */
export async function controlSession(context) {
  const page = await context.newPage();
  const session = await context.newCDPSession(page);
  return {
    session,
    async close() {
      await session.detach().catch(() => {});
      await page.close().catch(() => {});
    },
  };
}

/** Whether a CDP target is the service worker of the extension `extensionId`. */
export function isExtensionWorker(target, extensionId) {
  return target.type === 'service_worker' && target.url.startsWith(`chrome-extension://${extensionId}/`);
}

/**
 * Stops the extension's service worker as Chrome does when it is idle or killed
 * (CDP `Target.closeTarget` on the worker target), and waits until it is gone.
 * Returns false when no worker was running.
 */
export async function stopServiceWorker(browser) {
  const control = await controlSession(browser.context);
  try {
    const isOurs = (t) => isExtensionWorker(t, browser.extensionId);
    let { targetInfos } = await control.session.send('Target.getTargets');
    // A worker that is starting shows up a moment later.
    for (let i = 0; i < 20 && !targetInfos.some(isOurs); i++) {
      await new Promise((r) => setTimeout(r, 100));
      ({ targetInfos } = await control.session.send('Target.getTargets'));
    }
    const workers = targetInfos.filter(isOurs);
    if (workers.length === 0) return await stopThroughServiceWorkerDomain(control.session, browser.extensionId);
    for (const w of workers) await control.session.send('Target.closeTarget', { targetId: w.targetId });
    const gone = async (ms) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const { targetInfos: now } = await control.session.send('Target.getTargets');
        if (!now.some((t) => workers.some((w) => w.targetId === t.targetId))) return true;
        if (Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    // Now and then (seen in CI, under load) closing the target leaves the worker running: then
    // stop it as DevTools' "stop" button does, through the ServiceWorker domain.
    if (!(await gone(3_000))) {
      await stopThroughServiceWorkerDomain(control.session, browser.extensionId);
      if (!(await gone(10_000))) throw new Error('the service worker did not stop (Target.closeTarget, then ServiceWorker.stopAllWorkers)');
    }
    return true;
  } finally {
    await control.close();
  }
}

/**
 * The same stop through the ServiceWorker domain, for a worker that has no target in
 * Target.getTargets (seen now and then under load): true when one of ours was running.
 */
async function stopThroughServiceWorkerDomain(session, extensionId) {
  const running = new Map();
  const onVersions = (e) => {
    for (const v of e.versions) if (v.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) running.set(v.versionId, v.runningStatus === 'running' || v.runningStatus === 'starting');
  };
  session.on('ServiceWorker.workerVersionUpdated', onVersions);
  await session.send('ServiceWorker.enable');
  await new Promise((r) => setTimeout(r, 300));
  const wasRunning = [...running.values()].some(Boolean);
  await session.send('ServiceWorker.stopAllWorkers');
  const deadline = Date.now() + 10_000;
  while ([...running.values()].some(Boolean) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  session.off('ServiceWorker.workerVersionUpdated', onVersions);
  return wasRunning;
}
