// Issue 16, saved-state editor conveniences in a real VS Code: the data inspector decodes the
// selected bytes and edits them in place (one undo step), Copy As writes each format, Paste Bytes
// reads a C array back, Select Range / Select Call or Chunk select, with screenshots.

import * as assert from 'assert';
import * as vscode from 'vscode';
import { afterEach, describe, it } from 'mocha';
import { closeAll, copyInWorkspace, editorAction, editorSettled, editorState, type EditorState } from '../support/util';

/** 0x1F0: the first payload byte of the sample's GPADL (chunk 4), its GpadlId 0x0000E001. */
const GPADL_ID = 0x1f0;

const row = (s: EditorState | undefined, label: string) => s?.webview?.inspector?.rows.find((r) => r[0] === label)?.[1];

async function inspectorAt(uri: vscode.Uri, at: number, label: string, want: string | RegExp, message: string) {
  return vmbIT.waitFor(
    async () => {
      const s = await editorState(uri);
      const v = row(s, label);
      return s?.webview?.inspector?.at === at &&
        v !== undefined &&
        (typeof want === 'string' ? v === want : want.test(v))
        ? s
        : undefined;
    },
    { timeout: 10000, message: `${message} (${label} = ${String(want)} at 0x${at.toString(16)})` },
  );
}

describe('saved-state editor: data inspector and copy-as', function () {
  this.timeout(90000);
  afterEach(closeAll);

  it('data inspector and copy-as: the inspector decodes the GPADL id and edits it in place, undone in one step', async () => {
    const uri = copyInWorkspace('good.vmbstate', 'inspector-it/inspect.vmbstate');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'vmbstate.binaryEditor');
    await editorSettled(uri);
    await editorAction(uri, 'select', { start: GPADL_ID, end: GPADL_ID + 4 });
    let s = await inspectorAt(uri, GPADL_ID, 'u32 LE', '57345 (0x0000E001)', 'the inspector on GpadlId');
    assert.strictEqual(row(s, 'u32 BE'), '31457280 (0x01E00000)');
    assert.strictEqual(row(s, 'u16 LE'), '57345 (0xE001)');
    assert.strictEqual(row(s, 'ASCII (4 B)'), '\\x01\\xe0\\x00\\x00');
    // The stream starts with the magic "VBSC" and the header's HeaderSize 32.
    await editorAction(uri, 'select', { start: 0, end: 0 });
    s = await inspectorAt(uri, 0, 'ASCII (16 B)', /^VBSC /, 'the inspector on the magic');
    assert.strictEqual(row(s, 'u32 LE'), '1129529942 (0x43534256)');

    // Edit GpadlId through the u32 LE row: one overwrite, one undo step.
    await editorAction(uri, 'select', { start: GPADL_ID, end: GPADL_ID + 4 });
    await inspectorAt(uri, GPADL_ID, 'u32 LE', '57345 (0x0000E001)', 'back on GpadlId');
    const before = (await editorState(uri))!.version;
    await editorAction(uri, 'inspectorEdit', { kind: 'u32', order: 'le', value: '0xE002' });
    s = await inspectorAt(uri, GPADL_ID, 'u32 LE', '57346 (0x0000E002)', 'the edited value');
    assert.strictEqual(s.dirty, true);
    assert.strictEqual(s.version, before + 1, 'one edit');
    await vmbIT.sleep(300);
    await vmbIT.screenshot('data-inspector-gpadl-id-edited');
    // A value that does not fit is refused: nothing changes, a banner says why.
    s = (await editorAction(uri, 'inspectorEdit', { kind: 'u8', order: 'le', value: '256' }))!;
    assert.ok(s.webview?.banners.includes('inspector-edit'), JSON.stringify(s.webview?.banners));
    assert.strictEqual(s.version, before + 1, 'the refused value wrote nothing');
    await vscode.commands.executeCommand('undo');
    await inspectorAt(uri, GPADL_ID, 'u32 LE', '57345 (0x0000E001)', 'undone');
  });

  it('data inspector and copy-as: Copy As writes each format, Paste Bytes reads a C array back, Select commands select', async () => {
    const uri = copyInWorkspace('good.vmbstate', 'inspector-it/copy.vmbstate');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'vmbstate.binaryEditor');
    await editorSettled(uri);
    type Copied = { text: string } | { error: string };
    const copy = (format: string) => vscode.commands.executeCommand<Copied>('vmbstate.copyAs', format);

    // Whole chunk 4 (the GPADL) copies as its text form.
    const chunk = await vscode.commands.executeCommand<{ start: number; end: number }>(
      'vmbstate.selectChunk',
      'chunk 4',
    );
    assert.deepStrictEqual(chunk, { start: 464, end: 552 });
    const c = await copy('vmbhex');
    assert.ok('text' in c, JSON.stringify(c));
    assert.match(c.text, /^# chunk 1 @ 0x00000000, 88 bytes\n\.chunk GPADL seq=3/);
    assert.match(c.text, /GpadlId: u32:0xE001/);
    const clip = await vscode.env.clipboard.readText();
    assert.strictEqual(clip, c.text, 'the clipboard holds what was copied');

    // Four bytes from a Select Range: each byte format.
    assert.deepStrictEqual(await vscode.commands.executeCommand('vmbstate.selectRange', '0x1F0 +4'), {
      start: GPADL_ID,
      end: GPADL_ID + 4,
    });
    const expected: Record<string, string> = {
      hex: '01 e0 00 00',
      c: 'const unsigned char data[4] = {\n  0x01, 0xe0, 0x00, 0x00,\n};\n',
      rust: 'const DATA: [u8; 4] = [\n    0x01, 0xe0, 0x00, 0x00,\n];\n',
      python: "data = b'\\x01\\xe0\\x00\\x00'\n",
      base64: 'AeAAAA==',
      vmbhex: '.raw\n  01 e0 00 00                                      # 0x000001F0\n.endraw\n',
    };
    for (const [format, text] of Object.entries(expected)) assert.deepStrictEqual(await copy(format), { text }, format);
    assert.match(((await copy('xml')) as { error: string }).error, /"xml" is not a format/);

    // Paste a C array over GpadlId: the inspector reads the new id; the selection is what was written.
    const pasted = await vscode.commands.executeCommand('vmbstate.pasteBytes', '{ 0x02, 0xe0, 0x00, 0x00 }');
    assert.deepStrictEqual(pasted, { start: GPADL_ID, end: GPADL_ID + 4 });
    await inspectorAt(uri, GPADL_ID, 'u32 LE', '57346 (0x0000E002)', 'after Paste Bytes');
    const bad = await vscode.commands.executeCommand<{ error: string }>('vmbstate.pasteBytes', 'not bytes');
    assert.match(bad.error, /holds no bytes/);

    // Select All.
    const size = (await editorState(uri))!.size;
    assert.deepStrictEqual(await vscode.commands.executeCommand('vmbstate.selectAll'), { start: 0, end: size });
    const refused = await vscode.commands.executeCommand<{ error: string }>('vmbstate.selectRange', `0 +${size + 1}`);
    assert.match(refused.error, /past the end of the file/);
    await vscode.commands.executeCommand('vmbstate.selectRange', '0x1F0..0x1F4');
    await inspectorAt(uri, GPADL_ID, 'u32 LE', '57346 (0x0000E002)', 'the range selected again');
    await vmbIT.sleep(300);
    await vmbIT.screenshot('copy-as-range-selected-status-bar');
  });
});
