/**
 * The message catalogue (SPEC §15): both languages have every key with the
 * same parameters, Korean particles fit the word before them (expectations
 * written by hand from how the words are read aloud), the glossary holds,
 * and the language is chosen as the spec orders.
 */

import { describe, expect, it } from 'vitest';
import { EN, type MessageKey } from '../src/messages/en.ts';
import { KO } from '../src/messages/ko.ts';
import { listOf, msg, placeholders, say } from '../src/messages/format.ts';
import { hangulShare, particle } from '../src/messages/korean.ts';
import { chooseLanguage } from '../src/messages/language.ts';
import { GLOSSARY } from '../src/messages/glossary.ts';

const KEYS = Object.keys(EN) as MessageKey[];
/** Parameters a template puts in as text (`{x}`, `{x:은}`), not those that only choose an English plural. */
const valueParams = (t: string): string[] => [...placeholders(t.replace(/\{[A-Za-z0-9]+\|[^|}]*\|[^}]*\}/g, ''))].sort();

describe('the catalogue', () => {
  it('has every key in Korean, with the parameters of the English template', () => {
    expect(Object.keys(KO).sort()).toEqual([...KEYS].sort());
    for (const key of KEYS) expect(valueParams(KO[key]), key).toEqual(valueParams(EN[key]));
  });

  it('keeps English plurals out of Korean and particles out of English', () => {
    for (const key of KEYS) {
      expect(KO[key], key).not.toMatch(/\{[A-Za-z0-9]+\|/);
      expect(EN[key], key).not.toMatch(/\{[A-Za-z0-9]+:/);
    }
  });

  it('leaves no English word in a Korean template outside its parameters and mathematics', () => {
    for (const key of KEYS) {
      // Names that stay as they are in Korean text: the tool, LaTeX, and the page's one HTML tag.
      const prose = KO[key].replace(/\{[^}]*\}/g, '').replace(/d\(\)\/d\(\)/g, '').replace(/\b(nabla|LaTeX|ln)\b|<\/?strong>|\\[A-Za-z]+/g, '');
      expect(prose, key).not.toMatch(/[A-Za-z]{2,}/);
    }
  });

  it('uses the glossary term wherever the English says the term', () => {
    for (const term of GLOSSARY) {
      const word = new RegExp(`\\b${term.en}\\b`, 'i');
      for (const key of KEYS.filter((k) => word.test(EN[k].replace(/\{[^}]*\}/g, '')))) expect(KO[key], `${key}: ${term.en}`).toContain(term.ko);
    }
  });

  it('says a message with plurals, particles and a message inside a message', () => {
    const inner = msg('reason.random-points', { count: 12 });
    const m = msg('reason.entry', { entry: 'w[1,2]', reason: inner });
    expect(say(m, 'en')).toBe('entry w[1,2]: agrees at 12 random points');
    expect(say(m, 'ko')).toBe('성분 w[1,2]: 무작위 점 12개에서 일치합니다');
    // The English summary keeps the tool's established "1 claims" (scripts match it); plurals are shown by report.training.
    expect(say(msg('report.training', { steps: 1, objective: 'E' }), 'en')).toBe('Training: 1 step of gradient descent on E');
    expect(say(msg('claims.summary', { total: 3, verified: 1, refuted: 2, unchecked: 0 }), 'en')).toBe('3 claims: 1 verified, 2 refuted, 0 unchecked');
    expect(say(msg('reason.not-defined', { names: 'E_o1', count: 1 }), 'ko')).toBe('E_o1이 정의되어 있지 않습니다');
    expect(say(msg('reason.not-defined', { names: listOf(['a', 'b', 'c']), count: 3 }), 'en')).toBe('a, b and c are not defined');
  });
});

describe('Korean particles', () => {
  // Read aloud: w5 "더블유오" (vowel), out_o1 "…일" (ㄹ), x "엑스" (vowel), n "엔" (ㄴ),
  // l "엘" (ㄹ), 3 "삼" (ㅁ), 학습 (ㅂ), 모델 (ㄹ), 0.0821670406 "…육" (ㄱ).
  it.each([
    ['w5', '은', '는'], ['out_o1', '은', '은'], ['x', '이', '가'], ['n', '을', '을'],
    ['l', '으로', '로'], ['3', '으로', '으로'], ['학습', '을', '을'], ['모델', '으로', '로'],
    ['0.0821670406', '과', '과'], ['d(E)/d(w5)', '이', '가'], ['값', '와', '과'], ['…', '은', '은(는)'], ['∂', '으로', '(으)로'],
  ])('%s + %s → %s', (word, marker, expected) => {
    expect(particle(word, marker)).toBe(expected);
  });
});

describe('choosing the language', () => {
  it('follows --lang, then LC_ALL, LC_MESSAGES, LANG, then the document', () => {
    expect(chooseLanguage({ option: 'en', env: { LANG: 'ko_KR.UTF-8' }, document: '한국어 노트' })).toBe('en');
    expect(chooseLanguage({ env: { LC_ALL: 'ko_KR.UTF-8', LANG: 'en_US.UTF-8' } })).toBe('ko');
    expect(chooseLanguage({ env: { LC_MESSAGES: 'en_GB.UTF-8', LANG: 'ko_KR.UTF-8' } })).toBe('en');
    expect(chooseLanguage({ env: { LANG: 'C.UTF-8' }, document: '역전파의 연쇄 법칙을 손으로 계산한 노트' })).toBe('ko');
    expect(chooseLanguage({ env: { LANG: 'POSIX' }, document: 'notes on the chain rule' })).toBe('en');
    expect(chooseLanguage({ env: {} })).toBe('en');
  });

  it('measures Hangul among letters only', () => {
    expect(hangulShare('E = 1/2 (t - o)^2')).toBeCloseTo(0);
    expect(hangulShare('손실 E')).toBeCloseTo(2 / 3);
    expect(hangulShare('12345 ++')).toBe(0);
  });
});
