/**
 * Import and export of glossaries: native JSON, CSV and TBX-Basic (docs/formats/).
 * Everything here is pure and DOM-free, so it runs in the service worker and the options
 * page alike. Parsers turn text into an {@link ExchangeBundle} or throw an
 * {@link ImportError} listing every problem; `planImport` previews what applying a bundle
 * would change; the database import applies the plan in one transaction.
 */
export type { EntryField, ExchangeBundle, ExchangeEntry, ExchangeList } from './bundle';
export { ENTRY_FIELDS, bundleFromGlossary, countEntries, exchangeEntryFromGlossary } from './bundle';
export type { ImportIssue, IssueCode, IssueLocation } from './import-error';
export { ImportError, MAX_ISSUES, describeLocation } from './import-error';
export type { ParseOptions } from './pacer';
export { decodeText } from './decode-text';
export { detectFormat, type ExchangeFormat } from './detect-format';
export { exportJson, parseJson, readNativeJson, JSON_FORMAT_VERSION, NATIVE_JSON_KEYS, type JsonExportOptions } from './json';
export { exportCsv, parseCsv, CSV_COLUMNS, type CsvExportOptions, type CsvParseOptions } from './csv';
export { exportTbx, parseTbx, TBX_NAMESPACE, type TbxExportOptions, type TbxParseOptions } from './tbx';
export { joinPipeList, splitPipeList } from './pipe-list';
export { planImport, sameContent } from './preview';
export type { ConflictKind, ExistingGlossary, ImportConflict, ImportMode, ImportOperation, ImportPlan, PlanOptions } from './preview';

import type { ExchangeBundle } from './bundle';
import { decodeText } from './decode-text';
import { detectFormat, type ExchangeFormat } from './detect-format';
import { parseCsv, type CsvParseOptions } from './csv';
import { parseJson } from './json';
import { parseTbx, type TbxParseOptions } from './tbx';

/**
 * Decodes and parses a file in whichever format it is (see {@link detectFormat}). Throws
 * an ImportError for a file that is not UTF-8 or not valid in its format.
 */
export async function parseFile(
  fileName: string,
  bytes: Uint8Array,
  options: CsvParseOptions & TbxParseOptions = {},
): Promise<{ format: ExchangeFormat; bundle: ExchangeBundle }> {
  const text = decodeText(bytes);
  const format = detectFormat(fileName, text);
  const bundle = format === 'json' ? await parseJson(text, options) : format === 'csv' ? await parseCsv(text, options) : await parseTbx(text, options);
  return { format, bundle };
}
