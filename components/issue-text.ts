import type { EntryIssue } from '@/lib/glossary/validate-entry';
import { t } from '@/lib/i18n';

/** The sentence that explains a validation issue, in the user's language (without the link to the other entry). */
export function issueText(issue: EntryIssue): string {
  const form = issue.form ?? '';
  const list = issue.other?.listName ?? '';
  switch (issue.code) {
    case 'term-empty':
      return t('issueTermEmpty');
    case 'form-folds-empty':
      return t('issueFormFoldsEmpty');
    case 'form-repeated':
      return t('issueFormRepeated', form);
    case 'form-excluded':
      return t('issueFormExcluded', form);
    case 'exclusion-unused':
      return t('issueExclusionUnused', form);
    case 'duplicate-form':
      return t('issueDuplicateForm', form);
    case 'shared-translation':
      return t('issueSharedTranslation', form);
    case 'shadowed-by-priority':
      return t('issueShadowedByPriority', form, list);
    case 'priority-tie':
      return t('issuePriorityTie', form, list);
    case 'inside-longer-form':
      return t('issueInsideLongerForm', issue.other?.form ?? '');
    case 'lang-invalid':
      return t('issueLangInvalid');
    case 'url-invalid':
      return t('issueUrlInvalid');
    case 'date-invalid':
      return t('issueDateInvalid');
  }
}
