import type { ConflictKind, EntryField, ImportIssue, IssueLocation } from '@/lib/exchange';
import type { ImportFailureReason } from '@/lib/glossary/import-session';
import { t, type MessageKey } from '@/lib/i18n';

/** Where an issue is, in the UI language: `第 12 行，第 3 列，“en”列（新质生产力）`. */
export function issuePlace(where: IssueLocation): string {
  const parts: string[] = [];
  if (where.line !== undefined && where.line > 0) {
    parts.push(where.col !== undefined ? t('ieAtLineCol', where.line, where.col) : t('ieAtLine', where.line));
  }
  if (where.column !== undefined) parts.push(t('ieAtColumn', where.column));
  if (where.path !== undefined) parts.push(where.path);
  else if (where.entry !== undefined) parts.push(t('ieAtEntry', where.entry));
  if (where.term !== undefined && where.term !== '') parts.push(t('ieAtTerm', where.term));
  return parts.join(t('ieListSeparator'));
}

const ISSUE_KEYS: Record<ImportIssue['code'], MessageKey> = {
  'empty-file': 'ieIssueEmptyFile',
  'not-utf8': 'ieIssueNotUtf8',
  utf16: 'ieIssueUtf16',
  'json-syntax': 'ieIssueJsonSyntax',
  'unknown-format': 'ieIssueUnknownFormat',
  'unsupported-version': 'ieIssueUnsupportedVersion',
  'wrong-type': 'ieIssueWrongType',
  'missing-field': 'ieIssueMissingField',
  'unknown-field': 'ieIssueUnknownField',
  'invalid-value': 'ieIssueInvalidValue',
  'empty-term': 'ieIssueEmptyTerm',
  'duplicate-term': 'ieIssueDuplicateTerm',
  'duplicate-id': 'ieIssueDuplicateId',
  'duplicate-list': 'ieIssueDuplicateList',
  'csv-syntax': 'ieIssueCsvSyntax',
  'missing-column': 'ieIssueMissingColumn',
  'unknown-column': 'ieIssueUnknownColumn',
  'duplicate-column': 'ieIssueDuplicateColumn',
  'field-count': 'ieIssueFieldCount',
  'xml-syntax': 'ieIssueXmlSyntax',
  'not-tbx': 'ieIssueNotTbx',
  'no-term': 'ieIssueNoTerm',
  'no-language': 'ieIssueNoLanguage',
  'too-many-issues': 'ieIssueTooMany',
};

/**
 * What is wrong, in the UI language, from the issue's code and params. Parsers' details
 * (an XML or JSON syntax message) are in English and are appended as they are.
 */
export function issueWhat(issue: ImportIssue): string {
  const p = issue.params ?? {};
  const str = (k: string) => (p[k] === undefined ? '' : String(p[k]));
  switch (issue.code) {
    case 'unsupported-version':
      return t('ieIssueUnsupportedVersion', str('version'), str('supported'));
    case 'field-count':
      return t('ieIssueFieldCount', str('found'), str('expected'));
    case 'too-many-issues':
      return t('ieIssueTooMany', str('count'));
    case 'missing-column': {
      const column = str('column') || issue.where.column || 'term';
      return str('header') ? t('ieIssueMissingColumnNamed', column, str('header')) : t('ieIssueMissingColumn', column);
    }
    case 'not-utf8':
      return t('ieIssueNotUtf8', str('offset'));
    case 'utf16':
      return t('ieIssueUtf16', str('encoding'));
  }
  const base = t(ISSUE_KEYS[issue.code]);
  const detail = str('detail') || str('value') || str('found') || str('field') || str('column');
  return detail ? `${base}${t('ieDetail', detail)}` : base;
}

/** One line of the issue list: place and problem. */
export function issueLine(issue: ImportIssue): string {
  const place = issuePlace(issue.where);
  return place ? t('ieIssueLine', place, issueWhat(issue)) : issueWhat(issue);
}

/** The sentence for a failure that is not a list of issues. */
export function failureText(reason: ImportFailureReason): string {
  switch (reason.kind) {
    case 'issues':
      return t('ieFileRejected', reason.issues.length);
    case 'stale':
      return t('ieStale');
    case 'read-only':
      return t('ieReadOnly');
    case 'other':
      return t('ieFailed', reason.message);
  }
}

const CONFLICT_KEYS: Record<ConflictKind, MessageKey> = {
  differs: 'ieConflictDiffers',
  'existing-newer': 'ieConflictExistingNewer',
  'ambiguous-term': 'ieConflictAmbiguous',
  'id-term-mismatch': 'ieConflictIdTerm',
  'duplicate-incoming': 'ieConflictDuplicateIncoming',
};

/** Why an entry of the file was left out. */
export function conflictText(kind: ConflictKind): string {
  return t(CONFLICT_KEYS[kind]);
}

const FIELD_KEYS: Record<EntryField, MessageKey> = {
  term: 'ieFieldTerm',
  variants: 'ieFieldVariants',
  lang: 'ieFieldLang',
  translations: 'ieFieldTranslations',
  definition: 'ieFieldDefinition',
  note: 'ieFieldNote',
  tags: 'ieFieldTags',
  source: 'ieFieldSource',
  match: 'ieFieldMatch',
};

/** The name of an entry field in the UI language. */
export function fieldName(field: EntryField): string {
  return t(FIELD_KEYS[field]);
}
