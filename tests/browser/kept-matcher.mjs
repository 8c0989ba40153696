// Reads the matcher the background keeps across service-worker restarts
// (lib/background/matcher-cache.ts), from an extension page. Plain ESM like highlight-registry.mjs,
// so that the benchmark (bench/run.mjs) and the browser tests share it. Types: kept-matcher.d.mts.

/**
 * In an extension page: the revision of the kept matcher, or null when none is kept. The function
 * runs in the page (it is sent as source text), so it names the cache's database itself.
 */
export async function keptMatcherRevisionInPage() {
  // Opened only once it exists: opening a missing database would make an empty one.
  if (!(await indexedDB.databases()).some((d) => d.name === 'termlens-matcher-cache')) return null;
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('termlens-matcher-cache');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  try {
    if (!db.objectStoreNames.contains('matcher')) return null;
    const row = await new Promise((resolve, reject) => {
      const get = db.transaction('matcher').objectStore('matcher').get('active');
      get.onsuccess = () => resolve(get.result);
      get.onerror = () => reject(get.error);
    });
    return row?.revision ?? null;
  } finally {
    db.close();
  }
}
