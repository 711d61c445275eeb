// Diagnostics and quick fixes over JSON-RPC: exact range, code, message and related locations
// from the emulated restore; each quick fix's edits, applied and re-analysed until its
// diagnostic is gone; and the settings that change what the server reports.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { applyEdits, fixture, LspClient } from './helpers/lspClient';

const base = fixture('test/fixtures/lsp/base.vmbhex');
const raw = fixture('test/fixtures/lsp/raw.vmbhex');

type R = { start: { line: number; character: number }; end: { line: number; character: number } };
const rng = (r: R) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const brief = (d: Diagnostic) => [d.code, rng(d.range), d.severity, d.source, d.message];

let n = 0;
const nextUri = () => `file:///virtual/diag${n++}.vmbhex`;

describe('diagnostics and quick fixes', () => {
  let c: LspClient;
  before(async () => {
    c = await LspClient.start();
  });
  after(() => c.stop());

  const actions = (uri: string, d: Diagnostic) =>
    c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });

  /**
   * Open `text`, find the diagnostic `code`, check it, take the fix titled `title`, check its
   * edits, apply them, and return the diagnostics of the fixed text.
   */
  async function fix(
    text: string,
    code: string,
    expected: unknown[],
    title: string,
    edits: [string, string][],
  ): Promise<{ fixed: string; after: Diagnostic[] }> {
    const uri = nextUri();
    const diags = await c.open(uri, text);
    const d = diags.find((x) => x.code === code);
    assert.ok(d, `${code} among ${diags.map((x) => x.code).join(', ')}`);
    assert.deepEqual(brief(d), expected);
    const all = await actions(uri, d);
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
      !after.some((x) => x.code === code && rng(x.range) === rng(d.range)),
      `${code} is gone after the fix: ${JSON.stringify(after.map(brief))}`,
    );
    await c.close(uri);
    return { fixed, after };
  }

  test('a well-formed document has no diagnostics', async () => {
    assert.deepEqual(await c.open(nextUri(), base.text), []);
  });

  test('CRC-PAYLOAD: the NTSTATUS in the message, related payload range; fix removes crc=', async () => {
    const text = base.text.replace('.chunk OFFER', '.chunk OFFER crc=0x12345678');
    const uri = nextUri();
    const diags = await c.open(uri, text);
    const failed = (call: number) =>
      `An earlier restore call failed; the channel stays failed until VmbChannelCleanup. → restore call ${call} returns STATUS_INVALID_DEVICE_STATE (0xC0000184).`;
    assert.deepEqual(diags.map(brief), [
      [
        'CRC-PAYLOAD',
        '12:13-12:27',
        1,
        'vmbstate',
        "Explicit `crc=0x12345678`: PayloadCrc32c is 0x12345678, the payload's CRC-32C is 0xD95DF84A. → restore call 1 returns STATUS_CRC_ERROR (0xC000003F).",
      ],
      [
        'EXPECT-MISMATCH',
        '17:0-17:39',
        1,
        'vmbstate',
        'Restore call 1 was expected to return STATUS_MORE_PROCESSING_REQUIRED (0xC0000016), returned STATUS_CRC_ERROR (0xC000003F) with CRC-PAYLOAD.',
      ],
      ['STATE-FAILED', '19:0-19:5', 1, 'vmbstate', failed(2)],
      [
        'EXPECT-MISMATCH',
        '32:0-32:39',
        1,
        'vmbstate',
        'Restore call 2 was expected to return STATUS_MORE_PROCESSING_REQUIRED (0xC0000016), returned STATUS_INVALID_DEVICE_STATE (0xC0000184) with STATE-FAILED.',
      ],
      ['STATE-FAILED', '34:0-34:5', 1, 'vmbstate', failed(3)],
      [
        'EXPECT-MISMATCH',
        '38:0-38:22',
        1,
        'vmbstate',
        'Restore call 3 was expected to return STATUS_SUCCESS (0x00000000), returned STATUS_INVALID_DEVICE_STATE (0xC0000184) with STATE-FAILED.',
      ],
    ]);
    assert.deepEqual(
      diags[0].relatedInformation!.map((r) => [r.location.uri, rng(r.location.range), r.message]),
      [[uri, '13:13-15:40', 'Payload covered by the CRC']],
    );
    assert.deepEqual(diags[0].data, { call: 0, chunk: 1, status: 0xc000003f, bytes: { start: 116, end: 120 } });
    await c.close(uri);
    const r = await fix(
      text,
      'CRC-PAYLOAD',
      brief(diags[0]),
      'Recompute PayloadCrc32c: remove crc=0x12345678 so it is computed',
      [['12:12-12:27', '']],
    );
    assert.equal(r.fixed, base.text);
    assert.deepEqual(r.after, []);
  });

  test('CRC-HEADER: fix removes hcrc=', async () => {
    const r = await fix(
      base.text.replace('.chunk OFFER', '.chunk OFFER hcrc=0x1'),
      'CRC-HEADER',
      [
        'CRC-HEADER',
        '12:13-12:21',
        1,
        'vmbstate',
        "Explicit `hcrc=0x00000001`: HeaderCrc32c is 0x00000001, the header's CRC-32C is 0xFBFE3E15. → restore call 1 returns STATUS_CRC_ERROR (0xC000003F).",
      ],
      'Recompute HeaderCrc32c: remove hcrc=0x1 so it is computed',
      [['12:12-12:21', '']],
    );
    assert.deepEqual(r.after, []);
  });

  test('CRC-HEADER in raw header bytes: range is the four digits pairs; fix rewrites them', async () => {
    const r = await fix(
      raw.text,
      'CRC-HEADER',
      [
        'CRC-HEADER',
        '5:38-5:49',
        1,
        'vmbstate',
        "HeaderCrc32c is 0xEFBEADDE, the header's CRC-32C is 0xD0ADD70D. → restore call 1 returns STATUS_CRC_ERROR (0xC000003F).",
      ],
      'Recompute HeaderCrc32c: write 0xD0ADD70D',
      [
        ['5:38-5:40', '0d'],
        ['5:41-5:43', 'd7'],
        ['5:44-5:46', 'ad'],
        ['5:47-5:49', 'd0'],
      ],
    );
    assert.deepEqual(r.after, []);
  });

  test('PayloadLength too short or too long: fix removes len=', async () => {
    const short = await fix(
      base.text.replace('.chunk OFFER', '.chunk OFFER len=100'),
      // CRC-PAYLOAD comes first in the check order; CONTENT-LENGTH on the same chunk is its consequence.
      'CRC-PAYLOAD',
      // The cause first, on the option itself (docs/format.md §4).
      [
        'CRC-PAYLOAD',
        '12:13-12:20',
        1,
        'vmbstate',
        "`len=100` sets PayloadLength to 100 but the payload is 140 bytes: PayloadCrc32c is 0xD95DF84A, the payload's CRC-32C is 0xB86DF47B. → restore call 1 returns STATUS_CRC_ERROR (0xC000003F).",
      ],
      'Fix PayloadLength: remove len=100 (the payload is 140 bytes)',
      [['12:12-12:20', '']],
    );
    assert.deepEqual(short.after, []);
    const long = await fix(
      base.text.replace('.chunk OFFER', '.chunk OFFER len=148'),
      'SIZE-PARTIAL',
      [
        'SIZE-PARTIAL',
        '12:13-12:20',
        1,
        'vmbstate',
        '`len=148` sets PayloadLength to 148 but the payload is 140 bytes: Chunk needs 184 bytes (header 32 + payload 148 + padding), the buffer holds 176: it ends inside this chunk. Restore buffers must hold whole chunks. → restore call 1 returns STATUS_INVALID_BUFFER_SIZE (0xC0000206).',
      ],
      'Fix PayloadLength: remove len=148 (the payload is 140 bytes)',
      [['12:12-12:20', '']],
    );
    assert.deepEqual(long.after, []);
  });

  test('SEQ-GAP: fix removes seq=, or renumbers every chunk', async () => {
    const one = await fix(
      base.text.replace('.chunk OFFER', '.chunk OFFER seq=7'),
      'SEQ-GAP',
      [
        'SEQ-GAP',
        '12:13-12:18',
        1,
        'vmbstate',
        'Explicit `seq=7`: Sequence 7, expected 1: 6 chunk(s) are missing before this OFFER. → restore call 1 returns STATUS_REQUEST_OUT_OF_SEQUENCE (0xC000042A).',
      ],
      'Renumber: remove seq=7 so the sequence follows the previous chunk',
      [['12:12-12:18', '']],
    );
    assert.deepEqual(one.after, []);
    const all = await fix(
      base.text
        .replace('.chunk OFFER', '.chunk OFFER seq=5')
        .replace('.chunk CHANNEL_STATE', '.chunk CHANNEL_STATE seq=6'),
      'SEQ-GAP',
      [
        'SEQ-GAP',
        '12:13-12:18',
        1,
        'vmbstate',
        'Explicit `seq=5`: Sequence 5, expected 1: 4 chunk(s) are missing before this OFFER. → restore call 1 returns STATUS_REQUEST_OUT_OF_SEQUENCE (0xC000042A).',
      ],
      'Renumber all chunks: remove 2 explicit seq= options',
      [
        ['12:12-12:18', ''],
        ['20:20-20:26', ''],
      ],
    );
    assert.deepEqual(all.after, []);
  });

  test('FRAME-FINAL: clear FINAL on OFFER, set FINAL on END', async () => {
    const clear = await fix(
      base.text.replace('.chunk OFFER', '.chunk OFFER flags=FINAL'),
      'FRAME-FINAL',
      [
        'FRAME-FINAL',
        '12:13-12:24',
        1,
        'vmbstate',
        'FINAL is set on a OFFER chunk; only END carries FINAL. → restore call 1 returns STATUS_DATA_ERROR (0xC000003E).',
      ],
      'Clear FINAL on OFFER: remove flags=FINAL',
      [['12:12-12:24', '']],
    );
    assert.deepEqual(clear.after, []);
    const keep = await fix(
      base.text.replace('.chunk OFFER', '.chunk OFFER flags=FINAL|CONTINUES'),
      'FRAME-FINAL',
      [
        'FRAME-FINAL',
        '12:13-12:34',
        1,
        'vmbstate',
        'FINAL is set on a OFFER chunk; only END carries FINAL. → restore call 1 returns STATUS_DATA_ERROR (0xC000003E).',
      ],
      'Clear FINAL on OFFER: flags=CONTINUES',
      [['12:19-12:34', 'CONTINUES']],
    );
    assert.ok(keep.fixed.includes('.chunk OFFER flags=CONTINUES\n'));
    const set = await fix(
      base.text.replace('.chunk END flags=FINAL', '.chunk END flags=none'),
      'FRAME-FINAL',
      [
        'FRAME-FINAL',
        '35:11-35:21',
        1,
        'vmbstate',
        'END must carry the FINAL flag. → restore call 3 returns STATUS_DATA_ERROR (0xC000003E).',
      ],
      'Set FINAL on END: remove flags=none',
      [['35:10-35:21', '']],
    );
    assert.deepEqual(set.after, []);
  });

  test('EOF-TRUNCATED: fix inserts the END chunk as a call of its own after the last .expect', async () => {
    const text = base.text.slice(0, base.text.indexOf('\n.call\n.chunk END') + 1);
    const r = await fix(
      text,
      'EOF-TRUNCATED',
      [
        'EOF-TRUNCATED',
        '32:0-32:39',
        1,
        'vmbstate',
        'The input ends after restore call 2 returned STATUS_MORE_PROCESSING_REQUIRED (0xC0000016): restore still expects more chunks (an END chunk with FINAL). [STATUS_END_OF_FILE (0xC0000011)]',
      ],
      'Insert the missing END chunk (FINAL)',
      [
        [
          '32:39-32:39',
          '\n.call\n.chunk END flags=FINAL\n  ChunkCount: u32:auto  EndFlags: u32:1  StreamCrc32c: u32:auto  Reserved: u32:0\n.end',
        ],
      ],
    );
    assert.deepEqual(r.after, []);
  });

  test('EXPECT-MISMATCH: fix writes the status (and diagnostic) actually returned', async () => {
    const r = await fix(
      base.text.replace('.expect STATUS_SUCCESS', '.expect STATUS_CRC_ERROR diag=CRC-PAYLOAD'),
      'EXPECT-MISMATCH',
      [
        'EXPECT-MISMATCH',
        '38:0-38:41',
        1,
        'vmbstate',
        'Restore call 3 was expected to return STATUS_CRC_ERROR (0xC000003F) with CRC-PAYLOAD, returned STATUS_SUCCESS (0x00000000).',
      ],
      'Expect STATUS_SUCCESS (0x00000000) (what the call returned)',
      [
        ['38:8-38:24', 'STATUS_SUCCESS'],
        ['38:24-38:41', ''],
      ],
    );
    assert.deepEqual(r.after, []);
    // The other way: a broken call whose .expect is then corrected keeps its failure as info.
    const broken = base.text.replace('.chunk OFFER', '.chunk OFFER crc=0x1');
    const r2 = await fix(
      broken,
      'EXPECT-MISMATCH',
      [
        'EXPECT-MISMATCH',
        '17:0-17:39',
        1,
        'vmbstate',
        'Restore call 1 was expected to return STATUS_MORE_PROCESSING_REQUIRED (0xC0000016), returned STATUS_CRC_ERROR (0xC000003F) with CRC-PAYLOAD.',
      ],
      'Expect STATUS_CRC_ERROR (0xC000003F) (what the call returned)',
      [['17:8-17:39', 'STATUS_CRC_ERROR']],
    );
    const crc = r2.after.find((d) => d.code === 'CRC-PAYLOAD')!;
    assert.equal(crc.severity, 3, 'a failure the .expect asserts is information');
    assert.match(crc.message, /\(expected by \.expect\)$/);
  });

  test('CRC-STREAM and CONTENT-CHUNKCOUNT: fix writes u32:auto', async () => {
    const s = await fix(
      base.text.replace('StreamCrc32c: u32:auto', 'StreamCrc32c: u32:0x1234'),
      'CRC-STREAM',
      [
        'CRC-STREAM',
        '36:55-36:65',
        1,
        'vmbstate',
        'StreamCrc32c is 0x00001234, the CRC-32C of the 4 preceding chunks is 0xD2BA1A25. → restore call 3 returns STATUS_CRC_ERROR (0xC000003F).',
      ],
      'Compute StreamCrc32c: write u32:auto',
      [['36:59-36:65', 'auto']],
    );
    assert.deepEqual(s.after, []);
    const k = await fix(
      base.text.replace('ChunkCount: u32:auto  EndFlags', 'ChunkCount: u32:9  EndFlags'),
      'CONTENT-CHUNKCOUNT',
      [
        'CONTENT-CHUNKCOUNT',
        '36:14-36:19',
        1,
        'vmbstate',
        'END says ChunkCount 9; 5 chunks were restored, END included. → restore call 3 returns STATUS_FILE_CORRUPT_ERROR (0xC0000102).',
      ],
      'Compute ChunkCount: write u32:auto',
      [['36:18-36:19', 'auto']],
    );
    assert.deepEqual(k.after, []);
  });

  test('explicit options at fault: magic=, version=, .call size=, .truncate, .channel state=', async () => {
    const cases: [string, string, string, [string, string][]][] = [
      [
        base.text.replace('.chunk OFFER', '.chunk OFFER magic=0x43534257'),
        'FRAME-MAGIC',
        'Remove magic=0x43534257: use the default',
        [['12:12-12:29', '']],
      ],
      [
        base.text.replace('.chunk BEGIN', '.chunk BEGIN version=2.0'),
        'VER-MAJOR',
        'Remove version=2.0: use the default',
        [['4:12-4:24', '']],
      ],
      [
        base.text.replace('\n.call\n.chunk CHANNEL_STATE', '\n.call size=0\n.chunk CHANNEL_STATE'),
        'ARG-SIZE0',
        'Remove size=0: pass the buffer as written',
        [['19:5-19:12', '']],
      ],
      [
        base.text.replace(
          '.end\n.expect STATUS_MORE_PROCESSING_REQUIRED\n\n.call\n.chunk END',
          '.end\n.truncate 8\n.expect STATUS_MORE_PROCESSING_REQUIRED\n\n.call\n.chunk END',
        ),
        'SIZE-PARTIAL',
        'Remove .truncate 8: keep the chunk whole',
        [['32:0-33:0', '']],
      ],
      [
        '.channel state=Enabled\n' + base.text,
        'STATE-ENABLED',
        'Restore into a disabled channel: state=Disabled',
        [['0:15-0:22', 'Disabled']],
      ],
    ];
    for (const [text, code, title, edits] of cases) {
      const uri = nextUri();
      const d = (await c.open(uri, text)).find((x) => x.code === code);
      assert.ok(d, code);
      await c.close(uri);
      const r = await fix(text, code, brief(d), title, edits);
      assert.deepEqual(r.after, [], `${code}: ${JSON.stringify(r.after.map(brief))}`);
    }
  });

  test('text-form errors carry their TEXT-* code and exact range', async () => {
    const uri = nextUri();
    const diags = await c.open(
      uri,
      base.text
        .replace('ChannelId: u32:17  ConnectionId', 'ChannelId: u32:0x1FFFFFFFF  ConnectionId')
        .replace('.chunk GPADL', '.chunk GPADL bogus=1'),
    );
    const text = diags.filter((d) => String(d.code).startsWith('TEXT-'));
    assert.deepEqual(
      text.map((d) => [d.code, rng(d.range)]),
      [
        ['TEXT-RANGE', '13:17-13:28'],
        ['TEXT-OPTION', '26:13-26:18'],
      ],
    );
    await c.close(uri);
  });

  test('incremental edits are applied and re-analysed', async () => {
    const uri = nextUri();
    assert.deepEqual(await c.open(uri, base.text), []);
    // Break the OFFER's ChannelId digit by digit: "17" → "1" then back.
    // Two edits in a row (ChannelId 17 → 16, then seq=3 on OFFER), analysed once they settle.
    let v = await c.change(uri, [
      { range: { start: { line: 13, character: 17 }, end: { line: 13, character: 19 } }, text: '16' },
    ]);
    v = await c.change(uri, [
      { range: { start: { line: 12, character: 12 }, end: { line: 12, character: 12 } }, text: ' seq=3' },
    ]);
    const d = await c.diagnosticsFor(uri, v);
    assert.deepEqual(d.slice(0, 1).map(brief), [
      [
        'SEQ-GAP',
        '12:13-12:18',
        1,
        'vmbstate',
        'Explicit `seq=3`: Sequence 3, expected 1: 2 chunk(s) are missing before this OFFER. → restore call 1 returns STATUS_REQUEST_OUT_OF_SEQUENCE (0xC000042A).',
      ],
    ]);
    v = await c.change(uri, [
      { range: { start: { line: 12, character: 12 }, end: { line: 12, character: 18 } }, text: '' },
    ]);
    const d2 = await c.diagnosticsFor(uri, v);
    assert.deepEqual(d2.slice(0, 1).map(brief), [
      [
        'CONTENT-GPADL-CHANNEL',
        '27:34-27:40',
        1,
        'vmbstate',
        'GPADL 0x0000E001 names ChannelId 17; the offered channel is 16. → restore call 2 returns STATUS_FILE_CORRUPT_ERROR (0xC0000102).',
      ],
    ]);
    await c.change(uri, [
      { range: { start: { line: 13, character: 17 }, end: { line: 13, character: 19 } }, text: '17' },
    ]);
    assert.deepEqual(await c.diagnosticsFor(uri), []);
    await c.close(uri);
  });
});

describe('settings', () => {
  const optional = base.text
    .replace('ChunkCount: u32:5', 'ChunkCount: u32:auto')
    .replace(
      '.expect STATUS_MORE_PROCESSING_REQUIRED\n\n.call\n.chunk CHANNEL_STATE',
      '.expect STATUS_MORE_PROCESSING_REQUIRED\n\n.call\n.chunk 0x8123\n  01 02 03 04\n.end\n.chunk CHANNEL_STATE',
    );
  const packet = base.text
    .replace('ChunkCount: u32:5', 'ChunkCount: u32:auto')
    .replace(
      '.expect STATUS_MORE_PROCESSING_REQUIRED\n\n.call\n.chunk END',
      '.chunk PACKET\n  TransactionId: u64:1  LibStateLength: u32:0  VspStateLength: u32:0\n.end\n.expect STATUS_MORE_PROCESSING_REQUIRED\n\n.call\n.chunk END',
    );

  test('maxProblems caps the diagnostics; warnUnknownOptionalChunks and inlayHints.enabled (pushed by didChangeConfiguration)', async () => {
    const c = await LspClient.start({ settings: { maxProblems: 2 } });
    try {
      const uri = nextUri();
      const diags = await c.open(uri, base.text.replace('.chunk OFFER', '.chunk OFFER crc=0x1'));
      assert.deepEqual(
        diags.map((d) => d.code),
        ['CRC-PAYLOAD', 'EXPECT-MISMATCH'],
      );
      const opt = nextUri();
      const w = await c.open(opt, optional);
      assert.deepEqual(w.map(brief), [
        [
          'WARN-OPTIONAL-TYPE',
          '20:7-20:13',
          2,
          'vmbstate',
          'Chunk type 0x8123 is unknown and optional: restore skips it.',
        ],
      ]);
      const range = { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } };
      assert.ok(
        (await c.request<unknown[]>('textDocument/inlayHint', { textDocument: { uri: opt }, range })).length > 0,
      );
      const before = c.published(opt);
      await c.conn.sendNotification('workspace/didChangeConfiguration', {
        settings: { vmbstate: { warnUnknownOptionalChunks: false, maxProblems: 2, inlayHints: { enabled: false } } },
      });
      assert.deepEqual(await c.nextDiagnostics(opt, before), []);
      assert.deepEqual(await c.request('textDocument/inlayHint', { textDocument: { uri: opt }, range }), []);
    } finally {
      await c.stop();
    }
  });

  test('channel.initialState and channel.packetCallbacks apply to text without .channel (pulled by workspace/configuration)', async () => {
    const c = await LspClient.start({ pullSettings: { channel: { initialState: 'Enabled', packetCallbacks: false } } });
    try {
      const uri = nextUri();
      const enabled = await c.open(uri, base.text);
      const state = enabled.find((d) => d.code === 'STATE-ENABLED');
      assert.ok(state, JSON.stringify(enabled.map(brief)));
      assert.match(state.message, /STATUS_INVALID_DEVICE_STATE \(0xC0000184\)/);
      // The state comes from the settings: the fix disables the channel before the first call.
      const [a] = await c.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: state.range,
        context: { diagnostics: [state] },
      });
      assert.equal(a.title, 'Insert .op Disable before the first restore call');
      assert.deepEqual(a.edit!.changes![uri], [
        { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: '.op Disable\n' },
      ]);
      assert.deepEqual(await c.replace(uri, applyEdits(base.text, a.edit!.changes![uri])), []);
      // A .channel directive wins over the settings.
      const own = await c.open(nextUri(), '.channel state=Disabled\n' + packet.replace(/^# .*\n/, ''));
      assert.deepEqual(own, []);
    } finally {
      await c.stop();
    }
    const d = await LspClient.start({ settings: { channel: { packetCallbacks: false } } });
    try {
      const diags = await d.open(nextUri(), packet);
      assert.ok(
        diags.some((x) => x.code === 'STATE-NOCALLBACKS'),
        JSON.stringify(diags.map(brief)),
      );
    } finally {
      await d.stop();
    }
  });

  test('statusProfile vid maps content failures to STATUS_VID_SAVED_STATE_CORRUPT', async () => {
    const c = await LspClient.start({ settings: { statusProfile: 'vid' } });
    try {
      const diags = await c.open(
        nextUri(),
        base.text.replace('ChunkCount: u32:auto  EndFlags', 'ChunkCount: u32:9  EndFlags'),
      );
      const k = diags.find((x) => x.code === 'CONTENT-CHUNKCOUNT')!;
      assert.equal(
        k.message,
        'END says ChunkCount 9; 5 chunks were restored, END included. → restore call 3 returns STATUS_VID_SAVED_STATE_CORRUPT (0xC0370027).',
      );
    } finally {
      await c.stop();
    }
  });
});
