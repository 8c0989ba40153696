// The benchmark's pages: the reference text (tests/fixtures/jinzhong-daily-2024-04-24-p1.txt)
// repeated R times, laid out as news sites do (the fixture builder's rules: a <p> per paragraph, a
// <span> per printed line, <br> and a newline between lines), with a heading at the top that the
// page itself rewrites during the text-update test.
import { readReferenceText, splitIntoBlocks } from '../tests/fixtures/pages/news-article.mjs';

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const printedLines = (lines) => lines.map((l) => `<span>${escapeHtml(l)}</span>`).join('<br>\n');

const STYLE = `
body { margin: 0; font-family: "Noto Serif CJK SC", serif; font-size: 16px; line-height: 1.8; background: #fff; color: #1d1d1f; }
header { position: sticky; top: 0; background: #fff; border-bottom: 3px solid #c8102e; padding: 8px 24px; }
#ticker { margin: 0; font-size: 20px; font-family: "Noto Sans CJK SC", sans-serif; }
main { max-width: 760px; margin: 0 auto; padding: 0 24px; }
article { border-top: 1px solid #ccc; padding: 12px 0; }
h2 { font-size: 22px; margin: 8px 0; }
p { margin: 0 0 12px; text-indent: 2em; text-align: justify; }
`;

/** The blocks of the reference text (headlines and paragraphs), parsed once. */
const BLOCKS = splitIntoBlocks(readReferenceText());

/** The text a reader sees in one copy, whitespace inside paragraphs removed (what terms are drawn from). */
export function referenceParagraphs() {
  return BLOCKS.map((b) => b.lines.join('').replace(/\s+/g, ''));
}

/**
 * A page holding the reference text `copies` times, one <article> per copy. `longFirst`: with one
 * more paragraph at the top of <main> that holds a whole copy's printed lines, so that the first
 * block the content script matches is long (where V8 once compiled the matcher's loops before the
 * statements after them had run: docs/architecture.md, "Hot loops end their functions").
 */
export function repeatedPage(copies, { longFirst = false } = {}) {
  const article = BLOCKS.map((b) =>
    b.kind === 'headline' ? `<h2>${printedLines(b.lines)}</h2>` : `<p>${printedLines(b.lines)}</p>`,
  ).join('\n');
  const parts = longFirst ? [`<p id="long-first">${printedLines(BLOCKS.flatMap((b) => b.lines))}</p>`] : [];
  for (let i = 0; i < copies; i++) parts.push(`<article id="copy-${i}">\n${article}\n</article>`);
  return benchPage(`${copies} copies`, '晋中日报 · 滚动新闻', parts.join('\n'));
}

/**
 * A page of same-origin frames, one a URL of `frameUrls` (each a repeatedPage), stacked under a
 * heading: a story set in embedded pages. Every frame runs a content script of its own.
 */
export function framedPage(frameUrls) {
  const frames = frameUrls.map((url, i) => `<iframe id="frame-${i}" src="${url}" style="display:block;width:100%;height:600px;border:0"></iframe>`).join('\n');
  return benchPage(`${frameUrls.length} frames`, '晋中日报 · 嵌入的报道', frames);
}

/** A benchmark page: the news site's style, a heading the page rewrites (`#ticker`, pageTextUpdates) and `main`'s markup. */
function benchPage(title, heading, main) {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TermLens benchmark · ${title}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1 id="ticker">${heading}</h1></header>
<main>
${main}
</main>
</body>
</html>`;
}
