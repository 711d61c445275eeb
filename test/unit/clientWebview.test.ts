// Binary editor webview logic in plain Node: virtual scroll window, byte page cache, selection
// and keyboard movement, chunk tree and byte ↔ node mapping, row rendering, trace rows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, decodeBinary, toWire, type WireAnalysis } from '../../core/src';
import {
  computeWindow,
  revealRows,
  rowAtViewportY,
  scrollTopForRow,
  topRowAt,
  MAX_SCROLL_HEIGHT,
} from '../../client/src/editor/webview/virtualWindow';
import { fromBase64, PageCache, PAGE_SIZE, toBytes } from '../../client/src/editor/webview/pageCache';
import { pagesAround } from '../../client/src/editor/model/positions';
import { ByteStore, insertBytes } from '../../client/src/editor/model/bytes';
import {
  bytesToHex,
  cellOf,
  collapsed,
  hexDigit,
  isMoveKey,
  move,
  offsetOf,
  selectedRange,
  selectRange,
} from '../../client/src/editor/webview/selection';
import {
  ancestorsOf,
  attachFields,
  buildTree,
  flattenTree,
  nodeAt,
  nodePathAt,
  segmentAt,
  segmentsIn,
} from '../../client/src/editor/webview/tree';
import {
  describeOffset,
  indexProblems,
  problemsAt,
  severityAt,
  traceRows,
} from '../../client/src/editor/webview/annotations';
import { chunkFields, liteAnalysis } from '../../client/src/editor/model/liteAnalysis';
import { asciiChar, offsetLabel, renderRow, type RowContext } from '../../client/src/editor/webview/rows';
import { exampleStream } from './clientFixtures';

const wire = (b: Uint8Array): WireAnalysis => toWire(analyze(decodeBinary(b)));

test('virtual window: small file renders only the rows in view, with overscan', () => {
  const w = computeWindow({ scrollTop: 200, viewportHeight: 400, rowHeight: 20, totalRows: 1000, overscan: 4 });
  assert.equal(w.scaled, false);
  assert.equal(w.spacerHeight, 20000);
  assert.equal(w.topRow, 10);
  assert.equal(w.firstRow, 6);
  assert.equal(w.endRow, 10 + 20 + 1 + 4);
  assert.equal(w.offsetY, 6 * 20);
  assert.equal(w.pageRows, 20);
  // Fractional scroll keeps the rows moving smoothly.
  const f = computeWindow({ scrollTop: 205, viewportHeight: 400, rowHeight: 20, totalRows: 1000, overscan: 0 });
  assert.equal(f.firstRow, 10);
  assert.equal(f.offsetY, 200);
  // Beyond the end: clamped.
  const end = computeWindow({ scrollTop: 1e9, viewportHeight: 400, rowHeight: 20, totalRows: 1000, overscan: 0 });
  assert.equal(end.endRow, 1000);
  const tiny = computeWindow({ scrollTop: 0, viewportHeight: 400, rowHeight: 20, totalRows: 1 });
  assert.deepEqual([tiny.firstRow, tiny.endRow], [0, 1]);
});

test('virtual window: a 100 MB file is scrolled through a capped spacer and still reaches the last row', () => {
  const totalRows = Math.ceil((100 * 1024 * 1024) / 16) + 1;
  const base = { viewportHeight: 600, rowHeight: 20, totalRows };
  const top = computeWindow({ ...base, scrollTop: 0 });
  assert.equal(top.scaled, true);
  assert.equal(top.spacerHeight, MAX_SCROLL_HEIGHT);
  assert.equal(top.firstRow, 0);
  assert.ok(top.endRow - top.firstRow < 50, 'only a screenful of rows is rendered');
  const bottom = computeWindow({ ...base, scrollTop: MAX_SCROLL_HEIGHT - 600, overscan: 0 });
  assert.equal(bottom.endRow, totalRows);
  const mid = scrollTopForRow(totalRows / 2, base);
  assert.ok(Math.abs(topRowAt({ ...base, scrollTop: mid }) - totalRows / 2) < 1);
  // Rows render in the viewport: the window's top row sits at scrollTop.
  const w = computeWindow({ ...base, scrollTop: mid, overscan: 0 });
  assert.ok(Math.abs(w.offsetY - mid) < 20);
});

test('revealRows scrolls as little as needed; rowAtViewportY maps clicks back', () => {
  const base = { viewportHeight: 400, rowHeight: 20, totalRows: 1000 };
  assert.equal(revealRows(12, 12, { ...base, scrollTop: 200 }), undefined);
  assert.equal(revealRows(5, 5, { ...base, scrollTop: 200 }), 100);
  assert.equal(revealRows(40, 40, { ...base, scrollTop: 200 }), (41 - 20) * 20);
  assert.equal(rowAtViewportY(30, { ...base, scrollTop: 200 }), 11);
});

test('a byte inserted in a big document: the pages sent with the change fill the view, no page request', () => {
  const size = 64 * PAGE_SIZE;
  const store = new ByteStore(new Uint8Array(size).map((_, i) => i & 0xff));
  const view = new PageCache(size, 0);
  view.put(0, store.slice(0, 8 * PAGE_SIZE), 0);
  for (const at of [0, 5 * PAGE_SIZE + 7]) {
    store.apply(insertBytes(store, at, [0xab]));
    const around = pagesAround(at);
    assert.equal(around.start % PAGE_SIZE, 0, 'page aligned');
    assert.ok(around.start <= at && at < around.end);
    view.invalidateFrom(at, store.size, store.version);
    assert.ok(view.put(around.start, store.slice(around.start, around.end), store.version));
    assert.equal(view.byte(at), 0xab);
    // The rows around the caret (a screen and a page either side) need no request.
    assert.deepEqual(view.request(Math.max(0, at - PAGE_SIZE), at + 1024 + PAGE_SIZE), []);
    assert.deepEqual(view.slice(at - (at ? 1 : 0), at + 2), store.slice(at - (at ? 1 : 0), at + 2));
  }
});

test('page cache: requests only missing pages, merges neighbours, drops stale versions, evicts far pages', () => {
  const c = new PageCache(3 * PAGE_SIZE + 100, 1, 2);
  assert.deepEqual(c.request(0, 2 * PAGE_SIZE), [{ offset: 0, length: 2 * PAGE_SIZE }]);
  assert.deepEqual(c.request(0, 2 * PAGE_SIZE), [], 'pending pages are not asked twice');
  assert.deepEqual(c.request(3 * PAGE_SIZE, 1e9), [{ offset: 3 * PAGE_SIZE, length: 100 }]);
  const data = new Uint8Array(2 * PAGE_SIZE).map((_, i) => i & 0xff);
  assert.equal(c.put(0, data, 0), false, 'stale');
  assert.equal(c.put(0, data, 1), true);
  assert.equal(c.byte(PAGE_SIZE + 5), (PAGE_SIZE + 5) & 0xff);
  assert.equal(c.byte(3 * PAGE_SIZE), undefined);
  assert.deepEqual(c.slice(0, 3), Uint8Array.from([0, 1, 2]));
  assert.equal(c.slice(0, 3 * PAGE_SIZE + 1), undefined);
  c.put(3 * PAGE_SIZE, new Uint8Array(100), 1);
  assert.equal(c.cachedPages, 3);
  c.evict(0);
  assert.equal(c.cachedPages, 2);
  assert.equal(c.byte(3 * PAGE_SIZE), undefined, 'farthest page evicted');
  c.put(0, data, 1);
  c.invalidateFrom(5, 3 * PAGE_SIZE + 100, 2, 6);
  assert.equal(c.byte(5), undefined, 'edited page dropped');
  assert.equal(c.byte(PAGE_SIZE + 5), (PAGE_SIZE + 5) & 0xff, 'same-size edit keeps the pages after it');
  c.put(0, data, 2);
  c.invalidateFrom(PAGE_SIZE, 50, 3);
  assert.equal(c.byte(0), 0);
  assert.equal(c.byte(PAGE_SIZE + 5), undefined);
  c.reset(10, 3);
  assert.deepEqual(fromBase64(Buffer.from([1, 2, 250]).toString('base64')), Uint8Array.from([1, 2, 250]));
  assert.deepEqual(toBytes({ 1: 7, 0: 5 } as unknown as ArrayLike<number>), Uint8Array.from([5, 7]));
  assert.deepEqual(toBytes(Uint8Array.from([1, 2]).buffer), Uint8Array.from([1, 2]));
  assert.equal(c.cachedPages, 0);
});

test('selection: ranges, cells and keyboard movement (arrows, PageUp/Down, Home/End, shift extends)', () => {
  const size = 600;
  const o = { size, pageRows: 10 };
  assert.deepEqual(selectedRange({ anchor: 20, focus: 10 }, size), { start: 10, end: 21 });
  assert.deepEqual(selectedRange(collapsed(600), size), { start: 600, end: 600 }, 'insertion point selects nothing');
  assert.deepEqual(selectRange({ start: 96, end: 128 }), { anchor: 96, focus: 127 });
  assert.deepEqual(cellOf(35), { row: 2, col: 3 });
  assert.equal(offsetOf(2, 3), 35);
  assert.equal(move(collapsed(17), 'ArrowLeft', o).focus, 16);
  assert.equal(move(collapsed(0), 'ArrowLeft', o).focus, 0);
  assert.equal(move(collapsed(17), 'ArrowDown', o).focus, 33);
  assert.equal(move(collapsed(595), 'ArrowDown', o).focus, 600, 'down from the last row goes to the end');
  assert.equal(move(collapsed(5), 'ArrowUp', o).focus, 5);
  assert.equal(move(collapsed(17), 'PageDown', o).focus, 177);
  assert.equal(move(collapsed(17), 'PageUp', o).focus, 1);
  assert.equal(move(collapsed(37), 'Home', o).focus, 32);
  assert.equal(move(collapsed(37), 'End', o).focus, 47);
  assert.equal(move(collapsed(37), 'End', { ...o, ctrl: true }).focus, 600);
  assert.equal(move(collapsed(37), 'Home', { ...o, ctrl: true }).focus, 0);
  assert.deepEqual(move(collapsed(37), 'ArrowRight', { ...o, shift: true }), { anchor: 37, focus: 38 });
  assert.ok(isMoveKey('PageDown') && !isMoveKey('a'));
  assert.equal(hexDigit('f'), 15);
  assert.equal(hexDigit('g'), undefined);
  assert.equal(bytesToHex(Uint8Array.from([0x56, 0x0a])), '56 0a');
});

test('chunk tree: calls → chunks → header/payload/padding → fields; byte → node and node → bytes', () => {
  const a = wire(exampleStream());
  const t = buildTree(a);
  assert.equal(t.roots.length, 5, 'one call per chunk by default');
  assert.deepEqual(t.chunkStarts, [0, 96, 272, 464, 552]);
  const offer = t.byId.get('k1')!;
  assert.equal(offer.label, 'Chunk 2 OFFER', 'numbered from 1 as in the debugger');
  assert.deepEqual([offer.start, offer.end], [96, 272]);
  assert.deepEqual(
    offer.children.map((c) => c.kind),
    ['header', 'payload', 'padding'],
  );
  // Byte 128 is OFFER's ChannelId.
  const path = nodePathAt(t, 128);
  assert.deepEqual(
    path.map((n) => n.kind),
    ['call', 'chunk', 'payload', 'field'],
  );
  assert.equal(nodeAt(t, 128)!.label, 'ChannelId');
  assert.equal(nodeAt(t, 128)!.field!.display, '0x00000011 (17)');
  assert.equal(nodeAt(t, 97)!.label, 'Magic');
  assert.equal(nodeAt(t, 100)!.label, 'HeaderSize');
  assert.equal(nodeAt(t, 268)!.kind, 'padding');
  assert.equal(nodeAt(t, 10_000), undefined);
  // GPADL ranges are groups with fields inside.
  assert.equal(nodeAt(t, 464 + 32 + 24)!.label, 'Pfn0');
  assert.deepEqual(ancestorsOf(nodeAt(t, 128)!), ['c1', 'k1', 'k1/p']);
  // Segments colour the bytes.
  assert.equal(segmentAt(t.segments, 0)!.kind, 'header');
  assert.equal(segmentAt(t.segments, 40)!.kind, 'payload');
  assert.equal(segmentAt(t.segments, 268)!.kind, 'padding');
  assert.equal(segmentsIn(t.segments, 90, 100).length, 2);
  // Flattening follows the expanded set.
  assert.equal(flattenTree(t.roots, new Set()).length, 5);
  const rows = flattenTree(t.roots, new Set(['c1', 'k1']));
  assert.deepEqual(
    rows.slice(1, 6).map((r) => [r.node.id, r.depth]),
    [
      ['c1', 0],
      ['k1', 1],
      ['k1/h', 2],
      ['k1/p', 2],
      ['k1/d', 2],
    ],
  );
});

test('problems mark their bytes, their tree nodes and the hover text', () => {
  const b = exampleStream();
  b[96 + 28] ^= 0xff; // OFFER HeaderCrc32c
  const a = wire(b);
  const t = buildTree(a);
  const ix = indexProblems(a.problems, b.length);
  assert.equal(severityAt(ix, 96 + 28), 'error');
  assert.equal(severityAt(ix, 0), undefined);
  assert.ok(problemsAt(ix, 96 + 29).some((p) => p.code === 'CRC-HEADER'));
  assert.equal(t.byId.get('k1')!.severity, 'error');
  assert.equal(t.byId.get('k0')!.severity, undefined);
  const hover = describeOffset(t, ix, 128, 0x11);
  assert.match(hover, /Offset 0x00000080 \(128\)/);
  assert.match(hover, /ChannelId \(u32\) = 0x00000011 \(17\)/);
  assert.match(describeOffset(t, ix, 96 + 28), /CRC-HEADER/);
  // An empty range at the end of the file (EOF-TRUNCATED) marks the last byte.
  const eof = indexProblems(
    [{ code: 'EOF-TRUNCATED', message: 'x', severity: 'error', bytes: { start: 600, end: 600 } }],
    600,
  );
  assert.equal(severityAt(eof, 599), 'error');
});

test('row rendering: offset, 16 hex cells and ASCII, classes for kind, chunk start, selection, caret, problems, loading', () => {
  const b = exampleStream();
  b[5] ^= 0xff; // break header CRC of BEGIN... (VersionMajor → VER-MAJOR)
  const a = wire(b);
  const t = buildTree(a);
  const ctx: RowContext = {
    size: b.length,
    byte: (o) => (o < 590 ? b[o] : undefined),
    segments: t.segments,
    chunkStarts: new Set(t.chunkStarts),
    problems: indexProblems(a.problems, b.length),
    selStart: 2,
    selEnd: 3,
    caret: 3,
  };
  const html = renderRow(0, ctx);
  assert.match(html, /^<div class="row" data-row="0"><span class="off">00000000<\/span>/);
  assert.equal((html.match(/class="b /g) ?? []).length, 16);
  assert.match(html, /<span class="b h k0 cs" data-o="0">56<\/span>/);
  assert.match(html, /data-o="2">53</);
  assert.match(html, /class="b h k0 sel cur" data-o="3">43</);
  assert.match(html, /class="b h k0 pe" data-o="5">/);
  assert.match(html, /<span class="a h k0 cs" data-o="0">V<\/span>/);
  // Row 6 (offsets 96..111) starts OFFER: odd chunk shade and a boundary.
  assert.match(renderRow(6, ctx), /class="b h k1 cs[^"]*" data-o="96"/);
  // Bytes not loaded yet show as dots; past the end cells are blank and the insertion point is a cell.
  const last = renderRow(37, { ...ctx, caret: 600, selStart: 600, selEnd: 600 });
  assert.match(last, /data-o="593">··</);
  assert.match(last, /class="b eof cur" data-o="600"/);
  assert.equal((last.match(/class="b x"/g) ?? []).length, 7);
  // A pending nibble shows on the caret.
  assert.match(renderRow(0, { ...ctx, pendingNibble: 0xa }), /pend" data-o="3">A3</);
  assert.match(renderRow(0, { ...ctx, pendingNibble: 0xa, insertMode: true }), /pend" data-o="3">A_</);
  assert.equal(offsetLabel(0x1234, 600), '00001234');
  assert.equal(offsetLabel(16, 0x1_0000_0000), '000000010');
  assert.equal(asciiChar(0x3c), '&lt;');
  assert.equal(asciiChar(0), '·');
});

test('trace rows: each call with its status, coloured by outcome (MORE_PROCESSING_REQUIRED is progress)', () => {
  const good = traceRows(wire(exampleStream()));
  assert.deepEqual(
    good.map((r) => r.outcome),
    ['progress', 'progress', 'progress', 'progress', 'success'],
  );
  assert.equal(good[0].status, 'STATUS_MORE_PROCESSING_REQUIRED');
  assert.match(good[0].detail, /NT_SUCCESS is FALSE/);
  assert.deepEqual([good[1].start, good[1].end], [96, 272]);
  const b = exampleStream();
  b[464 + 32 + 33] ^= 1;
  const bad = traceRows(wire(b));
  assert.deepEqual(
    bad.map((r) => r.outcome),
    ['progress', 'progress', 'progress', 'failure', 'failure'],
  );
  assert.equal(bad[3].status, 'STATUS_CRC_ERROR');
  assert.match(bad[3].detail, /^CRC-PAYLOAD/);
});

test('large files: a lite analysis (no fields) builds the tree; chunk fields attach on demand', () => {
  const b = exampleStream();
  b[128] ^= 1; // OFFER payload CRC problem
  const full = wire(b);
  const lite = liteAnalysis(full);
  assert.ok(JSON.stringify(lite).length < JSON.stringify(full).length / 2);
  const t = buildTree(lite);
  assert.deepEqual([...t.fieldsMissing!], [0, 1, 2, 3, 4]);
  assert.equal(nodeAt(t, 128)!.kind, 'payload', 'without fields the deepest node is the section');
  assert.equal(t.byId.get('k1')!.severity, 'error');
  const f = chunkFields(full, 1, b)!;
  attachFields(t, 1, f.headerFields, f.payloadFields);
  assert.equal(t.fieldsMissing!.has(1), false);
  assert.equal(nodeAt(t, 128)!.label, 'ChannelId');
  assert.equal(nodeAt(t, 96 + 20)!.label, 'PayloadCrc32c');
  assert.equal(nodeAt(t, 96 + 20)!.severity, 'error');
  assert.equal(t.byId.get('k1/p.0')!.label, 'ChannelId');
  attachFields(t, 1, [], []); // already attached: no change
  assert.equal(nodeAt(t, 128)!.label, 'ChannelId');
  assert.equal(chunkFields(full, 99, b), undefined);
});
