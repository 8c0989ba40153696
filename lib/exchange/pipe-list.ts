/**
 * Several values in one CSV cell, separated by `|`: synonyms, translations, tags,
 * exclusions. A `|` or `\` inside a value is written `\|` or `\\`, so no value is ever
 * split or merged by a round trip.
 */

/** Joins values with `|`, escaping `\` as `\\` and `|` as `\|`. */
export function joinPipeList(values: readonly string[]): string {
  return values.map((v) => v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|')).join('|');
}

/**
 * Splits a cell at unescaped `|`, undoes `\|` and `\\`, trims each value and drops empty
 * ones (a spreadsheet user writes `a | b`). A `\` before any other character is kept as
 * it is, so hand-written backslashes survive.
 */
export function splitPipeList(cell: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i++) {
    const ch = cell[i]!;
    if (ch === '\\') {
      const next = cell[i + 1];
      if (next === '|' || next === '\\') {
        current += next;
        i++;
      } else current += ch;
    } else if (ch === '|') {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((v) => v.trim()).filter((v) => v !== '');
}
