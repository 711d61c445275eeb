// The language server's editor features on real documents, over JSON-RPC: symbols, hover,
// completion, semantic tokens, folding, inlay hints and formatting.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  CompletionList,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
  SemanticTokens,
  TextEdit,
} from 'vscode-languageserver/node';
import { assembleText } from '../../core/src';
import { LEGEND } from '../../server/src/semanticTokens';
import { applyEdits, fixture, LspClient } from './helpers/lspClient';

const base = fixture('test/fixtures/lsp/base.vmbhex');
const raw = fixture('test/fixtures/lsp/raw.vmbhex');

type P = { line: number; character: number };
const pos = (line: number, character: number): P => ({ line, character });
const rng = (r: { start: P; end: P }) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

describe('language server features', () => {
  let c: LspClient;
  before(async () => {
    c = await LspClient.start();
    assert.deepEqual(await c.open(base.uri, base.text), []);
    await c.open(raw.uri, raw.text);
  });
  after(() => c.stop());

  const hover = async (uri: string, line: number, character: number) => {
    const h = await c.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: pos(line, character),
    });
    // Lines of a paragraph end in a markdown hard break ("  "); the assertions read them as plain lines.
    return h
      ? {
          range: h.range ? rng(h.range) : '',
          text: (h.contents as { value: string }).value.replace(/ {2}\n/g, '\n'),
          raw: (h.contents as { value: string }).value,
        }
      : null;
  };

  test('symbols: calls → chunks → Header and payload fields, with detail and ranges', async () => {
    const syms = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: base.uri } });
    const outline = (s: DocumentSymbol[]): unknown[] =>
      s.map((x) => [x.name, x.detail, rng(x.range), rng(x.selectionRange)]);
    assert.deepEqual(outline(syms), [
      ['call 1', '2 chunks · 272 B · STATUS_MORE_PROCESSING_REQUIRED', '3:0-17:39', '3:0-3:5'],
      ['call 2', '2 chunks · 280 B · STATUS_MORE_PROCESSING_REQUIRED', '19:0-32:39', '19:0-19:5'],
      ['call 3', '1 chunk · 48 B · STATUS_SUCCESS', '34:0-38:22', '34:0-34:5'],
    ]);
    assert.deepEqual(outline(syms[0].children!), [
      ['BEGIN', 'seq 0 · 64 B · STATUS_MORE_PROCESSING_REQUIRED', '4:0-11:4', '4:0-4:12'],
      ['OFFER', 'seq 1 · 140 B · STATUS_MORE_PROCESSING_REQUIRED', '12:0-16:4', '12:0-12:12'],
    ]);
    assert.deepEqual(outline(syms[1].children!), [
      ['CHANNEL_STATE', 'seq 2 · 160 B · STATUS_MORE_PROCESSING_REQUIRED', '20:0-25:4', '20:0-20:20'],
      ['GPADL', 'seq 3 · 56 B · STATUS_MORE_PROCESSING_REQUIRED', '26:0-31:4', '26:0-26:12'],
    ]);
    assert.deepEqual(outline(syms[2].children!), [['END', 'seq 4 · 16 B · STATUS_SUCCESS', '35:0-37:4', '35:0-35:22']]);
    const offer = syms[0].children![1];
    assert.deepEqual(
      offer.children!.map((x) => x.name),
      [
        'Header',
        'ChannelId',
        'ConnectionId',
        'MonitorId',
        'MonitorAllocated',
        'IsDedicated',
        'OfferFlags',
        'MmioMegabytes',
        'MmioMegabytesOptional',
        'Reserved',
        'UserDefined',
      ],
    );
    const header = offer.children![0];
    assert.deepEqual(
      header.children!.map((x) => `${x.name}=${x.detail}`),
      [
        'Magic=4 bytes · "VBSC"',
        'HeaderSize=32',
        'VersionMajor=1',
        'VersionMinor=0',
        'Reserved0=0',
        'Type=0x0002 (2) · OFFER',
        'Flags=0x0000 (0) · none',
        'Sequence=0x00000001 (1)',
        'PayloadLength=0x0000008C (140)',
        'PayloadCrc32c=0xD95DF84A (3646814282)',
        'Reserved1=0x00000000 (0)',
        'HeaderCrc32c=0xFBFE3E15 (4227743253)',
      ],
    );
    assert.deepEqual(outline([offer.children![1], offer.children![3]]), [
      ['ChannelId', '0x00000011 (17)', '13:2-13:19', '13:2-13:12'],
      ['MonitorId', '255 · none', '13:43-13:61', '13:43-13:53'],
    ]);
    // Groups nest: CHANNEL_STATE's OpenParams, GPADL's Range0 (labelled by the group's label).
    const cs = syms[1].children![0];
    const open = cs.children!.find((x) => x.name === 'OpenParams')!;
    assert.deepEqual([open.detail, rng(open.range), open.children!.length], ['152 B', '22:2-24:20', 10]);
    const range0 = syms[1].children![1].children!.find((x) => x.name === 'Range0')!;
    assert.deepEqual(outline([range0]), [['Range0', '40 B', '29:2-30:51', '29:2-29:9']]);
    assert.deepEqual(outline(range0.children!.slice(0, 3)), [
      ['ByteCount', '0x00004000 (16384)', '29:10-29:20', '29:10-29:20'],
      ['ByteOffset', '0x00000000 (0)', '29:21-29:26', '29:21-29:26'],
      ['Pfn0', '0x0000000000001000 (4096)', '30:8-30:18', '30:8-30:18'],
    ]);
  });

  test('hover on a literal and on its label: field, offset, bytes, value', async () => {
    const field =
      '**ChannelId** · u32 — chunk 2 OFFER (seq 1), call 1\n\nStream offset 0x0080 (128) · payload offset 0 · 4 byte(s)\nBytes: `11 00 00 00`\nValue: `0x00000011` (17)';
    const h1 = await hover(base.uri, 13, 16);
    assert.deepEqual({ range: h1!.range, text: h1!.text }, { range: '13:13-13:19', text: field });
    assert.match(
      h1!.raw,
      /· 4 byte\(s\) {2}\nBytes: `11 00 00 00` {2}\nValue:/,
      'lines of a paragraph end in a hard break',
    );
    const h2 = await hover(base.uri, 13, 4);
    assert.deepEqual({ range: h2!.range, text: h2!.text }, { range: '13:2-13:12', text: field });
    const state = await hover(base.uri, 21, 11);
    assert.match(state!.text, /^\*\*State\*\* · u8 — chunk 3 CHANNEL_STATE \(seq 2\), call 2\n/);
    assert.match(state!.text, /Value: `0x02` \(2\) — \*\*Open\*\*/);
    const guid = await hover(base.uri, 5, 30);
    assert.match(guid!.text, /GUID: `\{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f\}`/);
    assert.match(guid!.text, /Bytes: `d9 63 61 ba a1 04 29 4d b6 05 72 e2 ff b1 dc 7f`/);
  });

  test('hover on a .chunk line: kind, sequence, length, CRCs stored vs computed, call status and the NT_SUCCESS trap', async () => {
    const h = await hover(base.uri, 12, 8);
    assert.equal(h!.range, '12:7-12:12');
    assert.equal(
      h!.text,
      [
        '**chunk 2 OFFER** — call 1',
        '',
        'Type `0x0002` (mandatory) — The channel offer: channel id, connection id, monitor, MMIO and 120 bytes of user-defined offer data.',
        'seq 1 · PayloadLength 140 B · chunk 176 B at stream offset 0x0060 (96)',
        'Flags `0x0000`: none · version 1.0 · HeaderSize 32',
        'Header CRC-32C: stored `0xFBFE3E15` · computed `0xFBFE3E15` — match',
        'Payload CRC-32C: stored `0xD95DF84A` · computed `0xD95DF84A` — match',
        '',
        'Restore call 1 (VmbChannelRestoreFromBuffer, 272 bytes) returned **STATUS_MORE_PROCESSING_REQUIRED (0xC0000016)**',
        '',
        // The meaning without its NT_SUCCESS sentence: the trap note below says it (once).
        'The chunks were restored and more chunks were saved: call VmbChannelRestoreFromBuffer again with the next buffer.',
        '',
        'Severity: error · NT_SUCCESS: FALSE',
        '',
        '**NT_SUCCESS trap:** STATUS_MORE_PROCESSING_REQUIRED is 0xC0000016, an error-severity value, so `NT_SUCCESS(status)` is FALSE, yet it means progress: the chunks were restored and more are expected. Code that does `if (!NT_SUCCESS(status)) fail;` treats a healthy restore as a failure; test for this status first and call VmbChannelRestoreFromBuffer again with the next buffer.',
        '',
        'Matches its `.expect STATUS_MORE_PROCESSING_REQUIRED (0xC0000016)`.',
      ].join('\n'),
    );
    // The directive itself: its documentation, then the same chunk summary.
    const d = await hover(base.uri, 12, 2);
    assert.match(d!.text, /^`\.chunk TYPE \[seq=\]/);
    assert.match(d!.text, /\*\*chunk 2 OFFER\*\* — call 1/);
    // An option: its documentation and the header field it sets, flags by bit.
    const f = await hover(base.uri, 35, 14);
    assert.equal(f!.range, '35:11-35:22');
    assert.match(f!.text, /^`flags=` — Flags: FINAL \(bit 0, END only\)/);
    assert.match(f!.text, /\*\*Flags\*\* · u16 — header of chunk 5 END \(seq 4\), call 3/);
    assert.match(f!.text, /- bit 0 FINAL: set \(END must carry it\)\n- bit 1 CONTINUES: clear/);
  });

  test('hover on a status in .expect explains it; STATUS_MORE_PROCESSING_REQUIRED explains the NT_SUCCESS trap once', async () => {
    const more = await hover(base.uri, 17, 10);
    assert.equal(more!.range, '17:8-17:39');
    assert.match(more!.text, /^\*\*STATUS_MORE_PROCESSING_REQUIRED \(0xC0000016\)\*\*\n/);
    assert.equal(more!.text.split('**NT_SUCCESS trap:**').length, 2);
    assert.match(
      more!.text,
      /Restore call 1 returned \*\*STATUS_MORE_PROCESSING_REQUIRED \(0xC0000016\)\*\* — as expected\.$/,
    );
    const ok = await hover(base.uri, 38, 12);
    assert.equal(
      ok!.text,
      '**STATUS_SUCCESS (0x00000000)**\n\nRestore finished: the final chunk was consumed and the channel state is complete.\n\nSeverity: success · NT_SUCCESS: TRUE\n\nRestore call 3 returned **STATUS_SUCCESS (0x00000000)** — as expected.',
    );
    const dir = await hover(base.uri, 3, 1);
    assert.match(dir!.text, /^`\.call \[buffer=null\] \[size=N\]`\n\nStarts one VmbChannelRestoreFromBuffer call/);
    assert.equal(await hover(base.uri, 0, 5), null, 'no hover in comments');
  });

  test('hover on .channel, .stream and .op: the settings in effect and what the operation did', async () => {
    const uri = 'file:///virtual/ops.vmbhex';
    const text =
      '.stream version=1.0 maxpayload=0x8000\n.channel state=Enabled profile=vid\n.op Disable\n.op Start\n' +
      base.text.split('\n').slice(3).join('\n');
    await c.open(uri, text);
    const lastLine = async (line: number) => (await hover(uri, line, 2))!.text.split('\n').pop();
    assert.equal(await lastLine(0), 'In effect: version 1.0 · maxpayload 0x00008000 (32768)');
    assert.equal(await lastLine(1), 'In effect: state Enabled · handle valid · packet callbacks yes · profile vid');
    assert.equal(await lastLine(2), 'Disable: Enabled → Disabled, restore Idle.');
    assert.match((await lastLine(3))!, /^\*\*Refused\*\* — Start ignored: /);
    await c.close(uri);
  });

  test('hover on bare hex bytes: the exact byte and its field, CRC mismatch shown', async () => {
    const magic = await hover(raw.uri, 4, 5);
    assert.deepEqual(magic!.text.split('\n').slice(0, 6), [
      '**Magic** · bytes — header of chunk 1 BEGIN (seq 0), call 1',
      '',
      'Stream offset 0x0000 (0) · header offset 0 · 4 byte(s)',
      'Bytes: `56 42 53 43`',
      'This byte: 0x0001 (1) = `42` (field byte 1)',
      'Value: 4 bytes — "VBSC"',
    ]);
    const crc = await hover(raw.uri, 5, 44);
    assert.match(crc!.text, /^\*\*HeaderCrc32c\*\* · u32 — header of chunk 1 BEGIN \(seq 0\), call 1\n/);
    assert.match(
      crc!.text,
      /Bytes: `de ad be ef`\nValue: `0xEFBEADDE` \(4022250974\)\nStored `0xEFBEADDE` · computed `0xD0ADD70D` — \*\*mismatch\*\*/,
    );
    assert.match(crc!.text, /⚠ CRC-HEADER: HeaderCrc32c is 0xEFBEADDE, the header's CRC-32C is 0xD0ADD70D\./);
  });

  test('completion: directives and chunk snippets, types, options and values, statuses, labels, literal prefixes, enum values', async () => {
    const uri = 'file:///virtual/completion.vmbhex';
    const text = [
      '.stream version=1.0',
      '.ch',
      '.chunk ',
      '.chunk OFFER fl',
      '.chunk OFFER flags=FINAL|',
      '.expect STA',
      '.chunk GPADL',
      '  GpadlId: u32:1  ',
      '  State: u8:',
      '  RangeBufferWords: u32:',
      '  RangeCount: ',
      '.end',
      '.channel state=',
      '.expect STATUS_CRC_ERROR diag=',
    ].join('\n');
    await c.open(uri, text);
    const complete = async (line: number, character: number, trigger?: string) =>
      (
        await c.request<CompletionList>('textDocument/completion', {
          textDocument: { uri },
          position: pos(line, character),
          ...(trigger ? { context: { triggerKind: 2, triggerCharacter: trigger } } : {}),
        })
      ).items;
    const dirs = await complete(1, 3);
    assert.deepEqual(
      dirs.filter((i) => i.kind === 14).map((i) => i.label),
      [
        '.stream',
        '.channel',
        '.op',
        '.call',
        '.expect',
        '.expect-end',
        '.chunk',
        '.end',
        '.raw',
        '.endraw',
        '.truncate',
        '.save-begin',
        '.save',
        '.save-end',
        '.schema',
      ],
    );
    const snippet = dirs.find((i) => i.label === '.chunk END …')!;
    assert.equal(
      snippet.textEdit && 'newText' in snippet.textEdit ? snippet.textEdit.newText : '',
      '.chunk END flags=FINAL\n  ChunkCount: u32:auto\n  EndFlags: u32:${1:1}\n  StreamCrc32c: u32:auto\n  Reserved: u32:${2:0}\n.end\n$0',
    );
    assert.equal(dirs.filter((i) => i.kind === 15).length, 9, 'a snippet per chunk type');
    assert.deepEqual(
      (await complete(2, 7, ' ')).map((i) => i.label),
      ['BEGIN', 'OFFER', 'CHANNEL_STATE', 'GPADL', 'PACKET', 'PENDING_MESSAGE', 'END', 'NOTE', 'RING'],
    );
    assert.deepEqual(
      (await complete(3, 15)).map((i) => i.label),
      ['seq=', 'flags=', 'len=', 'crc=', 'hcrc=', 'magic=', 'version=', 'hsize=', 'pad=', 'reserved0=', 'reserved1='],
    );
    const flags = await complete(4, 25, '|');
    assert.deepEqual(
      flags.map((i) => i.label),
      ['FINAL', 'CONTINUES'],
    );
    assert.deepEqual(flags[1].textEdit, { range: { start: pos(4, 25), end: pos(4, 25) }, newText: 'CONTINUES' });
    const statuses = await complete(5, 11);
    assert.equal(statuses.length, 22);
    assert.deepEqual(statuses.find((i) => i.label === 'STATUS_MORE_PROCESSING_REQUIRED')!.detail, '0xC0000016');
    const labels = await complete(7, 18);
    assert.equal(labels.find((i) => i.preselect)!.label, 'ChannelId:', 'the next field of the layout comes first');
    assert.deepEqual(
      labels.filter((i) => i.kind === 5).map((i) => i.label),
      [
        'GpadlId:',
        'ChannelId:',
        'State:',
        'Reserved:',
        'RangeCount:',
        'RangeBufferWords:',
        'ByteCount:',
        'ByteOffset:',
        'Pfns:',
      ],
    );
    assert.deepEqual(
      (await complete(8, 12, ':')).map((i) => `${i.label}=${i.detail}`),
      ['0=InProgress', '1=Offered', '2=Accepted', '3=TearingDown'],
    );
    assert.deepEqual(
      (await complete(9, 25, ':')).map((i) => i.label),
      ['auto'],
    );
    const prefixes = await complete(10, 14);
    assert.equal(prefixes.find((i) => i.preselect)!.label, 'u16:', 'the layout type of the label comes first');
    assert.equal(prefixes.length, 16);
    assert.deepEqual(
      (await complete(12, 15, '=')).map((i) => i.label),
      ['Disabled', 'Enabled', 'Started', 'Paused'],
    );
    const diags = await complete(13, 30, '=');
    assert.ok(diags.some((i) => i.label === 'CRC-PAYLOAD' && i.detail === 'STATUS_CRC_ERROR'));
    await c.close(uri);
  });

  test('semantic tokens: header vs payload bytes, directives, labels, comments, problem bytes', async () => {
    const t = await c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: raw.uri } });
    const types = LEGEND.tokenTypes;
    const mods = LEGEND.tokenModifiers;
    const decoded: string[] = [];
    let line = 0;
    let ch = 0;
    for (let i = 0; i < t.data.length; i += 5) {
      line += t.data[i];
      ch = t.data[i] ? t.data[i + 1] : ch + t.data[i + 1];
      const m = mods.filter((_, k) => t.data[i + 4] & (1 << k));
      decoded.push(`${line}:${ch}+${t.data[i + 2]} ${types[t.data[i + 3]]}${m.length ? '.' + m.join('.') : ''}`);
    }
    const on = (l: number) => decoded.filter((d) => d.startsWith(`${l}:`));
    assert.deepEqual(on(0), ['0:0+87 comment']);
    assert.deepEqual(on(3), ['3:0+4 keyword']);
    // A row of header bytes is one token; the broken HeaderCrc32c bytes carry the problem modifier.
    assert.deepEqual(on(4), ['4:2+47 macro.header']);
    assert.deepEqual(on(5), ['5:2+35 macro.header', '5:38+11 macro.header.problem']);
    assert.deepEqual(on(6), ['6:2+47 number.payload']);
    assert.deepEqual(on(11), [
      '11:0+6 keyword',
      '11:7+5 enumMember',
      '11:13+3 parameter',
      '11:16+1 operator',
      '11:17+1 number',
    ]);
    assert.deepEqual(on(12).slice(0, 3), ['12:2+10 property', '12:13+4 type', '12:17+2 number.payload']);
    const ranged = await c.request<SemanticTokens>('textDocument/semanticTokens/range', {
      textDocument: { uri: raw.uri },
      range: { start: pos(11, 0), end: pos(11, 20) },
    });
    assert.deepEqual(ranged.data.slice(0, 5), [11, 0, 6, types.indexOf('keyword'), 0]);
  });

  test('folding: calls, chunk and raw blocks, comment runs', async () => {
    const f = await c.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: base.uri } });
    assert.deepEqual(
      f.map((r) => `${r.startLine}-${r.endLine}${r.kind ? ' ' + r.kind : ''}`),
      ['3-17', '4-11', '12-16', '19-32', '20-25', '26-31', '34-38', '35-37'],
    );
    const r = await c.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: raw.uri } });
    assert.deepEqual(
      r.slice(0, 2).map((x) => `${x.startLine}-${x.endLine}${x.kind ? ' ' + x.kind : ''}`),
      ['0-2 comment', '3-10'],
    );
  });

  test('inlay hints: fields decoded beside bare hex, enum names, auto values, chunk sequence', async () => {
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: raw.uri },
      range: { start: pos(4, 0), end: pos(5, 60) },
    });
    assert.deepEqual(
      hints.map((h) => `${h.position.line}:${h.position.character} ${h.label}`),
      [
        '4:13 Magic="VBSC"',
        '4:16 HeaderSize=32',
        '4:19 VersionMajor=1',
        '4:22 VersionMinor=0',
        '4:25 Reserved0=0',
        '4:31 Type=1 (BEGIN)',
        '4:37 Flags=none',
        '4:49 Sequence=0',
        '5:13 PayloadLength=64',
        '5:25 PayloadCrc32c=0x09A238F0',
        '5:37 Reserved1=0',
        '5:49 HeaderCrc32c=0xEFBEADDE ≠ computed 0xD0ADD70D',
      ],
    );
    const more = await c.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: base.uri },
      range: { start: pos(20, 0), end: pos(28, 80) },
    });
    assert.deepEqual(
      more.map((h) => `${h.position.line}:${h.position.character} ${h.label}`),
      [
        '20:20 seq 2 · 160 B',
        '21:13 Open',
        '21:34 yes',
        '21:57 no',
        '23:84 no',
        '26:12 seq 3 · 56 B',
        '27:53 Accepted',
        '28:47 = 5',
      ],
    );
  });

  test('formatting normalises layout and keeps the assembled bytes', async () => {
    const uri = 'file:///virtual/format.vmbhex';
    const messy = [
      '# layout test',
      '',
      '',
      '.stream   version=1.0',
      '.call',
      '   .chunk  OFFER   seq=1  # x',
      'ChannelId:   u32:17 ConnectionId: u32:17 MonitorId: u8:0xff MonitorAllocated: u8:0',
      '  IsDedicated: u16:0  OfferFlags: u16:0  MmioMegabytes: u16:0  MmioMegabytesOptional: u16:0',
      '  Reserved: u16:0  UserDefined: zero:100   ',
      '   00112233445566778899AABBCCDDEEFF0011 2233',
      ' .end   ',
      '',
      '',
      '',
    ].join('\n');
    await c.open(uri, messy);
    const edits = await c.request<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    const formatted = applyEdits(messy, edits);
    assert.equal(
      formatted,
      [
        '# layout test',
        '',
        '.stream version=1.0',
        '.call',
        '.chunk OFFER seq=1  # x',
        '  ChannelId: u32:17  ConnectionId: u32:17  MonitorId: u8:0xff  MonitorAllocated: u8:0',
        '  IsDedicated: u16:0  OfferFlags: u16:0  MmioMegabytes: u16:0  MmioMegabytesOptional: u16:0',
        '  Reserved: u16:0  UserDefined: zero:100',
        '  00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff',
        '  00 11 22 33',
        '.end',
        '',
      ].join('\n'),
    );
    assert.deepEqual(assembleText(formatted).bytes, assembleText(messy).bytes);
    // Formatting a formatted document changes nothing.
    await c.replace(uri, formatted);
    assert.deepEqual(
      await c.request<TextEdit[]>('textDocument/formatting', {
        textDocument: { uri },
        options: { tabSize: 2, insertSpaces: true },
      }),
      [],
    );
    await c.close(uri);
  });
});
