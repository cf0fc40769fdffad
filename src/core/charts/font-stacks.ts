/**
 * Font stacks of everything Benchwright draws or prints: chart SVGs and PNGs, social cards, the PDF footer (the
 * page's own stack is in src/styles/site.css, kept in step). All name fonts installed from apt (DejaVu for Latin,
 * Greek and Cyrillic, Noto CJK for Chinese, Japanese and Korean: `scripts/setup.sh --browser`); fontconfig, librsvg
 * and Chromium fall back per character to any other installed font. The CJK face follows the language, because
 * one Han character has different regional forms (Simplified Chinese by default).
 */

/** The Noto CJK family for a BCP 47 language tag. */
export function cjkFamily(lang = ''): string {
  const [language, ...rest] = lang.toLowerCase().split('-');
  if (language === 'ja') return 'Noto Sans CJK JP';
  if (language === 'ko') return 'Noto Sans CJK KR';
  if (language === 'zh' && rest.includes('hk')) return 'Noto Sans CJK HK';
  if (language === 'zh' && (rest.includes('hant') || rest.includes('tw') || rest.includes('mo'))) return 'Noto Sans CJK TC';
  return 'Noto Sans CJK SC';
}

/** The sans-serif stack, unquoted (valid in CSS and in an SVG font-family attribute). */
export function sansStack(lang?: string): string {
  return `system-ui, DejaVu Sans, ${cjkFamily(lang)}, sans-serif`;
}

// Wide characters: CJK ideographs, kana, hangul, full-width forms and CJK punctuation.
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

/** Whether a character is drawn a full em wide (CJK), about 1.6 times an average Latin character of DejaVu Sans. */
export function isWide(char: string): boolean {
  return WIDE.test(char);
}

/** Text width in average Latin characters of DejaVu Sans: what layout estimates (legends, card titles) count in. */
export function textUnits(text: string): number {
  let units = 0;
  for (const char of text) units += isWide(char) ? 1.6 : 1;
  return units;
}
