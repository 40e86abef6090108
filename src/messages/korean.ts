/**
 * Korean particles after a name or number (은/는, 이/가, 을/를, 과/와,
 * 으로/로): the form depends on whether the word, read aloud, ends in a
 * final consonant (받침). Names and numbers in nabla's output are mostly
 * Latin letters and digits, so they are read as a Korean reader says them
 * (`w5` ends in 오, `out_o1` in 일, `x` in 엑스). When the end cannot be
 * read, both forms are written, `은(는)`, the usual neutral spelling:
 * a particle is never wrong, at worst neutral.
 */

/** Each particle with its form after a final consonant first. */
const PAIRS: readonly (readonly [string, string])[] = [
  ['은', '는'], ['이', '가'], ['을', '를'], ['과', '와'], ['으로', '로'],
];

/** How the Korean reading of a digit ends: true for a final consonant, 'ㄹ' for ㄹ. */
const DIGIT_END: Readonly<Record<string, boolean | 'ㄹ'>> = {
  0: true, 1: 'ㄹ', 2: false, 3: true, 4: false, 5: false, 6: true, 7: 'ㄹ', 8: 'ㄹ', 9: false,
};

/** Latin letters as read in Korean: l 엘, m 엠, n 엔, r 알 end in a consonant; the rest (에이, 비, 씨, 엑스, …) do not. */
const LETTER_END: Readonly<Record<string, boolean | 'ㄹ'>> = { l: 'ㄹ', m: true, n: true, r: 'ㄹ' };

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
/** The final-consonant index of ㄹ in a Hangul syllable. */
const RIEUL = 8;

/** How a word ends when read aloud: a final consonant (true, or 'ㄹ'), none (false), or unknown. */
function ending(word: string): boolean | 'ㄹ' | undefined {
  const trimmed = word.replace(/[\s)\]}'"’”.,;:!?*]+$/u, '');
  const last = [...trimmed].at(-1);
  if (last === undefined) return undefined;
  const code = last.codePointAt(0)!;
  if (code >= HANGUL_FIRST && code <= HANGUL_LAST) {
    const final = (code - HANGUL_FIRST) % 28;
    return final === 0 ? false : final === RIEUL ? 'ㄹ' : true;
  }
  if (/[0-9]/.test(last)) return DIGIT_END[last];
  if (/[a-z]/i.test(last)) return LETTER_END[last.toLowerCase()] ?? false;
  return undefined;
}

/**
 * The particle `marker` (either of its forms: `은` or `는`) as it must be
 * written after `word`.
 */
export function particle(word: string, marker: string): string {
  const pair = PAIRS.find(([a, b]) => a === marker || b === marker);
  if (pair === undefined) throw new Error(`unknown particle ${marker}`);
  const [afterConsonant, afterVowel] = pair;
  const end = ending(word);
  if (end === undefined) return afterConsonant === '으로' ? '(으)로' : `${afterConsonant}(${afterVowel})`;
  // 으로/로: ㄹ takes 로, like a vowel.
  if (afterConsonant === '으로') return end === true ? '으로' : '로';
  return end === false ? afterVowel : afterConsonant;
}

/** The share of Hangul among the letters of a text (0 when it has none). */
export function hangulShare(text: string): number {
  let hangul = 0;
  let letters = 0;
  for (const ch of text) {
    if (/\p{Script=Hangul}/u.test(ch)) {
      hangul++;
      letters++;
    } else if (/\p{L}/u.test(ch)) letters++;
  }
  return letters === 0 ? 0 : hangul / letters;
}
