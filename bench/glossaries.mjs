// The benchmark's glossaries, deterministic (seeded), as database records of lib/glossary/model.ts.
// - dense: terms drawn from the page text (the three reference terms, then random substrings of
//   2–6 characters of its paragraphs), so nearly every character of the page is in some match;
// - realistic: 10,000 policy-like terms with an English rendering and a definition, of which 50
//   occur on the page (the three reference terms and 47 drawn from the text) and the rest do not.
import { referenceParagraphs } from './pages.mjs';

export const REFERENCE_TERMS = ['新质生产力', '能源革命', '西部大开发'];
const OFFICIAL_ENGLISH = {
  新质生产力: 'new quality productive forces',
  能源革命: 'energy revolution',
  西部大开发: 'large-scale development of the western region',
};

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CJK_RUN = /[\u4e00-\u9fff]{2,}/g;

/** Distinct substrings of CJK runs of the page text, lengths minLen..maxLen, in a seeded random order. */
function drawnTerms(count, seed, minLen, maxLen, exclude = new Set()) {
  const runs = referenceParagraphs().flatMap((p) => p.match(CJK_RUN) ?? []).filter((r) => r.length >= minLen);
  const random = prng(seed);
  const out = [];
  const seen = new Set(exclude);
  let attempts = 0;
  while (out.length < count && attempts < count * 200) {
    attempts++;
    const run = runs[Math.floor(random() * runs.length)];
    const len = minLen + Math.floor(random() * (maxLen - minLen + 1));
    if (run.length < len) continue;
    const start = Math.floor(random() * (run.length - len + 1));
    const term = run.slice(start, start + len);
    if (seen.has(term)) continue;
    seen.add(term);
    out.push(term);
  }
  if (out.length < count) throw new Error(`only ${out.length} distinct terms of ${minLen}–${maxLen} characters in the text`);
  return out;
}

const A = [
  ['国家', 'national'], ['区域', 'regional'], ['数字', 'digital'], ['绿色', 'green'], ['乡村', 'rural'], ['城乡', 'urban-rural'],
  ['高水平', 'high-standard'], ['现代化', 'modernised'], ['新型', 'new-type'], ['全域', 'region-wide'], ['智慧', 'smart'],
  ['低碳', 'low-carbon'], ['普惠', 'inclusive'], ['开放型', 'open'], ['创新型', 'innovative'], ['综合', 'comprehensive'],
  ['海洋', 'marine'], ['边境', 'border'], ['跨境', 'cross-border'], ['基层', 'community-level'],
];
const B = [
  ['产业', 'industry'], ['治理', 'governance'], ['金融', 'finance'], ['生态', 'ecology'], ['科技', 'technology'], ['人才', 'talent'],
  ['交通', 'transport'], ['教育', 'education'], ['医疗', 'healthcare'], ['物流', 'logistics'], ['贸易', 'trade'], ['文旅', 'culture and tourism'],
  ['养老', 'elderly care'], ['住房', 'housing'], ['水利', 'water conservancy'], ['粮食', 'grain'], ['算力', 'computing power'],
  ['数据', 'data'], ['应急', 'emergency response'], ['消费', 'consumption'], ['就业', 'employment'], ['社保', 'social security'],
  ['碳汇', 'carbon sink'], ['种业', 'seed industry'], ['航运', 'shipping'],
];
const C = [
  ['体系', 'system'], ['示范区', 'demonstration zone'], ['工程', 'programme'], ['行动计划', 'action plan'], ['改革', 'reform'],
  ['战略', 'strategy'], ['机制', 'mechanism'], ['试验区', 'pilot zone'], ['标准化建设', 'standardisation'], ['一体化', 'integration'],
  ['共同体', 'community'], ['先行区', 'pioneer zone'], ['保障制度', 'guarantee system'], ['专项行动', 'special campaign'],
  ['高地', 'hub'], ['枢纽', 'hub network'], ['走廊', 'corridor'], ['集群', 'cluster'], ['基金', 'fund'], ['清单', 'list'],
  ['指数', 'index'], ['联盟', 'alliance'], ['规划纲要', 'planning outline'], ['三年行动', 'three-year campaign'], ['攻坚', 'tackling campaign'],
];

function entryRecord(listId, index, term, english, definition, now) {
  return {
    id: `bench-${index}`,
    listId,
    term,
    variants: [],
    lang: 'zh-Hans',
    translations: english ? { en: [english] } : {},
    definition,
    note: '',
    tags: [],
    match: { caseSensitive: false, wholeWord: true, exclusions: [] },
    createdAt: now,
    updatedAt: now,
  };
}

/** The list that holds a benchmark glossary (replaces every list in the bench profile). */
export function benchList(now = 1_700_000_000_000) {
  return { id: 'bench-list', name: 'Benchmark', color: 0, enabled: true, priority: 0, origin: 'local', createdAt: now, updatedAt: now };
}

/** K entries whose terms are drawn from the page text. */
export function denseGlossary(k, now = 1_700_000_000_000) {
  const terms = k <= REFERENCE_TERMS.length ? REFERENCE_TERMS.slice(0, k) : [...REFERENCE_TERMS, ...drawnTerms(k - REFERENCE_TERMS.length, 7, 2, 6, new Set(REFERENCE_TERMS))];
  return terms.map((term, i) => entryRecord('bench-list', i, term, '', '', now));
}

/** 10,000 (or k) policy-like entries of which `occurring` occur on the page. */
export function realisticGlossary(k = 10_000, occurring = 50, now = 1_700_000_000_000) {
  const text = referenceParagraphs().join('\n');
  const present = [...REFERENCE_TERMS, ...drawnTerms(occurring - REFERENCE_TERMS.length, 11, 4, 5, new Set(REFERENCE_TERMS))];
  const random = prng(13);
  const absent = [];
  const seen = new Set(present);
  while (absent.length < k - present.length) {
    const a = A[Math.floor(random() * A.length)];
    const b = B[Math.floor(random() * B.length)];
    const c = C[Math.floor(random() * C.length)];
    // Three parts give 12,500 terms; a fourth (a second field) when those run short.
    const b2 = random() < 0.5 ? B[Math.floor(random() * B.length)] : null;
    const term = a[0] + b[0] + (b2 && b2 !== b ? b2[0] : '') + c[0];
    if (seen.has(term) || text.includes(term)) continue;
    seen.add(term);
    absent.push([term, `${a[1]} ${b[1]}${b2 && b2 !== b ? ` and ${b2[1]}` : ''} ${c[1]}`]);
  }
  // The occurring terms are spread through the list, as they would be in an editor's list.
  const entries = absent.map(([term, english], i) =>
    entryRecord('bench-list', i, term, english, `指${term}，即围绕${b2s(term)}所作的政策安排与工作部署。`, now),
  );
  const step = Math.floor(entries.length / present.length);
  present.forEach((term, j) => {
    const english = OFFICIAL_ENGLISH[term] ?? '';
    entries.splice(j * (step + 1), 0, entryRecord('bench-list', 0, term, english, `${term}：页面上出现的政策术语。`, now));
  });
  return entries.map((e, i) => ({ ...e, id: `bench-${i}` }));
}

const b2s = (term) => term.slice(0, 4);
