// Field lines written by user-schema field name (docs/format.md §7.7) for bit-sized integers, floats,
// byte arrays and contents: the bytes assembled decode under the same .ksy to the values written,
// and bad values name the field, the place and the reason.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeTextDocument, userFieldLayouts, type Problem, type SchemaEntry, type UserField } from '../../core/src';
import { SchemaSet } from '../../core/src/node/schemas';

const dir = mkdtempSync(join(tmpdir(), 'vmbstate-bynamekinds-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const KINDS = `meta:
  id: by_name_kinds
  endian: le
seq:
  - id: magic
    contents: [0x4B, "IN"]
  - id: ready
    type: b1
  - id: mode
    type: b3
    enum: mode
  - id: level
    type: b4
  - id: wide
    type: b12
  - id: small
    type: b4
  - id: ratio
    type: f4
  - id: scale
    type: f8be
  - id: key
    size: 6
  - id: name_len
    type: u1
  - id: name
    size: name_len
  - id: squeezed
    size: 2
    process: xor(0x55)
enums:
  mode:
    0: off
    5: fast
`;
const LE_BITS = `meta:
  id: le_bits
  bit-endian: le
seq:
  - id: x
    type: b3
  - id: y
    type: b13
  - id: tail
    type: u1
`;
writeFileSync(join(dir, 'kinds.ksy'), KINDS);
writeFileSync(join(dir, 'lebits.ksy'), LE_BITS);
const ENTRIES: SchemaEntry[] = [
  { key: 0x8200, file: join(dir, 'kinds.ksy'), mandatory: false },
  { key: 0x8201, file: join(dir, 'lebits.ksy'), mandatory: false },
];
const set = SchemaSet.load(ENTRIES);

const block = (type: number, body: string) => `.stream version=1.0\n.chunk 0x${type.toString(16)}\n${body}\n.end\n`;
const GOOD =
  '  magic: "KIN"\n' +
  '  ready: true  mode: fast  level: 9\n' +
  '  wide: 0xABC\n' +
  '  small: 3\n' +
  '  ratio: 1.5  scale: -2\n' +
  '  key: "ab"  name_len: 3  name: "xyz"\n' +
  '  squeezed: 00 00';

async function assemble(type: number, body: string): Promise<{ payload: Buffer; problems: Problem[] }> {
  const s = await set;
  const doc = decodeTextDocument(block(type, body), { userFields: userFieldLayouts(ENTRIES, s) });
  const c = doc.chunks.find((x) => x.header?.type === type)!;
  return {
    payload: Buffer.from(doc.bytes.subarray(c.payloadBytes.start, c.payloadBytes.end)),
    problems: doc.problems.filter((p) => p.code.startsWith('TEXT-')),
  };
}

/** The schema's own decoding of the payload, id → value. */
async function decoded(type: number, payload: Uint8Array): Promise<Record<string, unknown>> {
  const s = await set;
  const r = s.parse(
    ENTRIES.find((e) => e.key === type)!,
    payload,
  );
  assert.equal(r.error, undefined, r.error?.message);
  return Object.fromEntries(r.fields.map((f: UserField) => [f.id, f.enumId ?? f.value]));
}

test('by name: bit fields pack into their run (big-endian bits), floats, byte arrays and contents', async () => {
  const r = await assemble(0x8200, GOOD);
  assert.deepEqual(r.problems, []);
  const want = Buffer.from(
    '4B494E' + // magic
      'D9' + // ready 1, mode 5, level 9: 1 101 1001
      'ABC3' + // wide 0xABC, small 3
      '0000C03F' + // 1.5 f4 little-endian
      'C000000000000000' + // -2 f8 big-endian
      '616200000000' + // "ab" padded to 6
      '03' +
      '78797A' +
      '0000',
    'hex',
  );
  assert.equal(r.payload.toString('hex'), want.toString('hex'));
  const v = await decoded(0x8200, r.payload);
  assert.deepEqual([v.ready, v.mode, v.level, v.wide, v.small, v.ratio, v.scale], [true, 'fast', 9, 0xabc, 3, 1.5, -2]);
});

test('by name: little-endian bits (meta bit-endian: le) fill each byte from bit 0', async () => {
  const r = await assemble(0x8201, '  x: 5  y: 0x1234  tail: 7');
  assert.deepEqual(r.problems, []);
  assert.equal(r.payload.toString('hex'), 'a59107');
  assert.deepEqual(await decoded(0x8201, r.payload), { x: 5, y: 0x1234, tail: 7 });
});

test('by name: a bit field left out is zero bits; a run cut by other bytes is TEXT-ORDER naming the field before', async () => {
  const skipped = await assemble(0x8201, '  y: 1  tail: 0');
  assert.deepEqual(skipped.problems, []);
  assert.equal(skipped.payload.toString('hex'), '080000', 'x as zero bits, y from bit 3');
  const cut = await assemble(0x8201, '  x: 1\n  ff\n  y: 1');
  assert.equal(cut.problems.length, 1);
  assert.equal(cut.problems[0].code, 'TEXT-ORDER');
  assert.match(
    cut.problems[0].message,
    /field "y" \(\.ksy type b13\) of .*lebits\.ksy shares a byte with "x", but other bytes were written after it/,
  );
  assert.deepEqual(cut.problems[0].text!.start, { line: 4, character: 5 });
});

test('by name: floats take decimals, inf, nan and 0x bit patterns', async () => {
  const line = (ratio: string, scale: string) =>
    GOOD.replace('ratio: 1.5  scale: -2', `ratio: ${ratio}  scale: ${scale}`);
  const r = await assemble(0x8200, line('0x3FC00000', '-inf'));
  assert.deepEqual(r.problems, []);
  assert.equal(r.payload.subarray(6, 18).toString('hex'), '0000c03f' + 'fff0000000000000');
  const n = await assemble(0x8200, line('nan', '1e-3'));
  assert.deepEqual(n.problems, []);
  const v = await decoded(0x8200, n.payload);
  assert.ok(Number.isNaN(v.ratio));
  assert.equal(v.scale, 0.001);
});

/** The one problem of GOOD with `from` replaced by `to`: code, message, and the value's place. */
async function bad(from: string, to: string): Promise<Problem> {
  assert.ok(GOOD.includes(from), from);
  const r = await assemble(0x8200, GOOD.replace(from, to));
  assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
  return r.problems[0];
}

test('by name: bad values are TEXT-RANGE, TEXT-NUMBER or TEXT-TOKEN naming the field and the reason', async () => {
  const cases: [string, string, string, RegExp][] = [
    [
      'level: 9',
      'level: 16',
      'TEXT-RANGE',
      /^16 is out of range 0\.\.15 for field "level" \(\.ksy type b4\) of .*kinds\.ksy$/,
    ],
    ['ready: true', 'ready: 2', 'TEXT-RANGE', /^2 is out of range 0\.\.1 for field "ready" \(\.ksy type b1\)/],
    [
      'mode: fast',
      'mode: slow',
      'TEXT-TOKEN',
      /"slow" is not a value of the enum of field "mode" .*its ids: off, fast/,
    ],
    [
      'ratio: 1.5',
      'ratio: 1e39',
      'TEXT-RANGE',
      /^1e39 is out of range ±3\.4028234663852886e\+38 for field "ratio" \(\.ksy type f4\)/,
    ],
    ['scale: -2', 'scale: 1e999', 'TEXT-RANGE', /^1e999 is out of range ±1\.7976931348623157e\+308 for field "scale"/],
    [
      'ratio: 1.5',
      'ratio: 0x1FFFFFFFF',
      'TEXT-RANGE',
      /out of range 0x0\.\.0xFFFFFFFF for field "ratio" .*\(a bit pattern\)/,
    ],
    ['ratio: 1.5', 'ratio: fast', 'TEXT-NUMBER', /field "ratio" \(\.ksy type f4\) .*takes a decimal number .*not fast/],
    [
      'key: "ab"',
      'key: "abcdefg"',
      'TEXT-RANGE',
      /^the string is 7 bytes; field "key" \(\.ksy type bytes\) of .* holds 6$/,
    ],
    [
      'key: "ab"',
      'key: 5',
      'TEXT-TOKEN',
      /field "key" .*takes a quoted string \(its UTF-8 bytes\) or hex bytes, not 5/,
    ],
    [
      'magic: "KIN"',
      'magic: "KIX"',
      'TEXT-TOKEN',
      /field "magic" \(\.ksy type contents\) .*holds fixed contents 4B 49 4E; the string's UTF-8 is 4B 49 58/,
    ],
    [
      'squeezed: 00 00',
      'squeezed: "ab"',
      'TEXT-TOKEN',
      /field "squeezed" .*cannot be written from .*its bytes are processed \(process:\)/,
    ],
    [
      'small: 3',
      'small: 1.5',
      'TEXT-NUMBER',
      /field "small" \(\.ksy type b4\) .*takes a number or an enum id, not 1\.5/,
    ],
  ];
  for (const [from, to, code, message] of cases) {
    const p = await bad(from, to);
    assert.equal(p.code, code, to);
    assert.match(p.message, message, to);
    const line = block(0x8200, GOOD.replace(from, to)).split('\n')[p.text!.start.line];
    assert.equal(line.slice(p.text!.start.character, p.text!.end.character), to.slice(to.indexOf(': ') + 2), to);
  }
});

test('by name: a bad bit value writes zero bits, so the run keeps its bytes', async () => {
  const good = await assemble(0x8200, GOOD.replace('level: 9', 'level: 0'));
  const r = await assemble(0x8200, GOOD.replace('level: 9', 'level: 16'));
  assert.equal(r.payload.toString('hex'), good.payload.toString('hex'));
});

test('by name: hex bytes stay hex for every kind (1e50 is two bytes for an integer, a number for a float)', async () => {
  const r = await assemble(0x8201, '  x: 5  y: 0x1234  tail: ff');
  assert.deepEqual(r.problems, []);
  assert.equal(r.payload.toString('hex'), 'a591ff');
  const f = await assemble(0x8200, GOOD.replace('ratio: 1.5', 'ratio: 1e10'));
  assert.deepEqual(f.problems, []);
  assert.equal((await decoded(0x8200, f.payload)).ratio, Math.fround(1e10));
});
