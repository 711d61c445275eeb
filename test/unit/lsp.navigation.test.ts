// Navigation in the text form over JSON-RPC: Go to Definition / Find All References / document
// highlights between ids and their chunks and between a `.call` and its `.expect`, CodeLens on
// each call, and workspace symbols across the fixtures of a workspace folder.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CodeLens,
  DocumentHighlight,
  Location,
  LocationLink,
  SymbolInformation,
} from 'vscode-languageserver/node';
import { assembleText } from '../../core/src';
import { rawBlock } from '../../client/src/editor/model/copyAs';
import { fixture, LspClient } from './helpers/lspClient';

const nav = fixture('test/fixtures/lsp/nav/packets.vmbhex');
const base = fixture('test/fixtures/lsp/base.vmbhex');

type P = { line: number; character: number };
const pos = (line: number, character: number): P => ({ line, character });
const rng = (r: { start: P; end: P }) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const col = (line: string, what: string) => {
  const i = line.indexOf(what);
  assert.ok(i >= 0, `${what} in ${line}`);
  return i;
};
const lineOf = (text: string, n: number) => text.split('\n')[n];

describe('language server navigation', () => {
  let c: LspClient;
  let links: LspClient;
  before(async () => {
    c = await LspClient.start();
    links = await LspClient.start({ linkSupport: true });
    for (const client of [c, links]) {
      await client.open(nav.uri, nav.text);
      await client.open(base.uri, base.text);
    }
  });
  after(async () => {
    await c.stop();
    await links.stop();
  });

  const at = (line: number, what: string, text = nav.text) => pos(line, col(lineOf(text, line), what) + 1);
  const definition = (client: LspClient, uri: string, p: P) =>
    client.request<Location[] | LocationLink[] | null>('textDocument/definition', {
      textDocument: { uri },
      position: p,
    });
  const references = (uri: string, p: P, includeDeclaration = true) =>
    c.request<Location[] | null>('textDocument/references', {
      textDocument: { uri },
      position: p,
      context: { includeDeclaration },
    });

  test('RingGpadlId goes to its GPADL chunk: the link spans the .chunk block and selects GpadlId', async () => {
    // Line 17: `RingGpadlId: u32:0xE002` in CHANNEL_STATE; the GPADL 0xE002 is lines 30–35.
    for (const p of [at(17, '0xE002'), at(17, 'RingGpadlId')]) {
      const got = (await definition(links, nav.uri, p)) as LocationLink[];
      assert.equal(got.length, 1);
      assert.equal(got[0].targetUri, nav.uri);
      assert.equal(rng(got[0].targetRange), '30:0-35:4');
      assert.equal(
        rng(got[0].targetSelectionRange),
        `31:${col(lineOf(nav.text, 31), 'u32:0xE002')}-31:${col(lineOf(nav.text, 31), 'u32:0xE002') + 10}`,
      );
      assert.equal(
        rng(got[0].originSelectionRange!),
        `17:${col(lineOf(nav.text, 17), 'u32:0xE002')}-17:${col(lineOf(nav.text, 17), 'u32:0xE002') + 10}`,
      );
    }
    // Without link support: the GpadlId field's Location.
    const plain = (await definition(c, nav.uri, at(17, '0xE002'))) as Location[];
    assert.deepEqual(
      plain.map((l) => rng(l.range)),
      [`31:${col(lineOf(nav.text, 31), 'u32:0xE002')}-31:${col(lineOf(nav.text, 31), 'u32:0xE002') + 10}`],
    );
  });

  test("a GPADL's ChannelId goes to the OFFER; the OFFER's ChannelId finds both GPADLs", async () => {
    const d = (await definition(links, nav.uri, at(25, 'u32:17'))) as LocationLink[];
    assert.deepEqual(
      d.map((l) => [rng(l.targetRange), l.targetSelectionRange.start.line]),
      [['10:0-14:4', 11]],
    );
    const refs = await references(nav.uri, at(11, 'ChannelId'));
    assert.deepEqual(
      refs!.map((l) => l.range.start.line),
      [11, 25, 31],
    );
    const usesOnly = await references(nav.uri, at(11, 'ChannelId'), false);
    assert.deepEqual(
      usesOnly!.map((l) => l.range.start.line),
      [25, 31],
    );
  });

  test('a TransactionId finds its duplicates; its definition is the first PACKET restored with it', async () => {
    const refs = await references(nav.uri, at(43, 'u64:7'));
    assert.deepEqual(
      refs!.map((l) => l.range.start.line),
      [37, 43],
    );
    const d = (await definition(links, nav.uri, at(43, 'u64:7'))) as LocationLink[];
    assert.deepEqual(
      d.map((l) => [rng(l.targetRange), l.targetSelectionRange.start.line]),
      [['36:0-38:4', 37]],
    );
    // TransactionId 8 is its own.
    assert.deepEqual(
      (await references(nav.uri, at(40, 'u64:8')))!.map((l) => l.range.start.line),
      [40],
    );
  });

  test('.expect goes to its .call and .call to its .expect; references pair them', async () => {
    const up = (await definition(links, nav.uri, pos(45, 3))) as LocationLink[];
    assert.equal(rng(up[0].targetSelectionRange), '23:0-23:5');
    assert.equal(up[0].targetRange.start.line, 23);
    assert.equal(up[0].targetRange.end.line, 45);
    const down = (await definition(links, nav.uri, pos(1, 2))) as LocationLink[];
    assert.equal(down[0].targetSelectionRange.start.line, 21);
    assert.deepEqual(
      (await references(nav.uri, pos(21, 1)))!.map((l) => l.range.start.line),
      [1, 21],
    );
  });

  test('an id written as bare hex in a .raw block is found and linked on its own digits', async () => {
    // The GPADL 0xE002 (lines 30–35) as raw bytes: its GpadlId is the payload's first 4 bytes.
    const asm = assembleText(nav.text);
    const g = asm.chunks[4];
    const block = nav.text.split('\n').slice(30, 36).join('\n') + '\n';
    const text = nav.text.replace(block, rawBlock(asm.bytes.subarray(g.bytes.start, g.bytes.end), g.bytes.start));
    const uri = nav.uri.replace('packets.vmbhex', 'packets-raw.vmbhex');
    await links.open(uri, text);
    const d = (await definition(links, uri, at(17, '0xE002', text))) as LocationLink[];
    assert.equal(d.length, 1);
    // Row 3 of the .raw block (line 33): the 32-byte header is rows 1–2, then `02 e0 00 00`.
    assert.equal(lineOf(text, 30), '.raw');
    assert.equal(rng(d[0].targetSelectionRange), '33:2-33:13');
    assert.equal(lineOf(text, 33).slice(2, 13), '02 e0 00 00');
    // From the hex digits back: the RingGpadlId is a use of it.
    const refs = await links.request<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: pos(33, 6),
      context: { includeDeclaration: true },
    });
    assert.deepEqual(
      refs.map((l) => l.range.start.line),
      [17, 33],
    );
  });

  test('document highlights: declarations as Write, uses as Read', async () => {
    const h = await c.request<DocumentHighlight[]>('textDocument/documentHighlight', {
      textDocument: { uri: nav.uri },
      position: at(31, '0xE002'),
    });
    assert.deepEqual(
      h.map((x) => [x.range.start.line, x.kind]).sort((a, b) => a[0]! - b[0]!),
      [
        [17, 2],
        [31, 3],
      ],
    );
    // Nothing to link on a field that is no id.
    assert.equal(
      await c.request('textDocument/documentHighlight', { textDocument: { uri: nav.uri }, position: at(26, 'u16:1') }),
      null,
    );
    assert.equal(await definition(c, nav.uri, at(26, 'u16:1')), null);
  });

  test('CodeLens on each .call: its status, whether .expect holds, and Step Restore from here', async () => {
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: nav.uri } });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]),
      [
        [1, 'call 1 → STATUS_MORE_PROCESSING_REQUIRED · .expect holds', '', undefined],
        [1, 'Step Restore from here', 'vmbstate.stepRestoreFromHere', [{ uri: nav.uri, call: 1 }]],
        [23, 'call 2 → STATUS_FILE_CORRUPT_ERROR (CONTENT-TXID-DUP) · .expect holds', '', undefined],
        [23, 'Step Restore from here', 'vmbstate.stepRestoreFromHere', [{ uri: nav.uri, call: 2 }]],
      ],
    );
    // A failing .expect is said, and so is the refusal of every call after a failed one.
    const text = base.text
      .replace('.expect STATUS_SUCCESS', '.expect STATUS_MORE_PROCESSING_REQUIRED')
      .replace('RangeCount: u16:1', 'RangeCount: u16:0');
    const uri = base.uri.replace('base.vmbhex', 'base-lens.vmbhex');
    await c.open(uri, text);
    const titles = (await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }))
      .map((l) => l.command!.title)
      .filter((t) => t.startsWith('call'));
    assert.equal(titles.length, 3);
    assert.match(
      titles[1],
      /^call 2 → STATUS_\w+ \(CONTENT-GPA-RANGE\) · \.expect STATUS_MORE_PROCESSING_REQUIRED fails$/,
    );
    assert.equal(
      titles[2],
      'call 3 → STATUS_INVALID_DEVICE_STATE (STATE-FAILED) · .expect STATUS_MORE_PROCESSING_REQUIRED fails',
    );
  });
});

describe('workspace symbols', () => {
  let dir: string;
  let c: LspClient;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vmbstate-ws-'));
    mkdirSync(path.join(dir, 'fixtures', 'deep'), { recursive: true });
    mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(path.join(dir, 'fixtures', 'deep', 'packets.vmbhex'), nav.text);
    writeFileSync(path.join(dir, 'fixtures', 'base.vmbhex'), base.text);
    writeFileSync(path.join(dir, 'node_modules', 'pkg', 'skipped.vmbhex'), base.text);
    writeFileSync(path.join(dir, 'fixtures', 'notes.txt'), 'GpadlId: u32:0xE001');
    c = await LspClient.start({ rootPath: dir });
  });
  after(async () => {
    await c.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const query = (q: string) => c.request<SymbolInformation[]>('workspace/symbol', { query: q });
  const files = (list: SymbolInformation[]) =>
    list.map((s) => `${path.relative(dir, new URL(s.location.uri).pathname)}:${s.location.range.start.line} ${s.name}`);

  test('a GPADL id is found in every fixture, by hex or decimal, and nowhere under node_modules', async () => {
    const expected = [
      'fixtures/base.vmbhex:22 RingGpadlId 0x0000E001 (57345)',
      'fixtures/base.vmbhex:27 GPADL 0x0000E001 (57345)',
      'fixtures/deep/packets.vmbhex:25 GPADL 0x0000E001 (57345)',
    ];
    assert.deepEqual(files(await query('0xE001')), expected);
    assert.deepEqual(files(await query('e001')), expected);
    assert.deepEqual(files(await query('57345')), expected);
    const gp = await query('gpadl');
    assert.ok(gp.every((s) => /GPADL|Gpadl/.test(s.name)));
    assert.equal(gp.length, 5, files(gp).join('\n'));
  });

  test('an edit in an open fixture is seen without saving, and a new file on disk is indexed', async () => {
    const uri = pathToFileURL(path.join(dir, 'fixtures', 'base.vmbhex')).href;
    await c.open(uri, base.text.replace(/0xE001/g, '0xE0AB'));
    assert.deepEqual(
      files(await query('0xE0AB')).map((s) => s.split(' ')[0]),
      ['fixtures/base.vmbhex:22', 'fixtures/base.vmbhex:27'],
    );
    writeFileSync(path.join(dir, 'fixtures', 'added.vmbhex'), base.text.replace(/0xE001/g, '0xE0CD'));
    assert.deepEqual(
      files(await query('0xE0CD')).map((s) => s.split(' ')[0]),
      ['fixtures/added.vmbhex:22', 'fixtures/added.vmbhex:27'],
    );
    // A fixture over the size cap is left out (MAX_INDEXED_FILE_BYTES, 4 MiB).
    writeFileSync(
      path.join(dir, 'fixtures', 'huge.vmbhex'),
      base.text.replace(/0xE001/g, '0xE0EF') + `# ${'x'.repeat(4 * 1024 * 1024)}\n`,
    );
    assert.deepEqual(await query('0xE0EF'), []);
    // TransactionIds and ChannelIds too.
    assert.deepEqual(
      files(await query('TransactionId 7')).map((s) => s.split(' ')[0]),
      ['fixtures/deep/packets.vmbhex:37', 'fixtures/deep/packets.vmbhex:43'],
    );
  });
});
