// Explicit .chunk options that make a chunk fail (docs/format.md §4, "One root cause, one error"):
// the first error names the option and points at it; a len= that mis-frames its chunk takes the
// next chunk's errors as related information. Through core's analyze and the language server.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { analyze, crc32c, decodeBinary, decodeText } from '../../core/src';
import { LspClient, ROOT } from './helpers/lspClient';

const base = readFileSync(join(ROOT, 'test/fixtures/lsp/base.vmbhex'), 'utf8');
// GPADL (chunk 4, 56 payload bytes) with len=40 and END in the same call: the classic wrong length.
const len40 = base
  .replace('.chunk GPADL\n', '.chunk GPADL len=40\n')
  .replace('.expect STATUS_MORE_PROCESSING_REQUIRED\n\n.call\n.chunk END', '.chunk END');
const line = (text: string, needle: string) => text.split('\n').findIndex((l) => l.startsWith(needle));
const errors = (text: string) => analyze(decodeText(text)).problems.filter((p) => p.severity === 'error');

test('len=40 on a 56-byte payload: one error that names the option, on the option, with the bad magic after it as related information', () => {
  const errs = errors(len40);
  assert.deepEqual(
    errs.map((p) => p.code),
    ['CRC-PAYLOAD', 'EXPECT-MISMATCH'],
    'no FRAME-MAGIC of its own',
  );
  const [crc] = errs;
  assert.equal(crc.chunk, 3);
  assert.match(
    crc.message,
    /^`len=40` sets PayloadLength to 40 but the payload is 56 bytes: PayloadCrc32c is 0x[0-9A-F]{8}, the payload's CRC-32C is 0x[0-9A-F]{8}\. → restore call 2 returns STATUS_CRC_ERROR/,
  );
  const l = line(len40, '.chunk GPADL');
  const col = len40.split('\n')[l].indexOf('len=40');
  assert.deepEqual(crc.text, {
    start: { line: l, character: col },
    end: { line: l, character: col + 'len=40'.length },
  });
  const related = crc.related!.map((r) => r.message);
  assert.equal(related[0], 'Where CRC-PAYLOAD is found', 'the place the check failed is kept');
  const magic = crc.related!.find((r) =>
    r.message.startsWith(
      'Also because `len=40` ends chunk 4 at 0x0218, where the next chunk is read (not reported separately): [FRAME-MAGIC]',
    ),
  );
  assert.ok(magic, related.join('\n'));
  assert.deepEqual(magic.bytes, { start: 0x218, end: 0x21c });
  assert.equal(magic.text?.start.line, line(len40, '  Pfns:'), 'the bad magic is read from the Pfns line');
});

test('the same bytes as a binary have no options to blame: the bad magic stays an error of its own', () => {
  const bytes = decodeText(len40).bytes;
  const codes = analyze(decodeBinary(bytes, { buffering: 'whole' }))
    .problems.filter((p) => p.severity === 'error')
    .map((p) => p.code);
  assert.ok(codes.includes('FRAME-MAGIC') && codes.includes('CRC-PAYLOAD'), codes.join(' '));
});

test("a len= whose chunk passes (its crc= made to match) is named by the next chunk's error instead", () => {
  // NOTE checks nothing in its payload: 16 bytes written, len=8 and the CRC of the first 8.
  const payload = Uint8Array.from([
    0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x50,
  ]);
  const crc = crc32c(payload.subarray(0, 8)).toString(16).toUpperCase().padStart(8, '0');
  const text = base.replace(
    '.chunk GPADL\n',
    `.chunk NOTE len=8 crc=0x${crc}\n  utf8:"ABCDEFGHIJKLMNOP"\n.end\n.chunk GPADL\n`,
  );
  const errs = errors(text);
  const first = errs[0];
  assert.equal(first.code, 'FRAME-MAGIC');
  assert.match(
    first.message,
    /^`len=8` sets PayloadLength to 8 but the payload is 16 bytes, so chunk 4 ends at 0x[0-9A-F]{4} and the bytes there are read as a chunk: Chunk magic is/,
  );
  assert.equal(first.text?.start.line, line(text, '.chunk NOTE'));
  assert.ok(!errs.some((p) => p.chunk === 3), 'the NOTE itself passes');
});

test('options equal to the computed values are not overrides; explicit crc=, hcrc=, seq= are named when they fail', () => {
  assert.equal(decodeText(base.replace('.chunk GPADL\n', '.chunk GPADL len=56 seq=3\n')).headerOverrides, undefined);
  const crc = errors(base.replace('.chunk OFFER', '.chunk OFFER crc=0x12345678'))[0];
  assert.match(
    crc.message,
    /^Explicit `crc=0x12345678`: PayloadCrc32c is 0x12345678, the payload's CRC-32C is 0xD95DF84A\./,
  );
  assert.equal(crc.related?.[0]?.message, 'Payload covered by the CRC', 'already on the option: no second location');
  assert.match(
    errors(base.replace('.chunk OFFER', '.chunk OFFER hcrc=0x1'))[0].message,
    /^Explicit `hcrc=0x00000001`: HeaderCrc32c is 0x00000001/,
  );
  assert.match(
    errors(base.replace('.chunk OFFER', '.chunk OFFER seq=7'))[0].message,
    /^Explicit `seq=7`: Sequence 7, expected 1/,
  );
  // An explicit option is not blamed for a check its field does not feed: seq=7 on a chunk whose first error is its payload CRC.
  const both = errors(base.replace('.chunk OFFER', '.chunk OFFER seq=7 crc=0x12345678'))[0];
  assert.equal(both.code, 'CRC-PAYLOAD');
  assert.match(both.message, /^Explicit `crc=0x12345678`: /);
});

test("language server: the len=40 diagnostic sits on the option and carries the next chunk's bad magic as related information", async () => {
  const c = await LspClient.start();
  try {
    const uri = 'file:///virtual/len40.vmbhex';
    const diags: Diagnostic[] = await c.open(uri, len40);
    const errs = diags.filter((d) => d.severity === 1);
    assert.deepEqual(
      errs.map((d) => d.code),
      ['CRC-PAYLOAD', 'EXPECT-MISMATCH'],
    );
    const l = line(len40, '.chunk GPADL');
    assert.deepEqual(errs[0].range.start, { line: l, character: len40.split('\n')[l].indexOf('len=40') });
    assert.match(errs[0].message, /^`len=40` sets PayloadLength to 40 but the payload is 56 bytes/);
    const rel = errs[0].relatedInformation!.find((r) => r.message.includes('[FRAME-MAGIC]'));
    assert.ok(rel);
    assert.equal(rel.location.range.start.line, line(len40, '  Pfns:'));
  } finally {
    await c.stop();
  }
});
