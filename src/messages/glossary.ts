/**
 * The glossary a reviewer reads: each English term nabla uses with the
 * Korean term the ko catalogue must use for it, from Korean deep-learning
 * textbooks and courses. A test holds the catalogue to it: wherever an
 * English template says the term, its Korean template says this word.
 */

export interface Term {
  /** The English term, as it stands in en.ts (matched as a whole word, any case). */
  readonly en: string;
  readonly ko: string;
  readonly note?: string;
}

export const GLOSSARY: readonly Term[] = [
  { en: 'chain rule', ko: '연쇄 법칙' },
  { en: 'partial derivative', ko: '편미분' },
  { en: 'derivative', ko: '도함수', note: 'the function; a value of it at a point is 미분계수' },
  { en: 'gradient descent', ko: '경사 하강법' },
  { en: 'gradients', ko: '기울기', note: 'the report heading; 그래디언트 is also heard' },
  { en: 'learning rate', ko: '학습률' },
  { en: 'finite difference', ko: '유한 차분' },
  { en: 'relative error', ko: '상대 오차' },
  { en: 'verified', ko: '검증됨' },
  { en: 'refuted', ko: '반박됨' },
  { en: 'unchecked', ko: '확인 불가' },
  { en: 'kink', ko: '꺾이는 점', note: '미분 불가능한 점 where the text is about differentiability' },
  { en: 'training', ko: '학습' },
  { en: 'step', ko: '단계' },
  { en: 'path', ko: '경로' },
  { en: 'entries', ko: '성분' },
  { en: 'left side', ko: '좌변' },
  { en: 'right side', ko: '우변' },
  { en: 'random points', ko: '무작위 점' },
  { en: 'undecided', ko: '판정 불가' },
  { en: 'inconclusive', ko: '판정 불가' },
  { en: 'proved symbolically', ko: '기호 계산으로 증명' },
  { en: 'shape', ko: '모양', note: 'of a matrix or vector; one side\'s length is 크기 (size)' },
  { en: 'layout of the denominator', ko: '분모 배치', note: '∂E/∂W has the shape of W; a δ is written δ (델타) where it is introduced' },
];
