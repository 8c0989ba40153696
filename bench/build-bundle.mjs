// Bundles bench-entry.ts (TermLens's library code, same source as the extension) into one IIFE
// script with the global `TermLensBench`, for evaluation in the service worker and extension pages.
import { rolldown } from 'rolldown';
import { fileURLToPath } from 'node:url';

/** The bundle's source text. */
export async function buildBenchBundle({ minify = true } = {}) {
  const bundle = await rolldown({
    input: fileURLToPath(new URL('./bench-entry.ts', import.meta.url)),
    platform: 'browser',
    logLevel: 'silent',
  });
  try {
    const { output } = await bundle.generate({ format: 'iife', name: 'TermLensBench', minify });
    return output[0].code;
  } finally {
    await bundle.close();
  }
}
