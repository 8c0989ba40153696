/**
 * Which parser a dropped file needs. The extension decides when it is a known one; the
 * text decides otherwise, because files arrive renamed (`glossary.txt`, `export(1)`).
 */
export type ExchangeFormat = 'json' | 'csv' | 'tbx';

/**
 * Guesses the format of a file from its name and first characters: `.json`, `.csv`/`.tsv`,
 * `.tbx`/`.xml` by extension; otherwise `{` or `[` means JSON, `<` means TBX, and anything
 * else is read as CSV (whose parser then reports what is wrong with it).
 */
export function detectFormat(fileName: string, text: string): ExchangeFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName.trim())?.[1]?.toLowerCase();
  if (ext === 'json') return 'json';
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (ext === 'tbx' || ext === 'xml') return 'tbx';
  const start = text.replace(/^\uFEFF/, '').trimStart().slice(0, 1);
  if (start === '{' || start === '[') return 'json';
  if (start === '<') return 'tbx';
  return 'csv';
}
