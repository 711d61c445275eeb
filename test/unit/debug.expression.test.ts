// The Step Restore expression language: conditions, watch and console expressions, no eval.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Expression } from '../../debugger/src/expression';
import {
  Builtin,
  display,
  ExpressionError,
  Shown,
  type EvalScope,
  type Value,
} from '../../debugger/src/expressionValues';
import { STATUS, ntSuccess } from '../../core/src';

function scope(names: Record<string, Value>): EvalScope {
  return {
    names: {
      NT_SUCCESS: new Builtin('NT_SUCCESS', 1, (s) => ntSuccess(Number(s instanceof Shown ? s.value : s))),
      ...names,
    },
    fallback: (n) => (n in STATUS ? STATUS[n as keyof typeof STATUS] : undefined),
  };
}
const ev = (src: string, names: Record<string, Value> = {}) => new Expression(src).evaluate(scope(names));

test('status comparisons, NT_SUCCESS and the MORE_PROCESSING_REQUIRED trap', () => {
  const more = new Shown(STATUS.STATUS_MORE_PROCESSING_REQUIRED, 'STATUS_MORE_PROCESSING_REQUIRED (0xC0000016)');
  assert.equal(ev('status != STATUS_SUCCESS', { status: more }), true);
  assert.equal(ev('status == STATUS_MORE_PROCESSING_REQUIRED', { status: more }), true);
  assert.equal(ev('status == 0xC0000016', { status: more }), true);
  assert.equal(ev('!NT_SUCCESS(status)', { status: more }), true);
  assert.equal(ev('NT_SUCCESS(STATUS_SUCCESS)'), true);
  assert.equal(ev('!NT_SUCCESS(status) && status != STATUS_MORE_PROCESSING_REQUIRED', { status: more }), false);
  assert.equal(ev('(status & 0xC0000000) == 0xC0000000', { status: more }), true);
});

test('strings, members, indexes, lengths, precedence and the conditional operator', () => {
  const names = { kind: 'GPADL', channel: { phase: 'InProgress', gpadls: [{ gpadlId: 0xe001 }] }, sequence: 3 };
  assert.equal(ev('kind == "GPADL"', names), true);
  assert.equal(ev("kind == 'END'", names), false);
  assert.equal(ev('channel.phase', names), 'InProgress');
  assert.equal(ev('channel.gpadls.length', names), 1);
  assert.equal(ev('channel.gpadls[0].gpadlId == 0xE001', names), true);
  assert.equal(ev('channel["phase"]', names), 'InProgress');
  assert.equal(ev('kind.length', names), 5);
  assert.equal(ev('1 + 2 * 3'), 7);
  assert.equal(ev('(1 + 2) * 3'), 9);
  assert.equal(ev('sequence >= 2 && sequence < 4 || false', names), true);
  assert.equal(ev('sequence % 2 == 1 ? "odd" : "even"', names), 'odd');
  assert.equal(ev('-sequence + 1', names), -2);
  assert.equal(ev('1 << 4 | 1'), 17);
  assert.equal(ev('~0'), 0xffffffff);
  assert.equal(ev('missing.thing == undefined', { missing: {} }), true);
  assert.equal(ev('"a" + 1'), 'a1');
});

test('u64 values compare and compute as bigints', () => {
  const names = { pfn: 0x1003n, tx: new Shown(18446744073709551615n, '0xFFFFFFFFFFFFFFFF') };
  assert.equal(ev('pfn == 0x1003', names), true);
  assert.equal(ev('pfn > 4096', names), true);
  assert.equal(ev('pfn + 1', names), 0x1004n);
  assert.equal(ev('tx == 0xFFFFFFFFFFFFFFFF', names), true);
});

test('nothing outside the scope is reachable', () => {
  const names = { channel: { phase: 'Idle' }, kind: 'BEGIN' };
  for (const src of [
    'constructor',
    'channel.constructor',
    'channel.__proto__',
    'kind.constructor',
    'channel["__proto__"]',
    'process',
    'globalThis',
    'require',
    'eval("1")',
    'Function',
    'kind.toString()',
  ]) {
    assert.throws(() => ev(src, names), ExpressionError, src);
  }
  assert.throws(() => ev('channel.phase()', names), /not a function/);
  assert.throws(() => ev('GPADL', names), /quote chunk types/);
});

test('syntax errors are ExpressionErrors with a readable message', () => {
  for (const [src, re] of [
    ['', /empty/],
    ['status ==', /unexpected end|expected/],
    ['(1 + 2', /expected "\)"/],
    ['"open', /unterminated/],
    ['1 # 2', /unexpected character/],
    ['a b', /unexpected "b"/],
    ['x.', /expected a name/],
  ] as const) {
    assert.throws(
      () => new Expression(src),
      (e: unknown) => e instanceof ExpressionError && re.test(e.message),
      src,
    );
  }
  assert.throws(() => ev('1 / 0'), /division by zero/);
  assert.throws(() => ev('NT_SUCCESS()'), /takes 1 argument/);
});

test('display uses Shown text and plain forms otherwise', () => {
  assert.equal(display(new Shown(0, 'STATUS_SUCCESS (0x00000000)')), 'STATUS_SUCCESS (0x00000000)');
  assert.equal(display([1, 2]), 'Array(2)');
  assert.equal(display(undefined), 'undefined');
  assert.equal(display(5n), '5');
});

test('bounds: wide integers, shift counts, literals, nesting, length and built strings are refused with a reason', () => {
  const refused = (src: string, re: RegExp, names: Record<string, Value> = {}) =>
    assert.throws(
      () => ev(src, names),
      (e: Error) => e instanceof ExpressionError && re.test(e.message),
      src.slice(0, 40),
    );
  refused('1n << 100000n', /"<<" shift count 100000 is out of range/);
  refused('1n << 1024n', /the result of "<<" needs more than 1024 bits/);
  refused('1n >> -5n', /shift count -5 is out of range/);
  refused('(1n << 1000n) * (1n << 1000n)', /the result of "\*" needs more than 1024 bits/);
  refused('1' + '0'.repeat(400), /the number at 0 needs more than 1024 bits/);
  refused('('.repeat(150) + '1' + ')'.repeat(150), /nests more than 100 levels deep/);
  refused('!'.repeat(150) + '1', /nests more than 100 levels deep/);
  refused('1+'.repeat(3000) + '1', /expression is 6001 characters long; the limit is 4096/);
  refused('s + s', /"\+" would build a string of 80000 characters; the limit is 65536/, { s: 'x'.repeat(40000) });
  assert.equal(ev('(1n << 1023n) >> 1023n'), 1n);
  assert.equal(ev('-(1n << 1000n) < 0n'), true);
  assert.equal(display(ev('1n << 64n')), '0x10000000000000000');
  assert.equal(display(ev('0xFFFFFFFFFFFFFFFFn')), '18446744073709551615');
});
