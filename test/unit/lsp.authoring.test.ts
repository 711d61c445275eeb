// Authoring traps a new user hit (issue 18, points 3, 8 and 10), over the real JSON-RPC
// connection: `.expect` completion order, header fields in the outline and breadcrumbs, the
// empty document, formatting indentation, the NT_SUCCESS note, label/prefix order, F2 and F12,
// and the editor defaults the extension contributes.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type {
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  Hover,
  TextEdit,
} from 'vscode-languageserver/node';
import { assembleText } from '../../core/src';
import { NOT_RETURNED_BY_RESTORE } from '../../server/src/knowledge';
import { applyEdits, fixture, LspClient, ROOT } from './helpers/lspClient';

const base = fixture('test/fixtures/lsp/base.vmbhex');

type P = { line: number; character: number };
type R = { start: P; end: P };
const pos = (line: number, character: number): P => ({ line, character });
const rng = (r: R) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** VS Code's outline order: range start, then range end, then name (DocumentSymbolComparator.compareByPosition). */
function vscodeOrder(symbols: DocumentSymbol[]): string[] {
  const c = (a: P, b: P) => a.line - b.line || a.character - b.character;
  return [...symbols]
    .sort((a, b) => c(a.range.start, b.range.start) || c(a.range.end, b.range.end) || a.name.localeCompare(b.name))
    .map((s) => s.name);
}

/** VS Code's breadcrumb: the first symbol, depth first in list order, whose range holds the position (OutlineModel.getItemEnclosingPosition). */
function breadcrumb(symbols: DocumentSymbol[], p: P): string[] {
  const holds = (r: R) =>
    (r.start.line < p.line || (r.start.line === p.line && r.start.character <= p.character)) &&
    (p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character));
  for (const s of symbols) if (holds(s.range)) return [s.name, ...breadcrumb(s.children ?? [], p)];
  return [];
}

const HEADER_STREAM_ORDER = [
  'Magic',
  'HeaderSize',
  'VersionMajor',
  'VersionMinor',
  'Reserved0',
  'Type',
  'Flags',
  'Sequence',
  'PayloadLength',
  'PayloadCrc32c',
  'Reserved1',
  'HeaderCrc32c',
];

describe('authoring in the editor (issue 18)', () => {
  let c: LspClient;
  before(async () => {
    c = await LspClient.start();
    await c.open(base.uri, base.text);
  });
  after(() => c.stop());

  const complete = async (uri: string, line: number, character: number, trigger?: string): Promise<CompletionItem[]> =>
    (
      await c.request<CompletionList>('textDocument/completion', {
        textDocument: { uri },
        position: pos(line, character),
        ...(trigger ? { context: { triggerKind: 2, triggerCharacter: trigger } } : {}),
      })
    ).items;
  /** The items as VS Code lists them before anything is typed: by sortText, then label. */
  const listed = (items: CompletionItem[]) =>
    [...items].sort(
      (a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label) || a.label.localeCompare(b.label),
    );

  test('.expect completion: the returned status preselected and first, SUCCESS and MORE_PROCESSING next, never-returned statuses last, matched without STATUS_', async () => {
    const uri = 'file:///virtual/expect-completion.vmbhex';
    // Call 1 fails with a CRC error; the author is writing its `.expect`.
    const lines = base.text.split('\n');
    lines[4] = '.chunk BEGIN crc=0x1';
    lines[17] = '.expect ';
    lines[38] = '.expect-end ';
    const text = lines.join('\n');
    await c.open(uri, text);
    const items = await complete(uri, 17, 8, ' ');
    assert.equal(items.length, 22);
    const order = listed(items).map((i) => i.label);
    assert.deepEqual(order.slice(0, 3), ['STATUS_CRC_ERROR', 'STATUS_SUCCESS', 'STATUS_MORE_PROCESSING_REQUIRED']);
    assert.deepEqual(order.slice(-3), ['STATUS_BUFFER_OVERFLOW', 'STATUS_UNSUCCESSFUL', 'STATUS_BUFFER_TOO_SMALL']);
    assert.deepEqual(
      items.filter((i) => i.preselect).map((i) => i.label),
      ['STATUS_CRC_ERROR'],
    );
    // Typing `SUCC` is matched against the name without its prefix (and still with it).
    const success = items.find((i) => i.label === 'STATUS_SUCCESS')!;
    assert.ok(success.filterText!.startsWith('SUCCESS'), success.filterText);
    assert.ok(success.filterText!.includes('STATUS_SUCCESS'));
    assert.ok(!items.find((i) => i.label === 'STATUS_CRC_ERROR')!.filterText!.startsWith('SUCC'));
    // `.expect-end`: the run's outcome first (the run stopped at call 1's CRC error).
    const end = await complete(uri, 38, 12, ' ');
    assert.deepEqual(
      end.filter((i) => i.preselect).map((i) => i.label),
      ['STATUS_CRC_ERROR'],
    );
    // A healthy call: its own status preselected.
    const ok = await complete(base.uri, 17, 8, ' ');
    assert.deepEqual(
      ok.filter((i) => i.preselect).map((i) => i.label),
      ['STATUS_MORE_PROCESSING_REQUIRED'],
    );
    assert.deepEqual(
      listed(ok)
        .map((i) => i.label)
        .slice(0, 2),
      ['STATUS_MORE_PROCESSING_REQUIRED', 'STATUS_SUCCESS'],
    );
    await c.close(uri);
  });

  test('the statuses listed last are the ones docs/format.md says the restore never returns', () => {
    const md = readFileSync(path.join(ROOT, 'docs/format.md'), 'utf8');
    const never = [
      ...md.matchAll(/^\| (STATUS_\w+) \| 0x[0-9A-F]+ \| \w+ \| \((?:save side|not returned by the emulator)\)/gm),
    ].map((m) => m[1]);
    assert.deepEqual([...NOT_RETURNED_BY_RESTORE].sort(), never.sort());
  });

  test('completion inside a chunk: field labels first, then literal prefixes, then .end', async () => {
    const uri = 'file:///virtual/labels-first.vmbhex';
    await c.open(uri, '.chunk OFFER\n  ChannelId: u32:17  \n  \n.end\n');
    const items = listed(await complete(uri, 2, 2));
    const kinds = items.map((i) =>
      i.label.startsWith('.') ? 'end' : /^[a-z0-9]+:$/.test(i.label) ? 'prefix' : 'label',
    );
    const firstPrefix = kinds.indexOf('prefix');
    assert.ok(firstPrefix > 0, 'labels come first');
    assert.equal(
      kinds.lastIndexOf('label'),
      firstPrefix - 1,
      `no label after a prefix: ${items.map((i) => i.label).join(' ')}`,
    );
    assert.equal(kinds[kinds.length - 1], 'end');
    assert.equal(items[0].label, 'ConnectionId:', 'the next field of the layout first');
    await c.close(uri);
  });

  test('outline: header fields in stream order, each on a range of its own; the breadcrumb on an option names its field', async () => {
    const uri = 'file:///virtual/outline.vmbhex';
    const text = [
      '.chunk BEGIN',
      '  ChunkCount: u32:auto',
      '.end',
      '.chunk OFFER seq=1 len=4 crc=0x1234 # comment',
      '  ChannelId: u32:17',
      '.end',
      '.chunk END flags=FINAL',
      '.end',
    ].join('\n');
    await c.open(uri, text);
    const syms = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const chunks = syms.flatMap((s) => s.children ?? []);
    for (const chunk of chunks) {
      const header = chunk.children![0];
      assert.equal(header.name, 'Header');
      assert.equal(header.range.start.line, chunk.range.start.line);
      assert.equal(header.range.end.line, chunk.range.start.line, 'the Header is the .chunk line');
      assert.deepEqual(
        header.children!.map((f) => f.name),
        HEADER_STREAM_ORDER,
        'listed in stream order',
      );
      assert.deepEqual(vscodeOrder(header.children!), HEADER_STREAM_ORDER, `${chunk.name}: VS Code keeps stream order`);
      const ranges = header.children!.map((f) => rng(f.range));
      assert.equal(new Set(ranges).size, 12, `${chunk.name}: distinct ranges ${ranges.join(' ')}`);
    }
    const offer = chunks[1].children![0].children!;
    const at = (name: string) => rng(offer.find((f) => f.name === name)!.range);
    assert.equal(at('Type'), '3:7-3:12');
    assert.equal(at('Sequence'), '3:13-3:18');
    assert.equal(at('PayloadLength'), '3:19-3:24');
    assert.equal(at('PayloadCrc32c'), '3:25-3:35');
    assert.equal(at('Magic'), '3:1-3:1', 'computed fields before Type sit inside `.chunk`');
    assert.equal(at('Flags'), '3:8-3:8', 'a computed field sits inside the token before it');
    assert.deepEqual(breadcrumb(syms, pos(3, 30)), ['call 2', 'OFFER', 'Header', 'PayloadCrc32c']);
    assert.deepEqual(breadcrumb(syms, pos(3, 8)), ['call 2', 'OFFER', 'Header', 'Type']);
    assert.deepEqual(breadcrumb(syms, pos(3, 21)), ['call 2', 'OFFER', 'Header', 'PayloadLength']);
    assert.deepEqual(breadcrumb(syms, pos(6, 14)), ['call 3', 'END', 'Header', 'Flags']);
    assert.deepEqual(breadcrumb(syms, pos(4, 5)), ['call 2', 'OFFER', 'ChannelId']);
    await c.close(uri);
  });

  test('outline: a chunk written as bare hex in .raw spans its hex, header fields on their own digits', async () => {
    const raw = fixture('test/fixtures/lsp/raw.vmbhex');
    await c.open(raw.uri, raw.text);
    const syms = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: raw.uri } });
    const begin = syms[0].children![0];
    assert.equal(rng(begin.range), '4:2-9:49');
    const header = begin.children![0];
    assert.deepEqual(
      header.children!.slice(0, 2).map((f) => `${f.name} ${rng(f.range)}`),
      ['Magic 4:2-4:13', 'HeaderSize 4:14-4:16'],
    );
    assert.deepEqual(vscodeOrder(header.children!), HEADER_STREAM_ORDER);
    assert.equal(rng(begin.children!.find((f) => f.name === 'CreationTime')!.range), '9:26-9:49');
    await c.close(raw.uri);
  });

  test('an empty or comment-only document shows information, not an error; content brings the error back', async () => {
    const uri = 'file:///virtual/new.vmbhex';
    const severities = (ds: Diagnostic[]) => ds.map((d) => `${d.severity} ${d.code}`);
    const empty = await c.open(uri, '');
    assert.deepEqual(severities(empty), ['3 EOF-TRUNCATED']);
    assert.match(empty[0].message, /^Nothing to restore yet: the document has no chunks\. Type `\.` for directives/);
    assert.deepEqual(severities(await c.replace(uri, '# my fixture\n\n  \n')), ['3 EOF-TRUNCATED']);
    assert.deepEqual(severities(await c.replace(uri, '.op Enable\n')), ['1 EOF-TRUNCATED']);
    await c.close(uri);
  });

  test('formatting: field lines inside a block indented by nesting level, 2 spaces per level', async () => {
    // 8 spaces on the first field line is level 1; a tab is two columns; 7 after 2 opens level 2.
    const uri = 'file:///virtual/indent.vmbhex';
    const text = [
      '.chunk OFFER',
      '        ChannelId: u32:17  ConnectionId: u32:17',
      '        MonitorId: u8:0xff',
      '\tMonitorAllocated: u8:0',
      '  # group',
      '       IsDedicated: u16:0',
      '  OfferFlags: u16:0',
      '.end',
      '',
    ].join('\n');
    await c.open(uri, text);
    const edits = await c.request<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    const formatted = applyEdits(text, edits);
    assert.equal(
      formatted,
      [
        '.chunk OFFER',
        '  ChannelId: u32:17  ConnectionId: u32:17',
        '  MonitorId: u8:0xff',
        '  MonitorAllocated: u8:0',
        '  # group',
        '    IsDedicated: u16:0',
        '  OfferFlags: u16:0',
        '.end',
        '',
      ].join('\n'),
    );
    assert.deepEqual(assembleText(formatted).bytes, assembleText(text).bytes);
    await c.close(uri);
  });

  test('hover: the NT_SUCCESS trap is explained once wherever STATUS_MORE_PROCESSING_REQUIRED shows', async () => {
    const once = /if \(!NT_SUCCESS\(status\)\) fail;/g;
    // `.call`, `.chunk`, a status in `.expect`, the `.expect` keyword.
    for (const [line, character] of [
      [3, 2],
      [4, 2],
      [17, 10],
      [17, 2],
    ]) {
      const h = await c.request<Hover>('textDocument/hover', {
        textDocument: { uri: base.uri },
        position: pos(line, character),
      });
      const value = (h.contents as { value: string }).value;
      assert.equal(value.match(once)?.length, 1, `${line}:${character}\n${value}`);
    }
  });

  test('F2 says rename is not there yet instead of doing nothing', async () => {
    await assert.rejects(
      c.request('textDocument/prepareRename', { textDocument: { uri: base.uri }, position: pos(13, 4) }),
      /vmbstate has no rename yet/,
    );
  });

  test('the extension contributes 2-space indentation and a collapsed outline for vmbstate-hex', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.configurationDefaults['[vmbstate-hex]'], {
      'editor.tabSize': 2,
      'editor.insertSpaces': true,
      'outline.collapseItems': 'alwaysCollapse',
    });
  });
});
