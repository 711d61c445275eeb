// Quick fixes for content findings of the emulated restore, over JSON-RPC: each test opens a
// malformed sample (its `.expect` lines removed) or a variant of one, takes the fix by title,
// checks its exact edits, applies them and re-analyses until the diagnostic is gone.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { applyEdits, fixture, LspClient } from './helpers/lspClient';

type R = { start: { line: number; character: number }; end: { line: number; character: number } };
const rng = (r: R) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** A malformed sample without its `.expect` lines (so only the restore's own findings remain). */
const sample = (name: string) =>
  fixture(`samples/malformed/${name}.vmbhex`)
    .text.split('\n')
    .filter((l) => !l.startsWith('.expect'))
    .join('\n');

/** Replace `from` (which must occur) in `text`. */
function swap(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `fixture contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

let n = 0;
const nextUri = () => `file:///virtual/quickfix${n++}.vmbhex`;

describe('quick fixes for content findings', () => {
  let c: LspClient;
  before(async () => {
    c = await LspClient.start();
  });
  after(() => c.stop());

  /**
   * Open `text`, find the diagnostic `code` at `range`, take the fix titled `title`, check its
   * edits, apply them, and return the fixed text and its diagnostics (the one fixed is gone).
   */
  async function fix(
    text: string,
    code: string,
    range: string,
    title: string,
    edits: [string, string][],
  ): Promise<{ fixed: string; after: Diagnostic[] }> {
    const uri = nextUri();
    const diags = await c.open(uri, text);
    const d = diags.find((x) => x.code === code);
    assert.ok(d, `${code} among ${diags.map((x) => x.code).join(', ')}`);
    assert.equal(rng(d.range), range);
    const all = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const a = all.find((x) => x.title === title);
    assert.ok(a, `fix "${title}" among ${all.map((x) => x.title).join(' | ')}`);
    assert.equal(a.kind, 'quickfix');
    assert.deepEqual(a.diagnostics, [d]);
    const e = a.edit!.changes![uri];
    assert.deepEqual(
      e.map((x) => [rng(x.range), x.newText]),
      edits,
    );
    const fixed = applyEdits(text, e);
    const after = await c.replace(uri, fixed);
    assert.ok(
      !after.some((x) => x.code === code),
      `${code} is gone after the fix: ${JSON.stringify(after.map((x) => [x.code, rng(x.range), x.message]))}`,
    );
    await c.close(uri);
    return { fixed, after };
  }

  const identity = sample('identity-mismatch');

  test('CONTENT-IDENTITY: set .channel instance= to the saved BEGIN value', async () => {
    const r = await fix(
      identity,
      'CONTENT-IDENTITY',
      '8:21-8:64',
      'Set .channel instance={11111111-2222-3333-4444-555555555555} (the saved BEGIN InterfaceInstance)',
      [['4:18-4:56', '{11111111-2222-3333-4444-555555555555}']],
    );
    assert.ok(r.fixed.includes('.channel instance={11111111-2222-3333-4444-555555555555}\n'));
    assert.deepEqual(r.after, []);
  });

  test("CONTENT-IDENTITY: set BEGIN's InterfaceInstance literal to the channel's", async () => {
    const r = await fix(
      identity,
      'CONTENT-IDENTITY',
      '8:21-8:64',
      "Set BEGIN InterfaceInstance to {11111111-2222-3333-4444-666666666666} (the channel's)",
      [['8:26-8:64', '{11111111-2222-3333-4444-666666666666}']],
    );
    assert.ok(r.fixed.includes('  InterfaceInstance: guid:{11111111-2222-3333-4444-666666666666}\n'));
    assert.deepEqual(r.after, []);
  });

  test('CONTENT-IDENTITY on SubchannelIndex: both fixes write the number', async () => {
    const text = swap(identity, '.channel instance={11111111-2222-3333-4444-666666666666}', '.channel subchannel=3');
    const a = await fix(
      text,
      'CONTENT-IDENTITY',
      '9:19-9:24',
      'Set .channel subchannel=0 (the saved BEGIN SubchannelIndex)',
      [['4:20-4:21', '0']],
    );
    assert.deepEqual(a.after, []);
    const b = await fix(text, 'CONTENT-IDENTITY', '9:19-9:24', "Set BEGIN SubchannelIndex to 3 (the channel's)", [
      ['9:23-9:24', '3'],
    ]);
    assert.deepEqual(b.after, []);
  });

  test('SEQ-AFTER-FINAL: delete the chunk block after the FINAL chunk', async () => {
    const text = sample('chunk-after-final');
    const r = await fix(
      text,
      'SEQ-AFTER-FINAL',
      '35:0-35:22',
      'Delete the END chunk (sequence 5) after the FINAL chunk',
      [['35:0-38:0', '']],
    );
    assert.equal(r.fixed.split('\n').filter((l) => l.startsWith('.chunk END')).length, 1);
    assert.deepEqual(r.after, []);
  });

  test('CONTENT-RING-GPADL, no GPADL with the ring id: set RingGpadlId to the Accepted GPADL', async () => {
    const r = await fix(
      sample('ring-gpadl-missing'),
      'CONTENT-RING-GPADL',
      '32:7-32:10',
      'Set RingGpadlId to 0x0000E002 (the Accepted GPADL)',
      [['21:34-21:40', '0x0000E002']],
    );
    assert.ok(r.fixed.includes('RingGpadlId: u32:0x0000E002'));
    assert.deepEqual(r.after, []);
  });

  test('CONTENT-RING-GPADL, ring GPADL not Accepted: set its State to u8:2', async () => {
    const text = swap(
      sample('ring-gpadl-missing'),
      'GpadlId: u32:0xE002  ChannelId: u32:17  State: u8:2',
      'GpadlId: u32:0xE001  ChannelId: u32:17  State: u8:1',
    );
    const r = await fix(
      text,
      'CONTENT-RING-GPADL',
      '32:7-32:10',
      'Set the State of GPADL 0x0000E001 to u8:2 (Accepted)',
      [['26:52-26:53', '2']],
    );
    assert.deepEqual(r.after, []);
  });

  test('UNSUP-TYPE: make the type optional (0x8000 | type), which restore skips with a warning', async () => {
    const r = await fix(
      sample('unknown-mandatory-type'),
      'UNSUP-TYPE',
      '25:7-25:13',
      'Make chunk type 0x0042 optional: 0x8042 (restore skips an unknown optional chunk with a warning)',
      [['25:7-25:13', '0x8042']],
    );
    assert.deepEqual(
      r.after.map((d) => [d.code, rng(d.range)]),
      [['WARN-OPTIONAL-TYPE', '25:7-25:13']],
    );
  });

  test("CONTENT-GPADL-CHANNEL: set the GPADL's ChannelId to the OFFER's", async () => {
    const r = await fix(
      sample('gpadl-wrong-channel'),
      'CONTENT-GPADL-CHANNEL',
      '26:34-26:40',
      "Set ChannelId to 17 (the OFFER's ChannelId)",
      [['26:38-26:40', '17']],
    );
    assert.deepEqual(r.after, []);
  });

  test('CONTENT-GPADL-DUP: delete the duplicate GPADL chunk block', async () => {
    const base = fixture('test/fixtures/lsp/base.vmbhex').text;
    const gpadl = [
      '.chunk GPADL',
      '  GpadlId: u32:0xE001  ChannelId: u32:17  State: u8:2  Reserved: u8:0',
      '  RangeCount: u16:1  RangeBufferWords: u32:auto',
      '  Range0: u32:0x4000 u32:0',
      '  Pfns: u64:0x1000 u64:0x1001 u64:0x1002 u64:0x1003',
      '.end',
      '',
    ].join('\n');
    const text = swap(base, gpadl, gpadl + gpadl);
    const r = await fix(text, 'CONTENT-GPADL-DUP', '33:11-33:21', 'Delete the duplicate GPADL 0x0000E001 chunk', [
      ['32:0-38:0', ''],
    ]);
    assert.equal(r.fixed, base);
    assert.deepEqual(r.after, []);
  });

  test('CONTENT-TXID-DUP: delete the duplicate PACKET, with its call when it holds nothing else', async () => {
    const packet = [
      '.chunk PACKET',
      '  TransactionId: u64:1  LibStateLength: u32:4  VspStateLength: u32:0',
      '  LibState: 01 02 03 04',
      '.end',
      '',
    ].join('\n');
    const clean =
      swap(sample('packet-without-callbacks'), '.channel packetCallbacks=no\n', '') +
      '\n.call\n.chunk END flags=FINAL\n  ChunkCount: u32:auto  EndFlags: u32:1  StreamCrc32c: u32:auto  Reserved: u32:0\n.end\n';
    const text = swap(
      clean,
      packet,
      packet +
        '.expect STATUS_MORE_PROCESSING_REQUIRED\n.call\n' +
        packet +
        '.expect STATUS_MORE_PROCESSING_REQUIRED\n',
    );
    const r = await fix(
      text,
      'CONTENT-TXID-DUP',
      '38:17-38:22',
      'Delete the duplicate PACKET chunk (TransactionId 1)',
      [['36:0-42:0', '']],
    );
    assert.equal(r.fixed, swap(clean, packet, packet + '.expect STATUS_MORE_PROCESSING_REQUIRED\n'));
    assert.deepEqual(r.after, []);
  });

  test('STATE-NOCALLBACKS: remove packetCallbacks=no from .channel', async () => {
    const r = await fix(
      sample('packet-without-callbacks'),
      'STATE-NOCALLBACKS',
      '32:7-32:13',
      'Remove packetCallbacks=no: register packet callbacks',
      [['4:8-4:27', '']],
    );
    assert.ok(r.fixed.includes('\n.channel\n'));
  });
});
