// `--schema KEY=FILE.ksy` on check, dump and diff (docs/format.md §8.5, docs/schemas.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/src/main';
import { compileLimits } from '../../core/src/node/schemas';
import { slowKsy } from './schemaFixtures';

const SCHEMAS = join(__dirname, '..', '..', '..', 'samples', 'schemas');
const S = (p: string) => join(SCHEMAS, p);
const STREAM = S('demo-stor.vmbhex');
const FLAGS = ['--schema', `vsp=${S('demo-stor.ksy')}`, '--schema', `0x8123=${S('demo-vendor-note.ksy')}`];

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('dump --schema: user fields by .ksy id under the field they decode, enum ids as notes', async () => {
  const r = await run('dump', ...FLAGS, STREAM);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /\n {6}VspState {2}@0x02A0\n {8}operation +@0x02A0 {2}0x0001 \(1\) {2}\(read\)\n/);
  assert.match(r.out, /\n {10}lba +@0x02A8 {2}0x0000000000000800 \(2048\)\n/);
  assert.match(r.out, /\n {10}\[1\] {2}@0x0320\n/);
  assert.match(r.out, /\n {8}level +@0x024E {2}0x0001 \(1\) {2}\(warning\)\n/);
  assert.match(r.out, /text +@0x0254 {2}"queue 0 drained before save"/);
});

test('dump --json --schema: user fields carry a user object with the .ksy type, enum id and doc', async () => {
  const r = await run('dump', '--json', ...FLAGS, STREAM);
  assert.equal(r.code, 0, r.err);
  // The dump is one JSON object; find the first PACKET chunk in it.
  type Chunk = { typeName?: string; payloadFields?: { name: string; children?: unknown[] }[] };
  const find = (x: unknown): Chunk | undefined => {
    if (typeof x !== 'object' || x === null) return undefined;
    if ((x as Chunk).typeName === 'PACKET') return x as Chunk;
    for (const v of Object.values(x)) {
      const hit = find(v);
      if (hit) return hit;
    }
    return undefined;
  };
  const packet = find(JSON.parse(r.out))!;
  const vsp = packet.payloadFields!.find((f) => f.name === 'VspState')!;
  const op = vsp.children![0] as { name: string; value: number; note: string; user: object };
  assert.deepEqual([op.name, op.value, op.note], ['operation', 1, 'read']);
  assert.deepEqual(op.user, {
    schema: S('demo-stor.ksy'),
    ksyType: 'u2',
    enumId: 'read',
    doc: 'What the guest asked for.',
  });
});

test('check --schema: a .ksy that does not compile is an error on the .ksy (exit 1) and a warning per field', async () => {
  const r = await run('check', '--schema', `0x8123=${S('demo-stor.vmbhex')}`, STREAM);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /demo-stor\.vmbhex: error: \[SCHEMA-COMPILE\] The schema is not valid YAML: /);
  assert.match(
    r.out,
    /demo-stor\.vmbhex:34:\d+: warning: \[SCHEMA-COMPILE\] Data of chunk 5 \(0x8123\) is not decoded/,
  );
  const ok = await run('check', ...FLAGS, STREAM);
  assert.equal(ok.code, 0, ok.out);
  assert.doesNotMatch(ok.out, /SCHEMA-/);
});

test('check --schema: a compile over the time limit is stopped, a SCHEMA-COMPILE error naming the .ksy and the limit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-ksytime-'));
  const saved = compileLimits.timeMs;
  try {
    const ksy = join(dir, 'slow.ksy');
    writeFileSync(ksy, slowKsy());
    compileLimits.timeMs = 100;
    const r = await run('check', '--schema', `vsp=${ksy}`, STREAM);
    assert.equal(r.code, 1, r.out);
    assert.ok(
      r.out.includes(
        `${ksy}: error: [SCHEMA-COMPILE] The schema does not compile: the compiler ran for more than 100 ms (the compile time limit) and was stopped`,
      ),
      r.out,
    );
    assert.match(r.out, /demo-stor\.vmbhex:\d+:\d+: warning: \[SCHEMA-COMPILE\] /);
  } finally {
    compileLimits.timeMs = saved;
    rmSync(dir, { recursive: true, force: true });
  }
  const ok = await run('check', ...FLAGS, STREAM);
  assert.equal(ok.code, 0, ok.out);
});

test('--schema: a bad key or a command without schemas is a usage error (exit 2)', async () => {
  const key = await run('check', '--schema', 'packet=x.ksy', STREAM);
  assert.equal(key.code, 2);
  assert.match(key.err, /--schema key must be "vsp", "lib" or a chunk type such as 0x8123, not "packet"/);
  const conv = await run('textconv', '--schema', 'vsp=x.ksy', STREAM);
  assert.equal(conv.code, 2);
  assert.match(conv.err, /--schema applies to check, dump and diff, not textconv/);
});

test('.schema directives: a text names its own schemas (files from its folder), before the --schema flags', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-cli-schema-'));
  try {
    writeFileSync(join(dir, 'stor.ksy'), readFileSync(S('demo-stor.ksy')));
    const text = readFileSync(STREAM, 'utf8').replace(
      '.stream version',
      '.schema vsp file=stor.ksy mandatory=yes\n.stream version',
    );
    writeFileSync(join(dir, 'd.vmbhex'), text);
    const r = await run('dump', join(dir, 'd.vmbhex'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /operation +@0x02A0 {2}0x0001 \(1\) {2}\(read\)/);
    // Mandatory: a VspState that fails its schema fails the restore.
    writeFileSync(
      join(dir, 'bad.vmbhex'),
      text.replace('reserved: zero:3\n  pfn: u64:0x2000', 'reserved: 00 01 00\n  pfn: u64:0x2000'),
    );
    const bad = await run('check', join(dir, 'bad.vmbhex'));
    assert.equal(bad.code, 1, bad.out);
    assert.match(
      bad.out,
      /error: \[SCHEMA-MANDATORY\] VspState of chunk 6 \(PACKET\) does not parse under .*stor\.ksy: ValidationNotEqualError/,
    );
    assert.match(bad.out, /restore ends with STATUS_FILE_CORRUPT_ERROR/);
    // A directive after the first .call is refused where it is written.
    writeFileSync(join(dir, 'late.vmbhex'), text.replace('\n.call\n', '\n.call\n.schema vsp file=stor.ksy\n'));
    const late = await run('check', join(dir, 'late.vmbhex'));
    assert.match(late.out, /late\.vmbhex:\d+:1: error: \[TEXT-ORDER\] \.schema must come before the first \.call/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('diff --schema compares user fields by their .ksy path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-cli-schema-diff-'));
  try {
    const a = join(dir, 'a.vmbhex');
    const b = join(dir, 'b.vmbhex');
    const text = readFileSync(STREAM, 'utf8');
    writeFileSync(a, text);
    writeFileSync(b, text.replace('lun: u8:0  pad: zero:3  lba: u64:2048', 'lun: u8:0  pad: zero:3  lba: u64:2049'));
    const r = await run('diff', '--schema', `vsp=${S('demo-stor.ksy')}`, a, b);
    assert.match(r.out, /VspState\.target\.lba: 0x0000000000000800 \(2048\) → 0x0000000000000801 \(2049\)/);
    const plain = await run('diff', a, b);
    assert.match(plain.out, /VspState: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
