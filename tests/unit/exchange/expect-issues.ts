/** Runs a parse that must fail and returns its issues (fails the test if it succeeds). */
import { expect } from 'vitest';
import { ImportError, type ImportIssue } from '../../../lib/exchange';

export async function issuesOf(parse: () => Promise<unknown> | unknown): Promise<readonly ImportIssue[]> {
  try {
    await parse();
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    return (err as ImportError).issues;
  }
  throw new Error('expected the import to fail, and it succeeded');
}
