// Core's quick-fix table (core/src/fixes.ts) drives both forms: for every (code, kind, form) it marks
// supported, an input with that problem gets the fix in that form — text edits from the language
// server's code actions, byte edits from the binary editor — and re-analysed, the problem is gone.
// No form offers a kind the table does not list for the code.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyze,
  CAUSE_FIX,
  crc32c,
  decodeBinary,
  encodeChunk,
  FIX_KINDS,
  fixKindsFor,
  FIXES,
  FLAG_FINAL,
  CHUNK_TYPES,
  formSupports,
  text as textForm,
  type Buffering,
  type DiagnosticCode,
  type FixForm,
  type FixKind,
  type ChannelConfig,
  type EncodeChunkOptions,
} from '../../core/src';
import { buildContext } from '../../server/src/context';
import { diagnosticsFor } from '../../server/src/diagnostics';
import { fixesFor as textFixesFor, TEXT_FIXES } from '../../server/src/codeActions';
import { DEFAULT_SETTINGS } from '../../protocol/src';
import { applyEdit } from '../../client/src/editor/model/bytes';
import { CONTENT_FIX_OFFERS, contentFixOffers } from '../../client/src/editor/model/contentFixes';
import {
  CHUNK_FIX_OFFERS,
  FIX_KIND_OF,
  fixesFor as chunkFixesFor,
  runQuickFix,
} from '../../client/src/editor/model/quickFixes';
import { applyEdits } from './helpers/lspClient';
import {
  beginPayload,
  channelStatePayload,
  concat,
  endPayload,
  exampleStream,
  gpadlPayload,
  offerPayload,
  PayloadWriter,
} from './helpers/example';

const ROOT = join(__dirname, '..', '..', '..');
const good = readFileSync(join(ROOT, 'samples', 'good.vmbhex'), 'utf8');
const sample = (name: string) => readFileSync(join(ROOT, 'samples', 'malformed', `${name}.vmbhex`), 'utf8');
function swap(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `fixture contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

type Part = Omit<EncodeChunkOptions, 'sequence'> & { sequence?: number };
/** Chunks with sequences 0, 1, … (unless given), closed by a sealed END unless `end: false`, then `after`. */
function stream(
  parts: Part[],
  opts: { end?: boolean; endPayload?: (count: number, crc: number) => Uint8Array; after?: Part[] } = {},
): Uint8Array {
  const c = parts.map((p, i) => encodeChunk({ sequence: i, ...p }));
  if (opts.end !== false)
    c.push(
      encodeChunk({
        type: CHUNK_TYPES.END,
        sequence: c.length,
        flags: FLAG_FINAL,
        payload: (opts.endPayload ?? endPayload)(parts.length + 1, crc32c(concat(c))),
      }),
    );
  for (const p of opts.after ?? []) c.push(encodeChunk({ sequence: c.length, ...p }));
  return concat(c);
}
const BEGIN = (n = 5): Part => ({ type: CHUNK_TYPES.BEGIN, payload: beginPayload(n) });
const OFFER: Part = { type: CHUNK_TYPES.OFFER, payload: offerPayload(17) };
const CS = (ring = 0xe001): Part => ({ type: CHUNK_TYPES.CHANNEL_STATE, payload: channelStatePayload(ring) });
const GPADL = (id = 0xe001, channel = 17, state = 2): Part => ({
  type: CHUNK_TYPES.GPADL,
  payload: gpadlPayload(id, channel, state),
});
const PACKET = (tx: bigint): Part => ({
  type: CHUNK_TYPES.PACKET,
  payload: new PayloadWriter().u64(tx).u32(4).u32(0).u32(0xabcd).bytes(),
});
const EXAMPLE = (): Part[] => [BEGIN(), OFFER, CS(), GPADL()];
/** The example stream with one byte changed (no reseal): what a bit flip on disk does. */
function flipped(at: number, value?: number): Uint8Array {
  const b = exampleStream();
  b[at] = value ?? b[at] ^ 1;
  return b;
}

interface BytesInput {
  bytes: Uint8Array;
  buffering?: Buffering;
  channel?: Partial<ChannelConfig>;
}
/** An input with the problem: bytes (for the binary form; the text form disassembles them unless `text` is given) and/or text. */
interface Case {
  bytes?: () => BytesInput;
  text?: () => string;
}

const hex32 = (v: number) => '0x' + (v >>> 0).toString(16).toUpperCase().padStart(8, '0');
const OTHER_INSTANCE = '99999999-2222-3333-4444-555555555555';

/** One input per (code, kind) the table lists; each is used for every form the kind supports. */
const CASES: Record<string, Case> = {
  'CRC-HEADER headerCrc': { bytes: () => ({ bytes: flipped(96 + 28) }) },
  'CRC-HEADER allCrcs': { bytes: () => ({ bytes: flipped(96 + 28) }) },
  'CRC-PAYLOAD payloadCrc': { bytes: () => ({ bytes: flipped(96 + 32 + 10) }) },
  'CRC-PAYLOAD allCrcs': { bytes: () => ({ bytes: flipped(96 + 32 + 10) }) },
  'CRC-STREAM streamCrc': {
    bytes: () => ({ bytes: stream(EXAMPLE(), { endPayload: (n) => endPayload(n, 0x12345678) }) }),
  },
  'CRC-STREAM allCrcs': {
    bytes: () => ({ bytes: stream(EXAMPLE(), { endPayload: (n) => endPayload(n, 0x12345678) }) }),
  },
  'CONTENT-CHUNKCOUNT chunkCount': {
    bytes: () => ({ bytes: stream(EXAMPLE(), { endPayload: (n, crc) => endPayload(n + 1, crc) }) }),
  },
  'CONTENT-LENGTH rangeBufferWords': {
    bytes: () => {
      const g = gpadlPayload();
      g[12] = 6; // RangeBufferWords 6: the ranges fill 5 words
      return { bytes: stream([BEGIN(), OFFER, CS(), { type: CHUNK_TYPES.GPADL, payload: g }]) };
    },
  },
  'CONTENT-LENGTH payloadLength': {
    // GPADL's PayloadLength says 48, its ranges fill 56: CONTENT-LENGTH on RangeBufferWords.
    bytes: () => ({
      bytes: stream([
        BEGIN(),
        OFFER,
        CS(),
        {
          type: CHUNK_TYPES.GPADL,
          payload: gpadlPayload(),
          payloadLength: 48,
          payloadCrc: crc32c(gpadlPayload().subarray(0, 48)),
        },
      ]),
    }),
    // A text's `crc=` made to match the 48 bytes, so the length check is reached.
    text: () => swap(good, '.chunk GPADL', `.chunk GPADL len=48 crc=${hex32(crc32c(gpadlPayload().subarray(0, 48)))}`),
  },
  'SIZE-PARTIAL untruncate': {
    text: () =>
      swap(
        good,
        '.end\n.expect STATUS_MORE_PROCESSING_REQUIRED\n\n# Call 3',
        '.end\n.truncate 8\n.expect STATUS_MORE_PROCESSING_REQUIRED\n\n# Call 3',
      ),
  },
  'SIZE-PARTIAL payloadLength': {
    // END says 24 payload bytes; the file ends after 16.
    bytes: () => ({
      bytes: concat([
        ...EXAMPLE().map((p, i) => encodeChunk({ sequence: i, ...p })),
        encodeChunk({
          type: CHUNK_TYPES.END,
          sequence: 4,
          flags: FLAG_FINAL,
          payload: endPayload(5, 0),
          payloadLength: 24,
        }),
      ]),
    }),
    text: () => swap(good, '.chunk OFFER', '.chunk OFFER len=148'),
  },
  'SIZE-HEADER untruncate': {
    text: () => swap(good, '.end\n.expect STATUS_SUCCESS', '.end\n.truncate 30\n.expect STATUS_SUCCESS'),
  },
  'FRAME-LENGTH payloadLength': {
    bytes: () => ({ bytes: stream([BEGIN(), OFFER, CS(), { ...GPADL(), payloadLength: 0x10008 }]) }),
    text: () => swap(good, '.chunk GPADL', '.chunk GPADL len=0x10008'),
  },
  'FRAME-PADDING padding': { bytes: () => ({ bytes: stream([BEGIN(), { ...OFFER, padByte: 0xaa }, CS(), GPADL()]) }) },
  'FRAME-PADDING payloadLength': {
    bytes: () => ({ bytes: stream([BEGIN(), { ...OFFER, padByte: 0xaa }, CS(), GPADL()]) }),
    // A NOTE (any length) whose `len=4` makes "ef" padding; `crc=` matches the 4 bytes so the padding check is reached.
    text: () =>
      swap(
        good,
        'u64:0x1003\n.end\n',
        `u64:0x1003\n.end\n.chunk NOTE len=4 crc=${hex32(crc32c(new TextEncoder().encode('abcd')))}\n  Text: utf8:"abcdef"\n.end\n`,
      ),
  },
  'FRAME-MAGIC headerDefault': {
    bytes: () => ({ bytes: flipped(96, 0) }),
    text: () => swap(good, '.chunk OFFER', '.chunk OFFER magic=0x43534257'),
  },
  'FRAME-RESERVED headerDefault': {
    bytes: () => ({ bytes: stream([BEGIN(), { ...OFFER, reserved0: 1 }, CS(), GPADL()]) }),
  },
  'VER-MAJOR headerDefault': {
    bytes: () => ({ bytes: stream([{ ...BEGIN(), versionMajor: 2 }, OFFER, CS(), GPADL()]) }),
    text: () => swap(good, '.chunk BEGIN', '.chunk BEGIN version=2.0'),
  },
  'VER-MIXED headerDefault': {
    bytes: () => ({ bytes: stream([BEGIN(), { ...OFFER, versionMinor: 1 }, CS(), GPADL()]) }),
    text: () => swap(good, '.chunk OFFER', '.chunk OFFER version=1.1'),
  },
  'FRAME-HSIZE headerSize': { text: () => swap(good, '.chunk OFFER', '.chunk OFFER hsize=40') },
  'SEQ-FIRST renumber': {
    bytes: () => ({
      bytes: stream([
        { ...BEGIN(), sequence: 1 },
        { ...OFFER, sequence: 2 },
        { ...CS(), sequence: 3 },
        { ...GPADL(), sequence: 4 },
      ]),
    }),
  },
  'SEQ-GAP renumber': { bytes: () => ({ bytes: stream([BEGIN(), { ...OFFER, sequence: 3 }, CS(), GPADL()]) }) },
  'SEQ-DUPLICATE renumber': { bytes: () => ({ bytes: stream([BEGIN(), OFFER, { ...CS(), sequence: 1 }, GPADL()]) }) },
  'FRAME-FINAL final': { bytes: () => ({ bytes: stream([BEGIN(), { ...OFFER, flags: FLAG_FINAL }, CS(), GPADL()]) }) },
  'EOF-TRUNCATED insertEnd': { bytes: () => ({ bytes: exampleStream().slice(0, 552) }) },
  'EXPECT-MISMATCH expectActual': {
    text: () => swap(good, '.expect STATUS_MORE_PROCESSING_REQUIRED', '.expect STATUS_SUCCESS'),
  },
  'ARG-BUFFER callArgument': {
    text: () =>
      swap(
        good,
        '# Call 2: the channel is Open on ring buffer GPADL 0xE001, which the next chunk describes.\n.call',
        '.call buffer=null',
      ),
  },
  'ARG-SIZE0 callArgument': {
    text: () =>
      swap(
        good,
        '# Call 2: the channel is Open on ring buffer GPADL 0xE001, which the next chunk describes.\n.call',
        '.call size=0',
      ),
  },
  'SIZE-OVERRUN callArgument': {
    text: () =>
      swap(
        good,
        '# Call 2: the channel is Open on ring buffer GPADL 0xE001, which the next chunk describes.\n.call',
        '.call size=999',
      ),
  },
  'ARG-CHANNEL channelSetting': { text: () => '.channel handle=null\n' + good },
  'STATE-NOCALLBACKS channelSetting': { text: () => sample('packet-without-callbacks') },
  'STATE-ENABLED channelSetting': { text: () => '.channel state=Enabled\n' + good },
  'CONTENT-IDENTITY identityChannel': { text: () => sample('identity-mismatch') },
  'CONTENT-IDENTITY identityBegin': {
    bytes: () => ({ bytes: exampleStream(), channel: { interfaceInstance: OTHER_INSTANCE } }),
    text: () => sample('identity-mismatch'),
  },
  'CONTENT-GPADL-CHANNEL gpadlChannel': { bytes: () => ({ bytes: stream([BEGIN(), OFFER, CS(), GPADL(0xe001, 18)]) }) },
  'CONTENT-RING-GPADL ringGpadl': { bytes: () => ({ bytes: stream([BEGIN(), OFFER, CS(0xe002), GPADL(0xe001)]) }) },
  'UNSUP-TYPE optionalType': {
    bytes: () => ({ bytes: stream([BEGIN(6), OFFER, CS(), { type: 0x0042, payload: new Uint8Array(8) }, GPADL()]) }),
  },
  'SEQ-AFTER-FINAL deleteChunk': {
    bytes: () => ({
      bytes: stream(EXAMPLE(), { after: [{ type: CHUNK_TYPES.NOTE, payload: new TextEncoder().encode('late') }] }),
      buffering: 'whole',
    }),
  },
  'CONTENT-GPADL-DUP deleteChunk': { bytes: () => ({ bytes: stream([BEGIN(6), OFFER, CS(), GPADL(), GPADL()]) }) },
  'CONTENT-TXID-DUP deleteChunk': {
    bytes: () => ({ bytes: stream([BEGIN(7), OFFER, CS(), GPADL(), PACKET(5n), PACKET(5n)]) }),
  },
};

/** The cause fix (a text's explicit len=) on a code that does not list payloadLength itself. */
const CAUSE_CASE = {
  code: 'CRC-PAYLOAD' as DiagnosticCode,
  text: () => swap(good, '.chunk OFFER', '.chunk OFFER len=100'),
};

function textOf(c: Case): string {
  if (c.text) return c.text();
  const i = c.bytes!();
  return textForm.disassemble(i.bytes, { buffering: i.buffering ?? 'chunk' });
}

/** Take the text fix of `kind` for the first `code` diagnostic; checks every offered kind is listed; returns the codes after. */
function fixText(text: string, code: DiagnosticCode, kind: FixKind): DiagnosticCode[] {
  const ctx = buildContext('file:///virtual/fixes.vmbhex', 1, text, DEFAULT_SETTINGS);
  const d = diagnosticsFor(ctx).find((x) => x.code === code);
  assert.ok(
    d,
    `the text has ${code}: ${diagnosticsFor(ctx)
      .map((x) => x.code)
      .join(', ')}`,
  );
  const fixes = textFixesFor(ctx, d);
  for (const f of fixes)
    assert.ok(
      fixKindsFor(code, 'text').includes(f.kind),
      `text offers ${f.kind} for ${code}, which the table does not list`,
    );
  const f = fixes.find((x) => x.kind === kind);
  assert.ok(f, `text offers ${kind} for ${code}: ${fixes.map((x) => `${x.kind} "${x.title}"`).join(', ')}`);
  const fixed = applyEdits(text, f.edits);
  return diagnosticsFor(buildContext('file:///virtual/fixes.vmbhex', 2, fixed, DEFAULT_SETTINGS)).map(
    (x) => x.code as DiagnosticCode,
  );
}

/** Take the binary editor's fix of `kind` for the first `code` problem, as the editor offers it; returns the codes after. */
function fixBytes(i: BytesInput, code: DiagnosticCode, kind: FixKind): DiagnosticCode[] {
  const opts = { buffering: i.buffering ?? 'chunk', ...(i.channel ? { channel: i.channel } : {}) } as const;
  const a = analyze(decodeBinary(i.bytes, opts));
  const p = a.problems.find((x) => x.code === code);
  assert.ok(p, `the bytes have ${code}: ${a.problems.map((x) => x.code).join(', ')}`);
  const ranges = a.doc.calls.flatMap((c) => c.items.filter((x) => x.kind === 'chunk').map((x) => ({ ...x.bytes })));
  const chunk = p.bytes
    ? a.doc.chunks.find((c) => c.bytes.start <= p.bytes!.start && p.bytes!.start < c.bytes.end)
    : undefined;
  const offers = [
    ...contentFixOffers(i.bytes, ranges, p, a.doc.channel),
    ...chunkFixesFor(p, chunk?.bytes.start, chunk?.header?.type),
  ];
  for (const o of offers)
    assert.ok(
      fixKindsFor(code, 'bytes').includes(FIX_KIND_OF[o.id]),
      `the binary editor offers ${o.id} for ${code}, which the table does not list`,
    );
  const o = offers.find((x) => FIX_KIND_OF[x.id] === kind);
  assert.ok(o, `the binary editor offers ${kind} for ${code}: ${offers.map((x) => x.id).join(', ')}`);
  const e = runQuickFix(i.bytes, o, ranges, a.doc.channel);
  assert.ok(e, `${kind} changes bytes`);
  return analyze(decodeBinary(applyEdit(i.bytes.slice(), e), opts)).problems.map((x) => x.code);
}

test('every supported (code, fix kind, form) in the table repairs its problem when applied and re-analysed', () => {
  const done: string[] = [];
  const failed: string[] = [];
  for (const [code, kinds] of Object.entries(FIXES) as [DiagnosticCode, readonly FixKind[]][]) {
    for (const kind of kinds) {
      const key = `${code} ${kind}`;
      const c = CASES[key];
      for (const form of ['text', 'bytes'] as FixForm[]) {
        if (!formSupports(kind, form)) continue;
        // Every failure is listed, not just the first: the table is walked whole.
        try {
          assert.ok(c, 'an input');
          assert.ok(form === 'text' || c.bytes, 'bytes');
          const after = form === 'text' ? fixText(textOf(c), code, kind) : fixBytes(c.bytes!(), code, kind);
          assert.ok(!after.includes(code), `${code} is gone after the fix, left: ${after.join(', ')}`);
          done.push(`${key} ${form}`);
        } catch (e) {
          failed.push(`${key} (${form}): ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        }
      }
    }
  }
  assert.deepEqual(failed, []);
  assert.ok(
    !fixText(CAUSE_CASE.text(), CAUSE_CASE.code, CAUSE_FIX.kind).includes(CAUSE_CASE.code),
    'the cause fix (drop len=) repairs CRC-PAYLOAD',
  );
  assert.ok(done.length >= 60, `${done.length} fixes applied`);
  assert.deepEqual(
    Object.keys(CASES).filter((k) => !FIXES[k.split(' ')[0] as DiagnosticCode]?.includes(k.split(' ')[1] as FixKind)),
    [],
    'no input for a pair the table does not list',
  );
});

test('each form renders exactly the kinds the table says it supports; every unsupported form says why', () => {
  const kinds = Object.keys(FIX_KINDS) as FixKind[];
  assert.deepEqual(Object.keys(TEXT_FIXES).sort(), kinds.filter((k) => formSupports(k, 'text')).sort());
  const bytes = [...Object.keys(CHUNK_FIX_OFFERS), ...Object.keys(CONTENT_FIX_OFFERS)];
  assert.equal(new Set(bytes).size, bytes.length, 'a kind is either chunk-level or content-level');
  assert.deepEqual(bytes.sort(), kinds.filter((k) => formSupports(k, 'bytes')).sort());
  for (const k of kinds) {
    for (const form of ['text', 'bytes'] as const) {
      const v = FIX_KINDS[k][form];
      assert.ok(v === true || v.length > 20, `${k}: ${form} says why not`);
    }
    assert.ok(
      Object.values(FIXES).some((l) => l.includes(k)),
      `${k} repairs some code`,
    );
  }
  // The binary editor's fix ids are instances of kinds it supports.
  for (const [id, k] of Object.entries(FIX_KIND_OF)) assert.ok(formSupports(k, 'bytes'), `${id} → ${k}`);
});

test("the issue's gaps are closed: EOF-TRUNCATED, CONTENT-IDENTITY and header defaults in both forms; EXPECT-MISMATCH text only, with a reason", () => {
  assert.deepEqual(fixKindsFor('EOF-TRUNCATED', 'bytes'), ['insertEnd']);
  assert.deepEqual(fixKindsFor('CONTENT-IDENTITY', 'bytes'), ['identityBegin']);
  assert.deepEqual(fixKindsFor('CONTENT-IDENTITY', 'text'), ['identityChannel', 'identityBegin', 'payloadLength']);
  assert.deepEqual(fixKindsFor('FRAME-MAGIC', 'bytes'), ['headerDefault']);
  assert.deepEqual(fixKindsFor('EXPECT-MISMATCH', 'bytes'), []);
  assert.match(String(FIX_KINDS.expectActual.bytes), /no \.expect/);
});
