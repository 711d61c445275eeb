// Issue 6, parts 3 and 6: the binary saved-state editor (vmbstate.binaryEditor) on a copy of
// samples/good.vmbstate: open, edit → dirty, undo → clean, save → the exact bytes on disk; edits
// through the editor's test hooks (vmbstate._editorAction, the webview's own messages) and, in the
// web harness, through the webview itself (click a hex cell, type hex digits), with the hex rows,
// the chunk tree and the restore trace checked in the DOM and screenshotted.

import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { afterEach, describe, it } from 'mocha';
import { closeAll, copyInWorkspace, core, editorAction, editorSettled, editorState, tabOf, UI } from '../support/util';

const hex2 = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');
/** Offset of GPADL's first payload byte in the design example (GpadlId, 0xE001 little-endian: 01 E0 00 00). */
const GPADL_PAYLOAD = 0x1f0;

async function openEditor(rel: string): Promise<{ uri: vscode.Uri; original: Uint8Array }> {
  const uri = copyInWorkspace('good.vmbstate', rel);
  const original = new Uint8Array(fs.readFileSync(uri.fsPath));
  await vscode.commands.executeCommand('vscode.openWith', uri, 'vmbstate.binaryEditor');
  const s = await editorSettled(uri);
  assert.strictEqual(s.size, original.length);
  assert.strictEqual(s.dirty, false);
  assert.strictEqual(s.outcome, 'STATUS_SUCCESS');
  return { uri, original };
}

async function waitState(
  uri: vscode.Uri,
  pred: (s: NonNullable<Awaited<ReturnType<typeof editorState>>>) => boolean,
  message: string,
) {
  return vmbIT.waitFor(
    async () => {
      const s = await editorState(uri);
      return s && pred(s) ? s : undefined;
    },
    { timeout: 15000, interval: 150, message },
  );
}

/** Waits until the hex cell of byte `o` shows `text`; the failure says what it shows and what the editor holds. */
async function cellShows(o: number, text: string, when: string): Promise<void> {
  let last = '';
  try {
    await vmbIT.waitFor(
      async () => (last = await vmbIT.ui.text(`#hex-rows span.b[data-o="${o}"]`, { frame: 'all' })) === text,
      { timeout: 8000 },
    );
  } catch {
    const s = await editorState();
    const a = await waitState(
      s ? vscode.Uri.parse(s.uri) : vmbIT.uri('x'),
      (x) => x.analysisVersion === x.version && !x.analyzing,
      'analysis',
    ).catch(() => undefined);
    throw new Error(
      `${when} (analysis outcome ${a?.outcome}): the hex cell of byte 0x${o.toString(16)} shows "${last}", not "${text}" (document version ${s?.version}, dirty ${s?.dirty}; webview version ${s?.webview?.version}, stats ${JSON.stringify(s?.webview?.stats)}, lastError ${s?.webview?.lastError ?? 'none'})`,
    );
  }
}

const diskBytes = (uri: vscode.Uri) => new Uint8Array(fs.readFileSync(uri.fsPath));

describe('custom editor vmbstate.binaryEditor', () => {
  afterEach(closeAll);

  it('opens a .vmbstate with vmbstate.binaryEditor: every row, the chunk tree, the outcome', async () => {
    const { uri } = await openEditor('editor/open.vmbstate');
    const tab = tabOf(uri)!;
    assert.ok(tab.input instanceof vscode.TabInputCustom && tab.input.viewType === 'vmbstate.binaryEditor');
    assert.strictEqual(tab.isDirty, false);
    const s = (await editorState(uri))!;
    assert.strictEqual(s.viewType, 'vmbstate.binaryEditor');
    assert.strictEqual(s.problems, 0);
    assert.strictEqual(s.diagnostics, 0);
    const w = s.webview!;
    assert.strictEqual(w.size, 600);
    assert.strictEqual(w.outcome, 'STATUS_SUCCESS');
    // 600 bytes = 38 rows of 16 (the last one partly empty), all rendered; calls and chunks in the tree.
    assert.strictEqual(w.renderedRowCount, 38);
    assert.ok(w.treeRows >= 10, `tree rows: ${w.treeRows}`);
  });

  it('an edit makes it dirty, undo restores it, save writes the exact bytes', async () => {
    const { uri, original } = await openEditor('editor/edit.vmbstate');
    // Overwrite GpadlId's low byte (0x01 → 0x02), as typing "02" there does.
    let s = (await editorAction(uri, 'overwrite', { offset: GPADL_PAYLOAD, data: [0x02] }))!;
    assert.strictEqual(s.dirty, true);
    await vmbIT.waitFor(() => tabOf(uri)?.isDirty, { message: 'the tab to show the document dirty' });
    // Re-analysed: the GPADL payload no longer matches its CRC.
    s = await waitState(uri, (x) => x.analysisVersion === x.version && !x.analyzing, 'the analysis of the edit');
    assert.strictEqual(s.outcome, 'STATUS_CRC_ERROR');
    const diags = vscode.languages.getDiagnostics(uri);
    assert.ok(
      diags.some((d) => d.code === 'CRC-PAYLOAD' && d.severity === vscode.DiagnosticSeverity.Error),
      `CRC-PAYLOAD in the Problems of the binary: ${diags.map((d) => d.code).join(', ')}`,
    );
    // Undo through VS Code (the editor's edit went onto VS Code's undo stack).
    await vscode.commands.executeCommand('undo');
    s = await waitState(uri, (x) => !x.dirty, 'undo to make the document clean');
    await vmbIT.waitFor(() => tabOf(uri) && !tabOf(uri)!.isDirty, { message: 'the tab to show the document clean' });
    s = await waitState(
      uri,
      (x) => x.analysisVersion === x.version && !x.analyzing && x.outcome === 'STATUS_SUCCESS',
      'the analysis after undo',
    );
    // Redo and undo again, then two more edits (one undone), and save: the undone bytes must be the
    // original ones in the document too, not only on disk.
    await vscode.commands.executeCommand('redo');
    await waitState(uri, (x) => x.dirty, 'redo to make it dirty again');
    await vscode.commands.executeCommand('undo');
    await waitState(uri, (x) => !x.dirty, 'undo again');
    await editorAction(uri, 'overwrite', { offset: GPADL_PAYLOAD + 4, data: [0x12] }); // ChannelId 17 → 18
    const v = (await editorAction(uri, 'overwrite', { offset: GPADL_PAYLOAD + 8, data: [0x03] }))!.version; // State 2 → 3
    await vscode.commands.executeCommand('undo');
    await waitState(uri, (x) => x.dirty && x.version === v + 1, 'the last edit undone');
    assert.deepStrictEqual(diskBytes(uri), original, 'nothing written before save');
    await vscode.commands.executeCommand('workbench.action.files.save');
    s = await waitState(uri, (x) => !x.dirty, 'save to make it clean');
    const expected = original.slice();
    expected[GPADL_PAYLOAD + 4] = 0x12;
    const saved = diskBytes(uri);
    const diff = [...saved].flatMap((b, i) =>
      b !== expected[i] ? [`0x${i.toString(16)}: ${hex2(b)} (expected ${hex2(expected[i])})`] : [],
    );
    assert.deepStrictEqual(diff, [], 'saved bytes = original with only the one edit left');
    assert.strictEqual(saved.length, expected.length);
    await vmbIT.waitFor(() => tabOf(uri) && !tabOf(uri)!.isDirty, { message: 'the tab to show the document saved' });
  });

  it('a quick fix from the editor (Recompute CRCs) repairs an edited stream; saved bytes are the CLI-valid ones', async () => {
    const { uri, original } = await openEditor('editor/fix.vmbstate');
    await editorAction(uri, 'overwrite', { offset: GPADL_PAYLOAD + 0x18, data: [0x09] }); // a PFN byte
    let s = await waitState(uri, (x) => x.analysisVersion === x.version && !x.analyzing, 'the analysis of the edit');
    assert.strictEqual(s.outcome, 'STATUS_CRC_ERROR');
    await editorAction(uri, 'quickFix', { fix: 'allCrcs' });
    s = await waitState(
      uri,
      (x) => x.analysisVersion === x.version && !x.analyzing && x.outcome === 'STATUS_SUCCESS',
      'the analysis after the fix',
    );
    assert.strictEqual(s.problems, 0);
    await vscode.commands.executeCommand('workbench.action.files.save');
    await waitState(uri, (x) => !x.dirty, 'save');
    const saved = diskBytes(uri);
    assert.strictEqual(saved.length, original.length);
    assert.strictEqual(saved[GPADL_PAYLOAD + 0x18], 0x09);
    // Only the edited byte and CRCs differ: GPADL's payload and header CRC (header at 0x1D0: +0x14, +0x1C),
    // END's StreamCrc32c (0x250) and so END's payload and header CRC (header at 0x228).
    const crcs = [0x1d0 + 0x14, 0x1d0 + 0x1c, 0x250, 0x228 + 0x14, 0x228 + 0x1c];
    const changed = [...saved].flatMap((b, i) => (b !== original[i] ? [i] : []));
    for (const i of changed) {
      const ok = i === GPADL_PAYLOAD + 0x18 || crcs.some((c) => i >= c && i < c + 4);
      assert.ok(ok, `byte 0x${i.toString(16)} changed`);
    }
    for (const c of crcs)
      assert.ok(
        changed.some((i) => i >= c && i < c + 4),
        `the CRC at 0x${c.toString(16)} was recomputed`,
      );
    // The repaired file restores cleanly (the core library, as the CLI runs it).
    const { analyze, decodeDocument, statusName } = core();
    assert.strictEqual(statusName(analyze(decodeDocument(uri.fsPath, saved)).outcome.status), 'STATUS_SUCCESS');
  });

  it(`shows the hex rows, the chunk tree and the restore trace ${UI}`, async () => {
    const { uri, original } = await openEditor('editor/view.vmbstate');
    await vmbIT.ui.waitFor('#hex-rows .row[data-row="0"]', { frame: 'all' });
    assert.strictEqual(await vmbIT.ui.count('#hex-rows .row[data-row]', { frame: 'all' }), 38);
    // The bytes themselves: the first row is the BEGIN header, "VBSC" magic first.
    const cell = (o: number) => vmbIT.ui.text(`#hex-rows span.b[data-o="${o}"]`, { frame: 'all' });
    await vmbIT.waitFor(async () => (await cell(0)) === '56', {
      timeout: 10000,
      message: `byte 0 shown as 56 (it shows "${await cell(0)}")`,
    });
    const row0 = (await vmbIT.ui.text('#hex-rows .row[data-row="0"]', { frame: 'all' })).replace(/\s+/g, ' ');
    const expectRow0 = [...original.slice(0, 16)].map(hex2).join(' ');
    assert.ok(row0.replace(/ /g, '').includes(expectRow0.replace(/ /g, '')), `row 0 "${row0}" shows ${expectRow0}`);
    assert.match(row0, /^00000000/);
    assert.ok(row0.replace(/\s/g, '').includes('VBSC'), `row 0 "${row0}" shows VBSC in the ASCII column`);
    const gpadlRow = (
      await vmbIT.ui.text(`#hex-rows .row[data-row="${GPADL_PAYLOAD / 16}"]`, { frame: 'all' })
    ).replace(/\s+/g, '');
    assert.ok(gpadlRow.startsWith('000001F001E00000'), `row 0x1F0 "${gpadlRow}"`);
    // The chunk tree: five calls (one chunk each: binary files are cut per chunk), all five chunks.
    const tree = await vmbIT.ui.text('#tree-rows', { frame: 'all' });
    for (const t of ['Call 1', 'Call 5', 'BEGIN', 'OFFER', 'CHANNEL_STATE', 'GPADL', 'END'])
      assert.ok(tree.includes(t), `tree shows ${t}:\n${tree}`);
    assert.ok((await vmbIT.ui.count('#tree-rows .tr', { frame: 'all' })) >= 10);
    const trace = await vmbIT.ui.text('#trace', { frame: 'all' });
    assert.match(trace, /STATUS_MORE_PROCESSING_REQUIRED/);
    assert.match(trace, /STATUS_SUCCESS/);
    assert.match(await vmbIT.ui.text('#status', { frame: 'all' }), /STATUS_SUCCESS/);
    // Select the GPADL chunk in the tree: the hex view highlights its bytes.
    await vmbIT.ui.click('#tree-rows .tr:has-text("GPADL") .tl', { frame: 'all' });
    const s = await waitState(uri, (x) => x.selection.start === 0x1d0, 'the GPADL chunk selected');
    assert.strictEqual(s.selection.end, 0x228);
    assert.ok((await vmbIT.ui.count('#hex-rows span.b.hl', { frame: 'all' })) > 0, 'highlighted bytes');
    await vmbIT.screenshot('custom-editor-hex-and-tree');
  });

  it(`typing hex digits in the webview edits the document; Ctrl+S saves it, undo takes an edit back ${UI}`, async () => {
    const { uri, original } = await openEditor('editor/type.vmbstate');
    const typeAt = async (o: number, digits: string) => {
      await vmbIT.ui.click(`#hex-rows span.b[data-o="${o}"]`, { frame: 'all' });
      await waitState(uri, (x) => x.selection.caret === o, `the caret on the clicked byte 0x${o.toString(16)}`);
      await vmbIT.ui.type(digits);
      await waitState(uri, (x) => x.dirty, `the byte typed at 0x${o.toString(16)} to make the document dirty`);
    };
    await vmbIT.ui.waitFor(`#hex-rows span.b[data-o="${GPADL_PAYLOAD}"]`, { frame: 'all' });
    // 1. Type a byte of GpadlId's high half and save with the keyboard: the exact bytes on disk.
    await typeAt(GPADL_PAYLOAD + 2, 'a5');
    await vmbIT.waitFor(() => tabOf(uri)?.isDirty, { message: 'the tab to show the document dirty' });
    await cellShows(GPADL_PAYLOAD + 2, 'A5', 'after typing a5');
    await vmbIT.ui.press('Control+s');
    await waitState(uri, (x) => !x.dirty, 'Ctrl+S to save');
    const saved = original.slice();
    saved[GPADL_PAYLOAD + 2] = 0xa5;
    assert.deepStrictEqual(diskBytes(uri), saved);
    await vmbIT.waitFor(() => tabOf(uri) && !tabOf(uri)!.isDirty, { message: 'the tab to show the document saved' });
    // 2. Type another byte: shown, analysed (the GPADL payload CRC no longer matches), marked.
    await typeAt(GPADL_PAYLOAD, '7f');
    await cellShows(GPADL_PAYLOAD, '7F', 'after typing 7f');
    const s = await waitState(
      uri,
      (x) => x.analysisVersion === x.version && !x.analyzing,
      'the analysis of the typed byte',
    );
    assert.strictEqual(s.outcome, 'STATUS_CRC_ERROR');
    await vmbIT.waitFor(async () => /CRC-PAYLOAD/.test(await vmbIT.ui.text('#problems', { frame: 'all' })), {
      message: 'CRC-PAYLOAD in the editor problem list',
    });
    assert.ok((await vmbIT.ui.count('#hex-rows span.b.pe', { frame: 'all' })) > 0, 'bytes marked with the error');
    await vmbIT.screenshot('custom-editor-typed-byte');
    // 3. Undo it: clean again (= the saved file), and the view shows the saved byte again.
    await vscode.commands.executeCommand('undo');
    await waitState(uri, (x) => !x.dirty, 'undo');
    await cellShows(GPADL_PAYLOAD, hex2(saved[GPADL_PAYLOAD]), 'after undo');
    await cellShows(GPADL_PAYLOAD + 2, 'A5', 'after undo');
    assert.deepStrictEqual(diskBytes(uri), saved);
  });

  it('a field edit in the tree reseals the CRCs (one undo step); with "Reseal on edit" off it writes only the field', async () => {
    const { uri, original } = await openEditor('editor/reseal.vmbstate');
    const channelId = { name: 'ChannelId', fieldType: 'u32', start: GPADL_PAYLOAD + 4, end: GPADL_PAYLOAD + 8 };
    try {
      // Off: the raw edit leaves the payload CRC wrong (a deliberately broken fixture).
      await vscode.commands.executeCommand('vmbstate._setReseal', false);
      await waitState(uri, (x) => x.webview?.reseal === false, 'the toolbar toggle to show off');
      await editorAction(uri, 'editField', { ...channelId, value: '18' });
      let s = await waitState(
        uri,
        (x) => x.dirty && x.analysisVersion === x.version && !x.analyzing,
        'the analysis of the raw edit',
      );
      assert.strictEqual(s.outcome, 'STATUS_CRC_ERROR');
      await vscode.commands.executeCommand('undo');
      await waitState(uri, (x) => !x.dirty, 'undo of the raw edit');
      // On (the default): ChannelId 18 is resealed, so the only problem is the content one, with its fix.
      await vscode.commands.executeCommand('vmbstate._setReseal', true);
      await waitState(uri, (x) => x.webview?.reseal === true, 'the toolbar toggle to show on');
      await editorAction(uri, 'editField', { ...channelId, value: '18' });
      s = await waitState(
        uri,
        (x) => x.dirty && x.analysisVersion === x.version && !x.analyzing && x.webview?.version === x.version,
        'the analysis of the resealed edit',
      );
      const codes = vscode.languages.getDiagnostics(uri).map((d) => String(d.code));
      assert.deepStrictEqual(
        codes.filter((c) => c.startsWith('CRC-')),
        [],
        `no CRC problem after a resealed edit: ${codes.join(', ')}`,
      );
      assert.ok(codes.includes('CONTENT-GPADL-CHANNEL'), codes.join(', '));
      s = await waitState(
        uri,
        (x) => !!x.webview?.fixTitles['CONTENT-GPADL-CHANNEL'],
        'the content fix in the problem list',
      );
      assert.deepStrictEqual(s.webview!.fixTitles['CONTENT-GPADL-CHANNEL'], [
        "Set ChannelId to 17 (the OFFER's ChannelId)",
      ]);
      // Undo takes the field and its CRCs back in one step: the original bytes.
      await vscode.commands.executeCommand('undo');
      await waitState(
        uri,
        (x) => !x.dirty && x.analysisVersion === x.version && x.problems === 0,
        'one undo to restore field and CRCs',
      );
      const doc = (await editorState(uri))!;
      assert.strictEqual(doc.outcome, 'STATUS_SUCCESS');
      assert.strictEqual(original.length, doc.size);
    } finally {
      await vscode.commands.executeCommand('vmbstate._setReseal', true);
    }
  });

  it(`the content quick fix "Set ChannelId to 17 (the OFFER's ChannelId)" clears the problem; Reseal on edit is a toolbar toggle ${UI}`, async () => {
    const { uri } = await openEditor('editor/content-fix.vmbstate');
    await editorAction(uri, 'editField', {
      name: 'ChannelId',
      fieldType: 'u32',
      start: GPADL_PAYLOAD + 4,
      end: GPADL_PAYLOAD + 8,
      value: '18',
    });
    await waitState(uri, (x) => !!x.webview?.fixTitles['CONTENT-GPADL-CHANNEL'], 'the content fix in the problem list');
    assert.match(await vmbIT.ui.text('#reseal-toggle', { frame: 'all' }), /Reseal on edit: on/);
    await vmbIT.screenshot('binary-editor-content-fix-offered');
    await vmbIT.ui.click('#problems button.fix[data-fix="gpadlChannel"]', { frame: 'all' });
    const s = await waitState(
      uri,
      (x) => x.analysisVersion === x.version && !x.analyzing && x.problems === 0,
      'the fix to clear every problem',
    );
    assert.strictEqual(s.outcome, 'STATUS_SUCCESS');
    // The toggle: a click turns resealing off (kept in workspace state), another turns it on again.
    await vmbIT.ui.click('#reseal-toggle', { frame: 'all' });
    await waitState(uri, (x) => x.webview?.reseal === false, 'the toggle to turn resealing off');
    assert.match(await vmbIT.ui.text('#reseal-toggle', { frame: 'all' }), /Reseal on edit: off/);
    await vmbIT.screenshot('binary-editor-reseal-off');
    await vmbIT.ui.click('#reseal-toggle', { frame: 'all' });
    await waitState(uri, (x) => x.webview?.reseal === true, 'the toggle to turn resealing on');
  });

  it(`the splitter resizes the right pane and the width is remembered for the next editor ${UI}`, async () => {
    const { uri } = await openEditor('editor/splitter.vmbstate');
    const before = (await waitState(uri, (x) => !!x.webview?.paneWidths.side, 'pane widths'))!.webview!.paneWidths;
    // Click the splitter (focuses it), then widen the right pane with the keyboard: 6 × 64 px.
    await vmbIT.ui.click('#splitter', { frame: 'all' });
    for (let i = 0; i < 6; i++) await vmbIT.ui.press('Shift+ArrowLeft');
    const wide = await waitState(
      uri,
      (x) => (x.webview?.paneWidths.side ?? 0) >= before.side + 300,
      `the right pane to grow from ${before.side} px`,
    );
    const w = wide.webview!.paneWidths;
    assert.ok(w.hex < before.hex, `the hex view gave up the room: ${JSON.stringify(before)} → ${JSON.stringify(w)}`);
    assert.strictEqual(wide.webview!.sideWidth, w.side);
    await vmbIT.screenshot('binary-editor-splitter-wide');
    // Close and reopen: the width comes back (workspace state).
    await closeAll();
    await vscode.commands.executeCommand('vscode.openWith', uri, 'vmbstate.binaryEditor');
    const again = await waitState(
      uri,
      (x) => !!x.webview && Math.abs((x.webview.paneWidths.side ?? 0) - w.side) <= 2,
      `the reopened editor to keep the ${w.side} px right pane`,
    );
    assert.ok(again.webview!.sideWidth);
    // Double-click goes back to the default layout.
    await vmbIT.ui.evaluate(
      `document.getElementById('splitter').dispatchEvent(new MouseEvent('dblclick', { bubbles: true }))`,
      { frame: 'all', selector: '#splitter' } as never,
    );
    await waitState(uri, (x) => x.webview?.sideWidth === undefined, 'double-click to reset the layout');
    // The reset is remembered too: the next editor opens with the default layout (the hex view's
    // 16 columns at their natural width), not the width dragged before.
    await closeAll();
    await vscode.commands.executeCommand('vscode.openWith', uri, 'vmbstate.binaryEditor');
    const reset = await waitState(uri, (x) => !!x.webview?.paneWidths.side, 'pane widths after the reset');
    assert.strictEqual(reset.webview!.sideWidth, undefined);
    assert.ok(
      Math.abs(reset.webview!.paneWidths.hex - before.hex) <= 2,
      `the hex view back at its default width: ${JSON.stringify(before)} → ${JSON.stringify(reset.webview!.paneWidths)}`,
    );
  });
});
