// Types for kept-matcher.mjs.

/** In an extension page: the revision of the matcher the background keeps across restarts, or null. */
export function keptMatcherRevisionInPage(): Promise<number | null>;
