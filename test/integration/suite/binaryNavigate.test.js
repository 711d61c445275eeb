'use strict';
// Go to Offset and Find Bytes in the binary saved-state editor: the commands take their input as
// an argument (no input box) and the test checks the selection the editor reports.
const assert = require('assert');
const vscode = require('vscode');

const state = (uri) => vscode.commands.executeCommand('vmbstate._editorState', uri && uri.toString());
const sel = async (uri, start, end, message) =>
  vmbIT.waitFor(
    async () => {
      const s = await state(uri);
      return s && s.webview && s.selection.start === start && s.selection.end === end && s.webview.focus === end - 1
        ? s
        : undefined;
    },
    { timeout: 5000, message },
  );

describe('binary editor navigation', function () {
  this.timeout(60000);
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('go to offset and find bytes select the expected bytes', async () => {
    const uri = vmbIT.uri('good.vmbstate');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'vmbstate.binaryEditor');
    const s0 = await vmbIT.waitFor(
      async () => {
        const x = await state(uri);
        return x && x.outcome && x.webview ? x : undefined;
      },
      { timeout: 20000 },
    );
    const size = s0.size;
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('vmbstate.goToOffset') && commands.includes('vmbstate.findBytes'));

    // Go to Offset: hex, decimal, relative, chunk.
    assert.deepStrictEqual(await vscode.commands.executeCommand('vmbstate.goToOffset', '0x1C'), { start: 28, end: 29 });
    await sel(uri, 28, 29, 'selection at 0x1C');
    assert.deepStrictEqual(await vscode.commands.executeCommand('vmbstate.goToOffset', '+0x10'), {
      start: 44,
      end: 45,
    });
    await sel(uri, 44, 45, 'selection at +0x10');
    await vscode.commands.executeCommand('vmbstate.goToOffset', { input: '-4', uri: uri.toString() });
    await sel(uri, 40, 41, 'selection at -4');
    // Chunks count from 1 (as in the tree and the debugger): chunk 2 is the second chunk.
    const c1 = await vscode.commands.executeCommand('vmbstate.goToOffset', 'chunk 2');
    assert.ok(c1 && c1.start > 0, JSON.stringify(c1));
    await sel(uri, c1.start, c1.start + 1, 'chunk 2');
    const bad = await vscode.commands.executeCommand('vmbstate.goToOffset', String(size + 1));
    assert.match(bad.error, /out of range/);
    assert.match((await vscode.commands.executeCommand('vmbstate.goToOffset', 'twelve')).error, /not an offset/);

    // Find Bytes: from offset 0 the next "VBSC" after the first is chunk 2's magic; again moves on; wraps.
    await vscode.commands.executeCommand('vmbstate.goToOffset', '0');
    await sel(uri, 0, 1, 'back to 0');
    let f = await vscode.commands.executeCommand('vmbstate.findBytes', '56 42 53 43');
    assert.deepStrictEqual(f, { start: 0, end: 4, wrapped: false });
    await sel(uri, 0, 4, 'first magic');
    f = await vscode.commands.executeCommand('vmbstate.findBytes', '"VBSC"');
    assert.deepStrictEqual(f, { start: c1.start, end: c1.start + 4, wrapped: false });
    await sel(uri, c1.start, c1.start + 4, 'second magic');
    await vscode.commands.executeCommand('vmbstate.goToOffset', String(size - 1));
    await sel(uri, size - 1, size, 'last byte');
    f = await vscode.commands.executeCommand('vmbstate.findBytes', '5642 5343');
    assert.deepStrictEqual(f, { start: 0, end: 4, wrapped: true });
    await sel(uri, 0, 4, 'wrapped to the first magic');
    assert.deepStrictEqual(await vscode.commands.executeCommand('vmbstate.findBytes', 'de ad be ef 99 88 77'), {
      notFound: true,
    });
    assert.match(
      (await vscode.commands.executeCommand('vmbstate.findBytes', '56 4')).error || '',
      /whole number of bytes/,
    );
    const s = await state(uri);
    assert.deepStrictEqual(s.selection, { start: 0, end: 4, caret: 3 }, 'not found keeps the selection');
  });
  it('Ctrl+G in the editor opens Go to Offset and jumps to the typed offset [ui]', async () => {
    const uri = vmbIT.uri('good.vmbstate');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'vmbstate.binaryEditor');
    await vmbIT.ui.waitFor('#hex-rows .row', { frame: 'all' });
    await vmbIT.waitFor(
      async () => {
        const x = await state(uri);
        return x && x.webview ? x : undefined;
      },
      { timeout: 20000 },
    );
    await vmbIT.ui.click('[data-o="0"]', { frame: 'all' });
    await vmbIT.ui.press('Control+g');
    await vmbIT.ui.waitFor('.quick-input-widget input', {});
    await vmbIT.ui.type('0x20');
    await vmbIT.sleep(200);
    await vmbIT.screenshot('binary-go-to-offset');
    await vmbIT.ui.press('Enter');
    await sel(uri, 32, 33, 'Ctrl+G to 0x20');
  });

  it('Ctrl+F finds bytes, F3 / Shift+F3 find the next / previous match and wrap, in the editor [ui]', async () => {
    const uri = vmbIT.uri('good.vmbstate');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'vmbstate.binaryEditor');
    await vmbIT.ui.waitFor('#hex-rows .row', { frame: 'all' });
    await vmbIT.waitFor(
      async () => {
        const x = await state(uri);
        return x && x.webview && x.outcome ? x : undefined;
      },
      { timeout: 20000 },
    );
    await vmbIT.ui.click('[data-o="0"]', { frame: 'all' });
    await vmbIT.ui.press('Control+f');
    await vmbIT.ui.waitFor('.quick-input-widget input', {});
    await vmbIT.ui.press('Control+a');
    await vmbIT.ui.type('"VBSC"');
    await vmbIT.sleep(200);
    await vmbIT.screenshot('binary-find-bytes-ctrl-f');
    await vmbIT.ui.press('Enter');
    await sel(uri, 0, 4, 'Ctrl+F "VBSC" from the caret at 0');
    // Focus back in the webview (not on a byte, which would move the caret), then F3 / Shift+F3.
    await vmbIT.ui.click('#file-size', { frame: 'all' });
    await vmbIT.ui.press('F3');
    await sel(uri, 96, 100, 'F3 to the second chunk magic');
    await vmbIT.ui.press('F3');
    await sel(uri, 272, 276, 'F3 to the third');
    await vmbIT.ui.press('Shift+F3');
    await sel(uri, 96, 100, 'Shift+F3 back to the second');
    await vmbIT.ui.press('Shift+F3');
    await sel(uri, 0, 4, 'Shift+F3 back to the first');
    await vmbIT.ui.press('Shift+F3');
    await sel(uri, 552, 556, 'Shift+F3 wraps to the last magic (END)');
    await vmbIT.screenshot('binary-find-previous-wrapped');
    await vmbIT.ui.press('F3');
    await sel(uri, 0, 4, 'F3 wraps to the first');
  });

  it('F5 in the editor starts Step Restore on the file, not the "Select debugger" picker [ui]', async () => {
    const uri = vmbIT.uri('good.vmbstate');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'vmbstate.binaryEditor');
    await vmbIT.ui.waitFor('#hex-rows .row', { frame: 'all' });
    await vmbIT.waitFor(
      async () => {
        const x = await state(uri);
        return x && x.webview ? x : undefined;
      },
      { timeout: 20000 },
    );
    await vmbIT.ui.click('[data-o="0"]', { frame: 'all' });
    const started = new Promise((resolve) => {
      const d = vscode.debug.onDidStartDebugSession((s) => {
        d.dispose();
        resolve(s);
      });
    });
    try {
      await vmbIT.ui.press('F5');
      const s = await Promise.race([started, vmbIT.sleep(15000).then(() => undefined)]);
      await vmbIT.screenshot('binary-f5-step-restore');
      assert.ok(
        s,
        `F5 started no debug session (quick input open: ${await vmbIT.ui.count('.quick-input-widget:visible', {})})`,
      );
      assert.strictEqual(s.type, 'vmbstate');
      assert.strictEqual(s.configuration.program, uri.fsPath);
      assert.strictEqual(await vmbIT.ui.count('.quick-input-widget:visible', {}), 0, 'no debugger picker');
    } finally {
      if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
      await vmbIT.waitFor(() => !vscode.debug.activeDebugSession, { timeout: 10000, message: 'the session to end' });
      // The session opened the Debug Console: close the panel so later tests get the whole editor height.
      await vscode.commands.executeCommand('workbench.action.closePanel');
    }
  });
});
