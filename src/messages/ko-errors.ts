/**
 * Korean catalogue, one section: errors of reading, lowering, evaluating, differentiating and writing code, with their limits (SPEC §10).
 * The same keys and parameters as en-errors.ts.
 */

import type { EN_ERRORS } from './en-errors.ts';

export const KO_ERRORS: { readonly [K in keyof typeof EN_ERRORS]: string } = {
  'limit.time': '{stage} 중에 멈췄습니다: 제한 시간 {seconds}초를 넘었습니다({option}{option:으로} 늘릴 수 있습니다).',
  'stage.reading': '읽는',
  'stage.reading-file': '파일을 읽는',
  'stage.reading-document': '문서를 읽는',
  'stage.simplifying': '간단히 하는',
  'stage.differentiating': '미분하는',
  'stage.differentiating-definitions': '정의들을 미분하는',
  'stage.checking': '검사하는',
  'stage.explaining': '풀이를 쓰는',
  'limit.input-size': '입력이 {size}입니다. 제한은 {max}입니다.',
  'limit.simplify-depth': '식이 너무 깊게 중첩되어 간단히 할 수 없습니다.',
  'limit.diff-depth': '식의 중첩이 {max}단계보다 깊습니다.',
  'limit.diff-recursion': '식이 너무 깊게 중첩되어 미분할 수 없습니다.',
  'limit.print-size': '식이 너무 커서 출력할 수 없습니다({max}자 초과)',
  'limit.definition-depth': '정의의 사슬이 {name}에서 {depth}단계입니다. 제한은 {max}단계입니다({option}{option:으로} 늘릴 수 있습니다).',
  'limit.compiled-nodes': '식이 너무 커서 계산할 수 없습니다: 서로 다른 노드 {count}개(제한 {max}개).',

  'internal.unresolved-evaluation': '내부 오류: 계산하기 전에 풀리지 않은 도함수가 남았습니다.',
  'internal.unresolved-reverse': '내부 오류: 역방향 계산 전에 풀리지 않은 도함수가 남았습니다.',
  'internal.unresolved-codegen': '내부 오류: 코드를 만들기 전에 풀리지 않은 도함수가 남았습니다.',
  'internal.name-before-value': '내부 오류: 생성된 코드에서 {name}{name:이} 값을 갖기 전에 쓰였습니다.',
  'internal.node-before-emitted': '내부 오류: 노드가 만들어지기 전에 쓰였습니다.',

  'value.none': '{name}에 값이 없습니다.',
  'value.expected-values': '값은 수 {count}개의 배열, 객체, 또는 이름으로 찾는 맵이어야 하는데 {found}{found:이} 주어졌습니다.',
  'value.count': '이름마다 하나씩 값 {count}개{names}{names:이} 필요한데 {found}개가 주어졌습니다.',
  'value.not-number': '{name}의 값은 수여야 하는데 {found}{found:이} 주어졌습니다.',
  'argument.expected': '{where}: {expected}{expected:이} 필요한데 {found}{found:이} 주어졌습니다.',
  'argument.a-string': '문자열',
  'argument.names-array': '이름의 배열',
  'argument.names-only': '이름(문자열)만',
  'argument.expression': '식({parse}의 결과)',
  'argument.system': '정의 체계({loadFile} 또는 {loadNotes}의 결과)',
  'argument.options': '옵션 객체',
  'kind.array': '배열',
  'kind.object': '객체',
  'kind.a': '{type} 값',
  'kind.an': '{type} 값',

  'write.not-file': '{kind}{kind:이}라서 일반 파일이 아닙니다. 파일 이름이나 새 경로를 주세요.',
  'write.interrupted': '{signal} 신호로 중단되었습니다',
  'file-kind.directory': '디렉터리',
  'file-kind.device': '장치',
  'file-kind.pipe': '파이프',
  'file-kind.socket': '소켓',
  'file-kind.other': '일반 파일이 아닌 것',

  'system.defined-twice': '{name}{name:이} 서로 다른 우변으로 두 번 정의되었습니다({first}번째 줄과 {second}번째 줄).',
  'system.cycle': '정의가 순환합니다: {names}({lines}번째 줄).',
  'system.not-defined': '{name}{name:이} 정의되어 있지 않습니다.',
  'objective.none': '미분할 목적 함수가 없습니다: {derive} 줄을 더하거나 대상을 주세요.',
  'objective.not-defined': '목적 함수 {name}{name:이} 정의되어 있지 않습니다.',
  'objective.formula': '{name}{name:은} 식으로 정의되어 있습니다({line}번째 줄). 코드 생성은 입력에 대해 미분합니다.',
  'objective.not-a-name': '{name}{name:은} 파일에 있는 이름이 아닙니다.',

  'codegen.language': '알 수 없는 언어 {lang}: {languages} 중 하나여야 합니다.',
  'codegen.builtin-name': '{name}{name:은} 생성된 함수의 이름이 될 수 없습니다: {module} 모듈이 내장 {builtin}{builtin:을} 씁니다. 다른 이름을 고르세요.',
  'codegen.plain-name': '{name}{name:은} 생성된 함수의 이름이 될 수 없습니다: 평범한 식별자를 쓰세요.',
};
