import { openGlossaryDb, type GlossaryDb } from '@/lib/glossary/db';
import { openProblemText } from '@/lib/glossary/db-problem-text';

/**
 * Opens the database and, when it cannot be used, puts the reason at the top of the
 * page as an alert (`data-testid="db-open-problem"`), so that a failed upgrade reads as
 * "your data is kept, the upgrade failed" and not as an empty glossary. Plain DOM: it
 * must work even when the page's own view cannot start.
 */
export async function showDbOpenProblem(db: GlossaryDb): Promise<void> {
  const result = await openGlossaryDb(db);
  if (result.ok) return;
  console.error('TermLens: the glossary database cannot be opened', result.error);
  const banner = document.createElement('p');
  banner.setAttribute('role', 'alert');
  banner.dataset.testid = 'db-open-problem';
  banner.dataset.problem = result.problem;
  banner.className = 'tl-warning';
  banner.textContent = openProblemText(result.problem, result.error);
  document.body.prepend(banner);
}
