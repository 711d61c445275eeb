// Field lines written by user-schema field name (docs/format.md §7.7): enum ids, plain numbers and
// strings assemble to the same bytes as typed literals; misplaced or bad values name the line and reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTextDocument, userFieldLayouts, type Problem, type SchemaEntry } from '../../core/src';
import { SchemaSet } from '../../core/src/node/schemas';
import { loadDocument } from '../../debugger/src/loadDocument';

const SCHEMAS = join(__dirname, '..', '..', '..', 'samples', 'schemas');
const ENTRIES: SchemaEntry[] = [
  { key: 'vsp', file: join(SCHEMAS, 'demo-stor.ksy'), mandatory: false },
  { key: 0x8123, file: join(SCHEMAS, 'demo-vendor-note.ksy'), mandatory: false },
];
const SAMPLE = readFileSync(join(SCHEMAS, 'demo-stor.vmbhex'), 'utf8');

async function assemble(text: string): Promise<{ bytes: Uint8Array; problems: Problem[] }> {
  const set = await SchemaSet.load(ENTRIES);
  const doc = decodeTextDocument(text, { userFields: userFieldLayouts(ENTRIES, set) });
  return { bytes: doc.bytes, problems: doc.problems.filter((p) => p.code.startsWith('TEXT-')) };
}

/** The sample with its user fields written by name instead of typed literals. */
const BY_NAME = SAMPLE.replace('operation: u16:1', 'operation: read')
  .replace('operation: u16:2', 'operation: write')
  .replace('flags: u16:0', 'flags: 0')
  .replace('flags: u16:1', 'flags: 1')
  .replaceAll('lba: u64:2048', 'lba: 2048')
  .replaceAll('lba: u64:4096', 'lba: 4096')
  .replaceAll('lun: u8:0', 'lun: 0')
  .replace('sector_count: u32:8', 'sector_count: 8')
  .replace('sector_count: u32:12', 'sector_count: 0xC')
  .replaceAll('sg_count: u8:', 'sg_count: ')
  .replaceAll('pfn: u64:', 'pfn: ')
  .replaceAll('offset: u16:', 'offset: ')
  .replaceAll('length: u16:', 'length: ')
  .replace('level: u16:1', 'level: warning')
  .replace('version: u16:1', 'version: 1');

test('by name: enum ids and plain numbers assemble to the bytes of the typed literals', async () => {
  assert.notEqual(BY_NAME, SAMPLE);
  assert.match(BY_NAME, /operation: read/);
  assert.match(BY_NAME, /length: 2048/);
  const typed = await assemble(SAMPLE);
  const named = await assemble(BY_NAME);
  assert.deepEqual(named.problems, []);
  assert.deepEqual(Buffer.from(named.bytes), Buffer.from(typed.bytes));
});

test('by name: without schemas the same text does not assemble (labels alone never change bytes)', () => {
  const doc = decodeTextDocument(BY_NAME);
  assert.ok(doc.problems.some((p) => p.code === 'TEXT-TOKEN' || p.code === 'TEXT-HEX'));
});

const packet = (body: string) =>
  `.stream version=1.0\n.chunk PACKET\n  TransactionId: u64:1  LibStateLength: u32:0  VspStateLength: u32:0\n${body}\n.end\n`;

test('by name: an unknown enum id names the line, the field and the ids', async () => {
  const r = await assemble(packet('  operation: erase'));
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0].code, 'TEXT-TOKEN');
  assert.match(
    r.problems[0].message,
    /"erase" is not a value of the enum of field "operation".*read, write, flush, unmap/,
  );
  assert.equal(r.problems[0].text!.start.line, 3);
  assert.equal(r.problems[0].text!.start.character, 13);
});

test('by name: a value out of the field range is TEXT-RANGE', async () => {
  const r = await assemble(packet('  operation: 65536'));
  assert.equal(r.problems[0].code, 'TEXT-RANGE');
  assert.match(r.problems[0].message, /65536 is out of range 0\.\.65535 for field "operation" \(\.ksy type u2\)/);
});

test('by name: a field before one already written is TEXT-ORDER; a repeated item starts again', async () => {
  const bad = await assemble(packet('  flags: 0  operation: read'));
  assert.equal(bad.problems.length, 1);
  assert.equal(bad.problems[0].code, 'TEXT-ORDER');
  assert.match(bad.problems[0].message, /field "operation" of .*demo-stor\.ksy comes before "flags"/);
  const items = await assemble(
    packet(
      '  operation: read flags: 0 lun: 0 pad: zero:3 lba: 1 sector_count: 1 sg_count: 2 reserved: zero:3\n' +
        '  pfn: 1 offset: 0 length: 1 pad: zero:4\n  pfn: 2 offset: 0 length: 1 pad: zero:4',
    ),
  );
  assert.deepEqual(items.problems, []);
});

test('by name: a byte array takes a quoted string (padded to its size), hex or a typed literal', async () => {
  const head = '  operation: read flags: 0 lun: 0 ';
  const str = await assemble(packet(`${head}pad: "ab"`));
  assert.deepEqual(str.problems, []);
  const hex = await assemble(packet(`${head}pad: 61 62 00`));
  assert.deepEqual(hex.problems, []);
  assert.deepEqual(Buffer.from(str.bytes), Buffer.from(hex.bytes));
  const long = await assemble(packet(`${head}pad: "abcd"`));
  assert.equal(long.problems[0].code, 'TEXT-RANGE');
  assert.match(long.problems[0].message, /the string is 4 bytes; field "pad" \(\.ksy type bytes\) of .* holds 3/);
  const num = await assemble(packet(`${head}pad: 7`));
  assert.equal(num.problems[0].code, 'TEXT-TOKEN');
  assert.match(num.problems[0].message, /field "pad" .*takes a quoted string \(its UTF-8 bytes\) or hex bytes, not 7/);
});

test('by name: a str field takes a quoted string', async () => {
  const text = SAMPLE.replace('text: utf8:"queue 0 drained before save"', 'text: "queue 0 drained before save"');
  assert.notEqual(text, SAMPLE);
  const a = await assemble(SAMPLE);
  const b = await assemble(text);
  assert.deepEqual(b.problems, []);
  assert.deepEqual(Buffer.from(b.bytes), Buffer.from(a.bytes));
});

test('by name in Step Restore: with schemas the loader restores the bytes check assembles', async () => {
  // The file sits beside the sample, so the folder's .vmbstate-schemas.json maps the schemas.
  const file = join(SCHEMAS, 'by-name.vmbhex');
  const read = () => Promise.resolve(new TextEncoder().encode(BY_NAME));
  const doc = await loadDocument(file, { schemas: true }, read);
  const typed = await assemble(SAMPLE);
  assert.deepEqual(
    doc.problems.filter((p) => p.code.startsWith('TEXT-')),
    [],
  );
  assert.deepEqual(Buffer.from(doc.bytes), Buffer.from(typed.bytes));
  // Without schemas the loader reads field lines as §7.2 says.
  const plain = await loadDocument(file, {}, read);
  assert.ok(plain.problems.some((p) => p.code === 'TEXT-TOKEN' || p.code === 'TEXT-HEX'));
});
