// Copy As, paste and the caret's status text of the saved-state editor, in plain Node: every
// format on known bytes, `.vmbhex` of whole chunks (assembles back to the same bytes) and of a
// partial selection (a `.raw` block), paste of each format back to bytes, Select Range input.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assembleText, decodeBinary, toWire } from '../../core/src';
import { describeCaret, parseSelectRange } from '../../client/src/editor/model/caretInfo';
import { copyAsVmbhex, formatBytes, parsePastedBytes, toBase64 } from '../../client/src/editor/model/copyAs';
import { EXAMPLE_STARTS, exampleStream } from './clientFixtures';

const vbsc = Uint8Array.from([0x56, 0x42, 0x53, 0x43, 0x00, 0x27, 0x5c, 0xff]);

test('byte formats: hex, C, Rust, Python, base64', () => {
  assert.equal(formatBytes('hex', vbsc), '56 42 53 43 00 27 5c ff');
  assert.equal(
    formatBytes('c', vbsc),
    'const unsigned char data[8] = {\n  0x56, 0x42, 0x53, 0x43, 0x00, 0x27, 0x5c, 0xff,\n};\n',
  );
  assert.equal(
    formatBytes('rust', vbsc),
    'const DATA: [u8; 8] = [\n    0x56, 0x42, 0x53, 0x43, 0x00, 0x27, 0x5c, 0xff,\n];\n',
  );
  assert.equal(formatBytes('python', vbsc), "data = b'VBSC\\x00\\'\\\\\\xff'\n");
  assert.equal(formatBytes('base64', vbsc), Buffer.from(vbsc).toString('base64'));
  for (let n = 0; n < 5; n++) {
    const b = Uint8Array.from({ length: n }, (_, i) => 250 + i);
    assert.equal(toBase64(b), Buffer.from(b).toString('base64'), `${n} bytes`);
  }
  // Longer than a line: 16 bytes per line in every array form.
  const long = Uint8Array.from({ length: 20 }, (_, i) => i);
  assert.equal(formatBytes('c', long).split('\n').length, 5);
  assert.equal(
    formatBytes('python', long),
    "data = (\n    b'\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\x09\\x0a\\x0b\\x0c\\x0d\\x0e\\x0f'\n    b'\\x10\\x11\\x12\\x13'\n)\n",
  );
});

test('paste reads back every byte format Copy As writes, and refuses what is none', () => {
  const long = Uint8Array.from({ length: 40 }, (_, i) => (i * 37) & 0xff);
  for (const b of [vbsc, long])
    for (const f of ['hex', 'c', 'rust', 'python'] as const)
      assert.deepEqual(parsePastedBytes(formatBytes(f, b)), b, f);
  assert.deepEqual([...parsePastedBytes('0x56,0x42 ; 53-43')!], [0x56, 0x42, 0x53, 0x43]);
  assert.deepEqual([...parsePastedBytes('[86, 66u8, 0x53]')!], [86, 66, 0x53]);
  assert.deepEqual([...parsePastedBytes("b'\\n\\t\\0A'")!], [10, 9, 0, 0x41]);
  for (const bad of ['', 'xyz', '565', '{ 256 }', '[0x100]', "b'\\q'", "b'é'"])
    assert.equal(parsePastedBytes(bad), undefined, bad);
});

test('.vmbhex: whole chunks copy as their text form, which assembles to the same bytes', () => {
  const bytes = exampleStream();
  const chunks = decodeBinary(bytes, { buffering: 'whole' }).chunks.map((c) => c.bytes);
  // CHANNEL_STATE and GPADL: chunks 3 and 4.
  const range = { start: EXAMPLE_STARTS[2], end: EXAMPLE_STARTS[4] };
  const r = copyAsVmbhex(bytes, range, chunks);
  assert.equal(r.wholeChunks, 2);
  assert.match(r.text, /^# chunk 1 @ 0x00000000, 192 bytes\n\.chunk CHANNEL_STATE seq=2/);
  assert.match(r.text, /^\.chunk GPADL$/m, 'the next sequence needs no seq=');
  assert.doesNotMatch(r.text, /^\.stream/m, 'no file preamble');
  const back = assembleText(r.text);
  assert.deepEqual(back.problems, []);
  assert.deepEqual(back.bytes, bytes.subarray(range.start, range.end));
});

test('.vmbhex: a partial selection copies as a .raw block with stream offsets', () => {
  const bytes = exampleStream();
  const chunks = decodeBinary(bytes, { buffering: 'whole' }).chunks.map((c) => c.bytes);
  const r = copyAsVmbhex(bytes, { start: 4, end: 24 }, chunks);
  assert.equal(r.wholeChunks, 0);
  assert.equal(
    r.text,
    `.raw\n  ${formatBytes('hex', bytes.subarray(4, 20))}  # 0x00000004\n  ${formatBytes('hex', bytes.subarray(20, 24)).padEnd(47)}  # 0x00000014\n.endraw\n`,
  );
  const back = assembleText(r.text);
  assert.deepEqual(back.bytes, bytes.subarray(4, 24));
});

test('status text: offset, selection length and the field under the caret', () => {
  const bytes = exampleStream();
  const a = toWire(analyze(decodeBinary(bytes, { buffering: 'chunk' })));
  // GPADL's GpadlId is the first payload field of chunk 4 (header 32 bytes).
  const at = EXAMPLE_STARTS[3] + 32;
  const one = describeCaret(a, { start: at, end: at + 1, caret: at }, bytes.length);
  assert.equal(one.text, '0x1F0 · GPADL › GpadlId');
  assert.match(one.tooltip, /call 4 › chunk 4 GPADL › Payload › GpadlId = 0x0000E001/);
  const sel = describeCaret(a, { start: 0, end: 32, caret: 31 }, bytes.length);
  assert.equal(sel.text, '0x1F · 32 bytes · BEGIN › HeaderCrc32c');
  assert.equal(describeCaret(a, { start: 600, end: 600, caret: 600 }, 600).text, '0x258 (end)');
  assert.equal(describeCaret(undefined, { start: 5, end: 6, caret: 5 }, 600).text, '0x5');
});

test('Select Range input: START-END, START..END, START +LENGTH; refusals say why', () => {
  assert.deepEqual(parseSelectRange('0x20-0x40', 600), { ok: true, start: 32, end: 64 });
  assert.deepEqual(parseSelectRange('32..64', 600), { ok: true, start: 32, end: 64 });
  assert.deepEqual(parseSelectRange('0x1C +4', 600), { ok: true, start: 28, end: 32 });
  assert.deepEqual(parseSelectRange('0x1C+0x4', 600), { ok: true, start: 28, end: 32 });
  const no = (s: string) => {
    const r = parseSelectRange(s, 600);
    assert.ok(!r.ok, s);
    return r.message;
  };
  assert.equal(no('0x40-0x20'), 'the range 0x40–0x20 holds no byte (END is excluded)');
  assert.equal(no('0 +601'), 'the range ends at 0x259, past the end of the file (0x258, 600 bytes)');
  assert.equal(no('zz-4'), '"zz" is not a decimal or 0x hex number');
  assert.match(no('12'), /^"12" is not a range: write START-END/);
});
