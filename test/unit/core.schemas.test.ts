// User schemas (docs/schemas.md): the mapping, compile errors, the decoded field tree and its byte
// ranges, parse failures (SCHEMA-PARSE, SCHEMA-MANDATORY and the restore) and the limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyze,
  applyUserSchemas,
  decodeTextDocument,
  OptionError,
  parseSchemaFlag,
  parseSchemaKey,
  parseSchemaMapping,
  selectSchema,
  STATUS,
  type FieldNode,
  type SavedStateDocument,
  type SchemaEntry,
} from '../../core/src';
import { compileKsy, compileLimits, SchemaSet } from '../../core/src/node/schemas';
import { slowKsy } from './schemaFixtures';

const ROOT = join(__dirname, '..', '..', '..');
const SCHEMAS = join(ROOT, 'samples', 'schemas');
const STOR = join(SCHEMAS, 'demo-stor.ksy');
const STOR_GUID = 'ba6163d9-04a1-4d29-b605-72e2ffb1dc7f';

/** A stream with one PACKET whose VspState is `vsp` (hex), restored in one call. */
function packetDoc(vsp: string, txid = 1): SavedStateDocument {
  const n = vsp.replace(/\s+/g, '').length / 2;
  return decodeTextDocument(`.chunk BEGIN
  InterfaceType: guid:{${STOR_GUID}}  InterfaceInstance: guid:{11111111-2222-3333-4444-555555555555}
  SubchannelIndex: u16:0 Reserved: u16:0 VmbusVersion: u32:0x00050000 FeatureFlags: u32:0
  ChunkCount: u32:5 MaxPayloadLength: u32:0x10000 Reserved: u32:0 CreationTime: u64:0
.end
.chunk OFFER
  ChannelId: u32:17 ConnectionId: u32:17 MonitorId: u8:0xff MonitorAllocated: u8:0
  IsDedicated: u16:0 OfferFlags: u16:0 MmioMegabytes: u16:0 MmioMegabytesOpt: u16:0 Reserved: u16:0 UserDefined: zero:120
.end
.chunk CHANNEL_STATE
  State: u8:0 HasOpenParams: u8:0 HasReopenParams: u8:0 Reserved: u8:0 u32:0
.end
.chunk PACKET
  TransactionId: u64:${txid} LibStateLength: u32:0 VspStateLength: u32:${n}
  VspState: ${vsp || ''}
.end
.chunk END flags=FINAL
  ChunkCount: u32:5 EndFlags: u32:1 StreamCrc32c: u32:auto Reserved: u32:0
.end
`);
}

// operation=write(2) flags=1 lun=0 pad lba=4096 sectors=12 sg_count=2 reserved, then two 16-byte entries.
const WRITE_REQ =
  '0200 0100  00 000000 0010000000000000  0c000000 02 000000' +
  ' 0120000000000000 0000 0010 00000000  0220000000000000 0000 0008 00000000';

const vspField = (doc: SavedStateDocument) =>
  doc.chunks.find((c) => c.typeName === 'PACKET')!.payloadFields.find((f) => f.name === 'VspState')!;
const child = (f: FieldNode, ...path: string[]): FieldNode =>
  path.reduce((x, n) => {
    const c = x.children?.find((y) => y.name === n);
    assert.ok(c, `no field ${n} under ${x.name}`);
    return c;
  }, f);

async function decodeWith(doc: SavedStateDocument, entries: SchemaEntry[], opts = {}) {
  const set = await SchemaSet.load(entries, opts);
  return applyUserSchemas(doc, entries, set);
}

test('mapping: keys, the --schema flag, and entries that name the bad property', () => {
  assert.equal(parseSchemaKey('vsp'), 'vsp');
  assert.equal(parseSchemaKey('0x8123'), 0x8123);
  assert.equal(parseSchemaKey('33059'), 0x8123);
  assert.throws(() => parseSchemaKey('0x0005'), /optional chunk type 0x8000–0xFFFE other than RING/);
  assert.throws(() => parseSchemaKey('0x8010'), OptionError);
  assert.throws(() => parseSchemaKey('packet'), /must be "vsp", "lib" or a chunk type/);
  assert.deepEqual(parseSchemaFlag('vsp=a/b.ksy#read_req'), {
    key: 'vsp',
    file: 'a/b.ksy',
    type: 'read_req',
    mandatory: false,
  });
  assert.throws(() => parseSchemaFlag('vsp'), /--schema takes KEY=FILE\.ksy/);
  assert.throws(() => parseSchemaFlag('vsp=x.ksy#Bad'), /--schema type must be a \.ksy type id/);
  assert.throws(
    () => parseSchemaMapping('{"schemas":[{"key":"vsp","file":"a.ksy","mandatry":true}]}'),
    /schemas\[0\]: unknown property "mandatry"/,
  );
  assert.throws(
    () => parseSchemaMapping('{"schemas":[{"key":"vsp","file":"a.ksy","match":{"at":0,"size":3,"equals":1}}]}'),
    /schemas\[0\]\.match\.size must be 1, 2 or 4/,
  );
  assert.throws(() => parseSchemaMapping('[1]'), /must be an object with a "schemas" array/);
  assert.throws(() => parseSchemaMapping('{'), /is not valid JSON/);
});

test('mapping: the first entry whose key, interface type and match hold is selected', () => {
  const entries = parseSchemaMapping(
    JSON.stringify({
      schemas: [
        { key: 'vsp', file: 'other.ksy', interfaceType: '{00000000-0000-0000-0000-000000000001}' },
        { key: 'vsp', file: 'flush.ksy', match: { at: 0, size: 2, equals: 3 } },
        { key: 'vsp', file: 'stor.ksy', interfaceType: STOR_GUID.toUpperCase(), mandatory: true },
      ],
    }),
  );
  const b = new Uint8Array([3, 0, 9, 9]);
  const subject = { key: 'vsp' as const, interfaceType: STOR_GUID, b, start: 0, end: 4 };
  assert.equal(selectSchema(entries, subject)?.file, 'flush.ksy');
  assert.equal(selectSchema(entries, { ...subject, b: new Uint8Array([1, 0, 0, 0]) })?.file, 'stor.ksy');
  assert.equal(selectSchema(entries, { ...subject, end: 1 /* match reads past the end */, b })?.file, 'stor.ksy');
  assert.equal(selectSchema(entries, { ...subject, key: 'lib' }), undefined);
  assert.equal(entries[2].mandatory, true);
});

test('compile errors: the compiler message, YAML errors, imports and an alias bomb', async () => {
  const bad = await compileKsy('meta: {id: x, endian: le}\nseq:\n  - id: a\n    type: nosuch\n');
  assert.ok(!bad.ok);
  assert.match(bad.message, /does not compile: .*unable to find type 'nosuch'/);
  const yaml = await compileKsy('meta: {id: x\nseq: [');
  assert.ok(!yaml.ok && /is not valid YAML/.test(yaml.message));
  const imports = await compileKsy('meta: {id: x, imports: [other]}\n');
  assert.ok(!imports.ok && /meta\/imports/.test(imports.message));
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 0; i < 8; i++)
    bomb.push(
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
    );
  const b = await compileKsy(`meta: {id: x}\n${bomb.join('\n')}\n`);
  assert.ok(!b.ok && /more than 100000 YAML nodes/.test(b.message), !b.ok ? b.message : 'compiled');
  // The same text compiles once: the cache hands back the same outcome.
  const text = readFileSync(STOR, 'utf8');
  assert.equal(await compileKsy(text), await compileKsy(text));
});

test('compile time limit: a compile that runs over is stopped with SCHEMA-COMPILE; later compiles still work', async () => {
  const saved = compileLimits.timeMs;
  try {
    compileLimits.timeMs = 100;
    const t0 = performance.now();
    const slow = await compileKsy(slowKsy());
    const took = performance.now() - t0;
    assert.ok(!slow.ok);
    assert.equal(
      slow.message,
      'does not compile: the compiler ran for more than 100 ms (the compile time limit) and was stopped',
    );
    // Uninterrupted, this compile takes several seconds even on an idle machine (about 7 s).
    assert.ok(took < 4000, `the stop came after ${Math.round(took)} ms`);
  } finally {
    compileLimits.timeMs = saved;
  }
  // The stopped worker is gone; the next compile starts another and succeeds, and a compiler error still reads as one.
  const ok = await compileKsy(`${readFileSync(STOR, 'utf8')}\n# compiled after a stop\n`);
  assert.ok(ok.ok, !ok.ok ? ok.message : '');
  const bad = await compileKsy('meta: {id: y, endian: le}\nseq:\n  - id: a\n    type: nosuch2\n');
  assert.ok(!bad.ok && /unable to find type 'nosuch2'/.test(bad.message));
});

test('a schema that does not compile: a SCHEMA-COMPILE warning on each field it would decode', async () => {
  const doc = packetDoc(WRITE_REQ);
  const probs = await decodeWith(doc, [{ key: 'vsp', file: join(SCHEMAS, 'no-such.ksy'), mandatory: true }]);
  assert.equal(probs.length, 1);
  assert.equal(probs[0].code, 'SCHEMA-COMPILE');
  assert.equal(probs[0].severity, 'warning');
  assert.deepEqual(probs[0].bytes, vspField(doc).bytes);
  assert.match(
    probs[0].message,
    /VspState of chunk 4 \(PACKET\) is not decoded: schema .*no-such\.ksy \(vsp\) cannot be read/,
  );
  // Not decoded is not a parse failure: a mandatory schema that cannot run does not fail the restore.
  assert.equal(analyze(doc).outcome.status, STATUS.STATUS_SUCCESS);
});

test('nested and repeated fields: ranges, values, enum ids and doc', async () => {
  const doc = packetDoc(WRITE_REQ);
  const probs = await decodeWith(doc, [{ key: 'vsp', file: STOR, mandatory: false }]);
  assert.deepEqual(probs, []);
  const vsp = vspField(doc);
  const at = vsp.bytes.start;
  const op = child(vsp, 'operation');
  assert.deepEqual([op.bytes.start - at, op.bytes.end - at, op.value, op.note], [0, 2, 2, 'write']);
  assert.equal(op.user?.doc, 'What the guest asked for.');
  assert.equal(op.user?.enumId, 'write');
  const lba = child(vsp, 'target', 'lba');
  assert.deepEqual([lba.bytes.start - at, lba.bytes.end - at, lba.value], [8, 16, 4096]);
  assert.equal(lba.display, '0x0000000000001000 (4096)');
  const list = child(vsp, 'sg_list');
  assert.equal(list.type, 'group');
  assert.deepEqual([list.bytes.start - at, list.bytes.end - at, list.children?.length], [24, 56, 2]);
  const len1 = child(vsp, 'sg_list', '[1]', 'length');
  assert.deepEqual(
    [len1.bytes.start - at, len1.bytes.end - at, len1.value, len1.user?.doc],
    [50, 52, 2048, 'Bytes used in the page.'],
  );
  assert.equal(child(vsp, 'reserved').display, '3 bytes: 00 00 00');
  // The restore is not changed by a schema that parses.
  assert.equal(analyze(doc).outcome.status, STATUS.STATUS_SUCCESS);
});

test('bytes after the last field the schema reads stay one field, so diff sees them', async () => {
  const doc = packetDoc(WRITE_REQ + ' aabb');
  await decodeWith(doc, [{ key: 'vsp', file: STOR, mandatory: false }]);
  const rest = child(vspField(doc), '(unread)');
  assert.equal(rest.bytes.end - rest.bytes.start, 2);
  assert.equal(rest.bytes.end, vspField(doc).bytes.end);
});

test('parse failure (EOF): a SCHEMA-PARSE warning on the innermost field, Kaitai text quoted', async () => {
  // sg_count says 2 but only one entry and 4 bytes of the second are present.
  const doc = packetDoc(WRITE_REQ.slice(0, WRITE_REQ.indexOf(' 0220')) + ' 02200000');
  const probs = await decodeWith(doc, [{ key: 'vsp', file: STOR, mandatory: false }]);
  assert.equal(probs.length, 1);
  const p = probs[0];
  assert.equal(p.code, 'SCHEMA-PARSE');
  assert.equal(p.severity, 'warning');
  assert.match(
    p.message,
    /does not parse under .*demo-stor\.ksy: EOFError: requested 8 bytes, but only 4 bytes available \(at sg_list\[1\]\.pfn\)/,
  );
  const vsp = vspField(doc);
  const pfn = child(vsp, 'sg_list', '[1]', 'pfn');
  assert.equal(pfn.note, 'the parse stopped here');
  assert.deepEqual(p.bytes, { start: pfn.bytes.start, end: vsp.bytes.end });
  // What was read before stays.
  assert.equal(child(vsp, 'sg_list', '[0]', 'length').value, 4096);
  assert.equal(analyze(doc).outcome.status, STATUS.STATUS_SUCCESS);
});

test('mandatory: a failed contents: check is an error and the restore fails with STATUS_FILE_CORRUPT_ERROR', async () => {
  const bad = WRITE_REQ.replace('0c000000 02 000000', '0c000000 02 000100');
  const doc = packetDoc(bad);
  const probs = await decodeWith(doc, [{ key: 'vsp', file: STOR, mandatory: true }]);
  assert.equal(probs.length, 1);
  assert.equal(probs[0].code, 'SCHEMA-MANDATORY');
  assert.equal(probs[0].severity, 'error');
  assert.match(
    probs[0].message,
    /ValidationNotEqualError: not equal, expected \[0,0,0\], but got \[0,1,0\] \(at reserved\)/,
  );
  const reserved = child(vspField(doc), 'reserved');
  assert.deepEqual(probs[0].bytes, reserved.bytes);
  const a = analyze(doc);
  assert.equal(a.outcome.status, STATUS.STATUS_FILE_CORRUPT_ERROR);
  const found = a.problems.filter((p) => p.code === 'SCHEMA-MANDATORY');
  assert.equal(found.length, 1, 'the decoder finding and the restore failure are one problem');
  assert.equal(found[0].status, STATUS.STATUS_FILE_CORRUPT_ERROR);
});

test('vendor chunk types and NOTE: the payload field gets the user fields', async () => {
  const doc = decodeTextDocument(readFileSync(join(SCHEMAS, 'demo-stor.vmbhex'), 'utf8'));
  const entries = parseSchemaMapping(readFileSync(join(SCHEMAS, '.vmbstate-schemas.json'), 'utf8'));
  assert.deepEqual(await decodeWith(doc, entries, { baseDir: SCHEMAS }), []);
  const data = doc.chunks.find((c) => c.header?.type === 0x8123)!.payloadFields[0];
  assert.equal(child(data, 'level').note, 'warning');
  assert.equal(child(data, 'text').value, 'queue 0 drained before save');
  // NOTE (0x8001): its Text field decodes under a schema for 0x8001.
  const note = decodeTextDocument('.chunk NOTE\n  Text: utf8:"k=v"\n.end\n');
  const ksy = join(__dirname, 'note.tmp.ksy');
  writeFileSync(
    ksy,
    'meta: {id: kv}\nseq:\n  - id: key\n    type: str\n    terminator: 0x3d\n    encoding: ASCII\n  - id: value\n    type: str\n    size-eos: true\n    encoding: ASCII\n',
  );
  try {
    await decodeWith(note, [{ key: 0x8001, file: ksy, mandatory: false }]);
  } finally {
    rmSync(ksy);
  }
  const text = note.chunks[0].payloadFields[0];
  assert.deepEqual(
    text.children?.map((f) => [f.name, f.value]),
    [
      ['key', 'k'],
      ['value', 'v'],
    ],
  );
});

const LIMIT_KSY = {
  deep: 'meta: {id: deep, endian: le}\nseq:\n  - id: n\n    type: node\ntypes:\n  node:\n    seq:\n      - id: next\n        type: node\n',
  wide: 'meta: {id: wide}\nseq:\n  - id: items\n    size: 0\n    repeat: expr\n    repeat-expr: 1000000000\n',
  spin: 'meta: {id: spin}\nseq:\n  - id: items\n    size: 0\n    repeat: until\n    repeat-until: false\n',
};

async function limitRun(ksy: string, limits: object, documentMs?: number) {
  const file = join(__dirname, `limit-${Math.random().toString(36).slice(2)}.ksy`);
  writeFileSync(file, ksy);
  try {
    const doc = packetDoc(WRITE_REQ);
    const t0 = Date.now();
    const probs = await decodeWith(doc, [{ key: 'vsp', file, mandatory: true }], { limits, documentMs });
    return { probs, ms: Date.now() - t0, doc };
  } finally {
    rmSync(file);
  }
}

test('limits: nesting depth, array length and time stop a hostile schema with SCHEMA-LIMIT', async () => {
  const deep = await limitRun(LIMIT_KSY.deep, {});
  assert.equal(deep.probs[0]?.code, 'SCHEMA-LIMIT');
  assert.match(deep.probs[0].message, /user types nest deeper than 64/);
  // A limit is not a parse failure: even a mandatory schema does not fail the restore.
  assert.equal(analyze(deep.doc).outcome.status, STATUS.STATUS_SUCCESS);
  const wide = await limitRun(LIMIT_KSY.wide, { array: 1000 });
  assert.match(wide.probs[0]?.message ?? '', /a repeated field has more than 1000 items/);
  const spin = await limitRun(LIMIT_KSY.spin, { array: 1e9 }, 50);
  assert.equal(spin.probs[0]?.code, 'SCHEMA-LIMIT');
  assert.match(spin.probs[0].message, /user-schema parses of this document took more than 50 ms/);
  assert.ok(spin.ms < 5000, `stopped in ${spin.ms} ms`);
  const fields = await limitRun(LIMIT_KSY.wide.replace('1000000000', '500'), { fields: 100 });
  assert.match(fields.probs[0]?.message ?? '', /yields more than 100 fields/);
});

test('the document time budget: one SCHEMA-LIMIT where it runs out, the payloads after it not decoded', async () => {
  const file = join(__dirname, 'spin-budget.ksy');
  writeFileSync(file, LIMIT_KSY.spin);
  try {
    // Three PACKETs: the first spins until the budget is gone; the other two are not reported again.
    const one = packetDoc(WRITE_REQ);
    const src = one.text!;
    const pkt = src.slice(src.indexOf('.chunk PACKET'), src.indexOf('.end', src.indexOf('.chunk PACKET')) + 5);
    const text = src
      .replace(pkt, [1, 2, 3].map((n) => pkt.replace('u64:1 ', `u64:${n} `)).join('\n'))
      .replace('ChunkCount: u32:5', 'ChunkCount: u32:7')
      .replace('ChunkCount: u32:5', 'ChunkCount: u32:7');
    const doc = decodeTextDocument(text);
    const probs = await decodeWith(doc, [{ key: 'vsp', file, mandatory: false }], {
      limits: { array: 1e9 },
      documentMs: 50,
    });
    assert.deepEqual(
      probs.map((p) => [p.code, p.chunk]),
      [['SCHEMA-LIMIT', 3]],
    );
    assert.equal(analyze(doc).outcome.status, STATUS.STATUS_SUCCESS);
  } finally {
    rmSync(file);
  }
});
