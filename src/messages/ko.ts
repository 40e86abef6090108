/**
 * The Korean catalogue: the same keys and parameters as en.ts, in the
 * terms of Korean deep-learning textbooks and courses (glossary.ts lists
 * them). Particles after a name or number come from `{name:은}` and the
 * like, so a particle always fits the word before it.
 */

import type { MessageKey } from './en.ts';

export const KO: { readonly [K in MessageKey]: string } = {
  'verdict.verified': '검증됨',
  'verdict.refuted': '반박됨',
  'verdict.unchecked': '확인 불가',
  'claims.summary': '주장 {total}개: 검증됨 {verified}, 반박됨 {refuted}, 확인 불가 {unchecked}',
  'claims.definitions': '정의 ({count}개, 반복 포함):',
  'claims.defines': '정의',
  'claims.repeated': '반복',
  'claims.skipped': '등식이 아니어서 확인할 것이 없음 ({count}개):',
  'claims.sides': '좌변 {lhs}, 우변 {rhs}',
  'claims.at': '{point}에서',

  'reason.entry': '성분 {entry}: {reason}',
  'reason.all-entries': '성분 {count}개 모두: {reasons}',
  'reason.not-defined': '{names}{names:이} 정의되어 있지 않습니다',
  'reason.zero-only': '여기서 d({of})/d({wrt}) = 0이어서 성립할 뿐입니다: {of}{of:은} {wrt}에 대해 정의되어 있지 않습니다',
  'reason.no-value': '{name}에 값이 없습니다: {why}',
  'reason.proved': '기호 계산으로 증명됨',
  'reason.agrees-written': '적힌 값 {written}{written:과} 그 자릿수까지 일치합니다',
  'reason.agree-precision': '적힌 자릿수까지 일치합니다',
  'reason.left-side-is': '좌변은 {written}{written:이} 아니라 {value}입니다',
  'reason.undecided': '판정 불가: 두 변을 충분히 많은 점에서 계산할 수 없었습니다',
  'reason.numbers-agree': '수치가 일치합니다',
  'reason.random-points': '무작위 점 {count}개에서 일치합니다',
  'reason.given-values': '주어진 값에서 일치합니다',
  'reason.holds-given': '주어진 값에서 성립합니다 (항등식은 아님)',
  'reason.holds-given-if': '주어진 값에서 성립합니다 (일반적으로는 {condition} 조건이 필요합니다)',
  'reason.sides-differ': '두 변이 다릅니다',
  'list.two': '{first}, {second}',
  'list.more': '{init}, {last}',

  'report.gradients': '기울기',
  'report.gradients-after': '기울기 (학습 {steps}단계 후)',
  'report.values': '값',
  'report.values-after': '값 (학습 후)',
  'report.updates': '갱신',
  'report.training': '학습: {objective}에 대한 경사 하강법 {steps}단계',
  'report.step': '단계',
  'report.final-values': '최종 값',
  'report.sum-of-paths': '경로 {count}개의 합',
  'report.path': '경로 {index}',
  'report.kink': '꺾이는 점',
  'report.at-kink': '꺾이는 점: 도함수는 관례에 따른 값을 씁니다',
  'report.no-dependence': '{target}{target:은} {wrt}에 의존하지 않습니다',
  'report.fd-check': '유한 차분 {fd}, 상대 오차 {error}: {verdict}',
  'report.fd-pass': '통과',
  'report.fd-fail': '실패',
  'report.fd-inconclusive': '판정 불가',
};
