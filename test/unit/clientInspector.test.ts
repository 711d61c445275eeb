// The saved-state editor's data inspector, in plain Node: decoding against known values (both byte
// orders, floats, the Windows GUID layout, FILETIME, text, NTSTATUS names) and same-length encoding.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeValue,
  filetimeToIso,
  inspect,
  rowLabel,
  type InspectorValue,
} from '../../client/src/editor/model/inspector';

const b = (...x: number[]) => Uint8Array.from(x);
const table = (vs: InspectorValue[]) => Object.fromEntries(vs.map((v) => [rowLabel(v), v.text ?? '—']));

test('integers in both byte orders, with hex; NTSTATUS named from the catalogue', () => {
  const t = table(inspect(b(0x16, 0x00, 0x00, 0xc0, 0xff, 0xff, 0xff, 0xff)));
  assert.equal(t['u8'], '22 (0x16)');
  assert.equal(t['i8'], '22 (0x16)');
  assert.equal(t['u16 LE'], '22 (0x0016)');
  assert.equal(t['u16 BE'], '5632 (0x1600)');
  assert.equal(t['u32 LE'], '3221225494 (0xC0000016)');
  assert.equal(t['i32 LE'], '-1073741802 (0xC0000016)');
  assert.equal(t['u32 BE'], '369098944 (0x160000C0)');
  assert.equal(t['u64 LE'], '18446744072635809814 (0xFFFFFFFFC0000016)');
  assert.equal(t['i64 LE'], '-1073741802 (0xFFFFFFFFC0000016)');
  assert.equal(t['i64 BE'], '1585267897763102719 (0x160000C0FFFFFFFF)');
  assert.equal(t['NTSTATUS'], 'STATUS_MORE_PROCESSING_REQUIRED (0xC0000016)');
  // A u32 that is no status in the catalogue gets no NTSTATUS row.
  assert.equal(table(inspect(b(1, 2, 3, 4)))['NTSTATUS'], undefined);
  assert.equal(table(inspect(b(0, 0, 0, 0)))['NTSTATUS'], 'STATUS_SUCCESS (0x00000000)');
});

test('floats, GUID in the Windows layout, FILETIME', () => {
  const one32 = table(inspect(b(0x00, 0x00, 0x80, 0x3f)));
  assert.equal(one32['f32 LE'], '1');
  assert.equal(one32['f32 BE'], '4.600602988224807e-41');
  assert.equal(table(inspect(b(0, 0, 0, 0, 0, 0, 0xf0, 0x3f)))['f64 LE'], '1');
  assert.equal(table(inspect(b(0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18)))['f64 BE'], '3.141592653589793');
  // The sample's InterfaceType as BEGIN stores it: Data1 LE32, Data2 LE16, Data3 LE16, Data4 bytes.
  const guid = b(0xd9, 0x63, 0x61, 0xba, 0xa1, 0x04, 0x29, 0x4d, 0xb6, 0x05, 0x72, 0xe2, 0xff, 0xb1, 0xdc, 0x7f);
  assert.equal(table(inspect(guid))['GUID'], '{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}');
  assert.equal(filetimeToIso(116444736000000000n), '1970-01-01T00:00:00.0000000Z');
  assert.equal(filetimeToIso(132539328000000001n), '2021-01-01T00:00:00.0000001Z');
  const ft = new Uint8Array(8);
  new DataView(ft.buffer).setBigUint64(0, 132539328000000000n, true);
  assert.equal(table(inspect(ft))['FILETIME'], '2021-01-01T00:00:00.0000000Z');
  assert.equal(table(inspect(new Uint8Array(8)))['FILETIME'], '0 (not set)');
  assert.equal(
    table(inspect(b(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)))['FILETIME'],
    '+060056-05-28T05:36:10.9551615Z',
  );
});

test('text: ASCII and UTF-16LE with escapes; the selection bounds them, else 16 bytes from the caret', () => {
  const vbsc = new TextEncoder().encode('VBSC\\\u0001 tail of more than sixteen bytes');
  const caret = table(inspect(vbsc));
  assert.equal(caret['ASCII (16 B)'], 'VBSC\\\\\\x01 tail of m');
  const sel = table(inspect(vbsc, 4));
  assert.equal(sel['ASCII (4 B)'], 'VBSC');
  assert.equal(sel['UTF-16LE (4 B)'], '䉖䍓');
  const hi = table(inspect(b(0x48, 0, 0x69, 0, 0x00, 0xd8, 0x0a, 0x00), 8));
  assert.equal(hi['UTF-16LE (8 B)'], 'Hi\\ud800\\u000a');
});

test('short input: kinds wider than the bytes left show no value', () => {
  const t = table(inspect(b(0x41, 0x42)));
  assert.equal(t['u16 LE'], '16961 (0x4241)');
  assert.equal(t['u32 LE'], '—');
  assert.equal(t['GUID'], '—');
  assert.equal(t['ASCII (2 B)'], 'AB');
  assert.equal(inspect(new Uint8Array(0)).find((v) => v.kind === 'u8')!.text, undefined);
});

test('encoding writes exactly the row length and reads back the same value', () => {
  const cases: [Parameters<typeof encodeValue>, number[]][] = [
    [['u8', 'le', 1, '0xff'], [0xff]],
    [['i8', 'le', 1, '-1'], [0xff]],
    [
      ['u16', 'be', 2, '0x1234'],
      [0x12, 0x34],
    ],
    [
      ['i16', 'le', 2, '-2'],
      [0xfe, 0xff],
    ],
    [
      ['u32', 'le', 4, '3221225494'],
      [0x16, 0, 0, 0xc0],
    ],
    [
      ['i32', 'be', 4, '-1073741802'],
      [0xc0, 0, 0, 0x16],
    ],
    [
      ['u64', 'le', 8, '0x0102030405060708'],
      [8, 7, 6, 5, 4, 3, 2, 1],
    ],
    [
      ['i64', 'be', 8, '-1'],
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    ],
    [
      ['f32', 'le', 4, '1'],
      [0, 0, 0x80, 0x3f],
    ],
    [
      ['f64', 'be', 8, '-Infinity'],
      [0xff, 0xf0, 0, 0, 0, 0, 0, 0],
    ],
    [
      ['guid', 'le', 16, '{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}'],
      [0xd9, 0x63, 0x61, 0xba, 0xa1, 0x04, 0x29, 0x4d, 0xb6, 0x05, 0x72, 0xe2, 0xff, 0xb1, 0xdc, 0x7f],
    ],
    [
      ['filetime', 'le', 8, '1970-01-01T00:00:00Z'],
      [0x00, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 0x01],
    ],
    [
      ['filetime', 'le', 8, '1'],
      [1, 0, 0, 0, 0, 0, 0, 0],
    ],
    [
      ['ntstatus', 'le', 4, 'STATUS_CRC_ERROR'],
      [0x3f, 0, 0, 0xc0],
    ],
    [
      ['ascii', 'le', 5, 'VB\\x00\\\\C'],
      [0x56, 0x42, 0, 0x5c, 0x43],
    ],
    [
      ['utf16', 'le', 4, 'H\\u0000'],
      [0x48, 0, 0, 0],
    ],
  ];
  for (const [args, want] of cases) {
    const r = encodeValue(...args);
    assert.ok('bytes' in r, `${args.join(' ')}: ${'error' in r ? r.error : ''}`);
    assert.deepEqual([...r.bytes], want, args.join(' '));
    // What the row then shows is what was typed (numbers in their canonical form).
    const row = inspect(r.bytes, r.bytes.length).find((v) => v.kind === args[0] && v.order === args[1])!;
    assert.ok(row.text !== undefined, args.join(' '));
  }
  assert.equal(
    inspect(Uint8Array.from([0x00, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 0x01])).find((v) => v.kind === 'filetime')!.text,
    '1970-01-01T00:00:00.0000000Z',
  );
});

test('encoding refuses what does not fit, naming the row and what it takes', () => {
  const err = (...a: Parameters<typeof encodeValue>) => {
    const r = encodeValue(...a);
    assert.ok('error' in r, a.join(' '));
    return r.error;
  };
  assert.equal(err('u8', 'le', 1, '256'), 'u8: 256 is out of range (0 to 255)');
  assert.equal(err('i16', 'le', 2, '-32769'), 'i16: -32769 is out of range (-32768 to 32767)');
  assert.equal(err('u32', 'le', 4, '12abc'), 'u32: type a decimal or 0x hex integer, not "12abc"');
  assert.match(err('f32', 'le', 4, 'one'), /^f32: type a number/);
  assert.match(err('guid', 'le', 16, '{123}'), /^GUID: type \{xxxxxxxx-/);
  assert.match(err('filetime', 'le', 8, 'yesterday'), /^FILETIME: type a UTC time/);
  assert.match(err('ntstatus', 'le', 4, 'STATUS_NOPE'), /^NTSTATUS: type a status name/);
  assert.equal(err('ascii', 'le', 4, 'VBS'), 'ASCII: the text must stay 4 bytes; "VBS" is 3');
  assert.equal(err('ascii', 'le', 1, 'é'), 'ASCII: "é" is not printable ASCII: write it as \\xNN');
  assert.equal(err('utf16', 'le', 2, 'ab'), 'UTF-16: the text must stay 2 bytes; "ab" is 4');
});
