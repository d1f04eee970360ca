/**
 * A token estimate without a tokenizer (we talk to several providers): about 4 characters of
 * Latin text per token, 2 for other alphabetic scripts, 1 per CJK character or emoji. Errs on
 * the high side, so a budget computed with it is not exceeded. Pure.
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  let wide = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) ascii++;
    else if (code >= 0x2e80 || (code >= 0x1f000 && code <= 0x1faff)) wide++;
    else other++;
  }
  return Math.ceil(ascii / 3.5 + other / 2 + wide) + 1;
}
