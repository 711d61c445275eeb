// Issue 6, part 4: the conversion commands write exactly what the CLI (`vmbstate convert`) and the
// core library produce, for the design example and malformed samples, and round-trip binaries.

import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { afterEach, describe, it } from 'mocha';
import { activeTab, closeAll, copyInWorkspace, core, UI, ws } from '../support/util';

/** `node dist/cli.js convert IN OUT` with the extension host's own runtime; returns OUT's bytes. */
function cliConvert(input: string, outName: string): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmbit-cli-'));
  const out = path.join(dir, outName);
  try {
    execFileSync(process.execPath, [path.join(vmbIT.repoRoot, 'dist', 'cli.js'), 'convert', input, out], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: 'pipe',
    });
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function convert(
  command: 'vmbstate.convertToText' | 'vmbstate.convertToBinary',
  uri: vscode.Uri,
): Promise<vscode.Uri> {
  const out = await vscode.commands.executeCommand<vscode.Uri | undefined>(command, uri);
  assert.ok(out instanceof vscode.Uri, `${command} returned the URI of the file it wrote (got ${String(out)})`);
  assert.ok(fs.existsSync(out.fsPath), `${out.fsPath} exists`);
  return out;
}

describe('conversion commands', () => {
  afterEach(closeAll);

  it("Convert Binary to Hex-Annotated Text: good.vmbstate → the CLI's and the core's text, opened beside", async () => {
    const src = copyInWorkspace('good.vmbstate', 'convert/a/good.vmbstate');
    const out = await convert('vmbstate.convertToText', src);
    assert.strictEqual(out.fsPath, ws('convert/a/good.vmbhex'));
    const text = fs.readFileSync(out.fsPath, 'utf8');
    assert.strictEqual(text, cliConvert(src.fsPath, 'x.vmbhex').toString('utf8'), 'same text as `vmbstate convert`');
    assert.strictEqual(
      text,
      core().text.disassemble(new Uint8Array(fs.readFileSync(src.fsPath))),
      'same text as core disassemble()',
    );
    // It opened the text form, which assembles back to the same 600 bytes.
    await vmbIT.waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === out.fsPath, {
      message: 'the text form shown',
    });
    assert.strictEqual(vscode.window.activeTextEditor!.document.languageId, 'vmbstate-hex');
    assert.deepStrictEqual(Buffer.from(core().text.assembleText(text).bytes), fs.readFileSync(src.fsPath));
  });

  it("Convert Hex-Annotated Text to Binary: good.vmbhex → the CLI's bytes (= samples/good.vmbstate), opened in the editor", async () => {
    const src = copyInWorkspace('good.vmbhex', 'convert/b/good.vmbhex');
    await vmbIT.openFile('convert/b/good.vmbhex');
    const out = await convert('vmbstate.convertToBinary', src);
    assert.strictEqual(out.fsPath, ws('convert/b/good.vmbstate'));
    const bytes = fs.readFileSync(out.fsPath);
    assert.deepStrictEqual(bytes, cliConvert(src.fsPath, 'x.vmbstate'), 'same bytes as `vmbstate convert`');
    assert.deepStrictEqual(
      bytes,
      Buffer.from(core().text.assembleText(fs.readFileSync(src.fsPath, 'utf8')).bytes),
      'same bytes as core assembleText()',
    );
    assert.deepStrictEqual(
      bytes,
      fs.readFileSync(path.join(vmbIT.samplesDir, 'good.vmbstate')),
      'the shipped binary sample',
    );
    await vmbIT.waitFor(
      () => {
        const i = activeTab()?.input;
        return (
          i instanceof vscode.TabInputCustom && i.uri.fsPath === out.fsPath && i.viewType === 'vmbstate.binaryEditor'
        );
      },
      { message: 'the binary opened in the saved-state editor' },
    );
  });

  it('malformed samples convert like the CLI: a binary with a flipped bit, a text with a bad CRC', async () => {
    const bin = copyInWorkspace('malformed/bit-flip.vmbstate', 'convert/c/bit-flip.vmbstate');
    const text = await convert('vmbstate.convertToText', bin);
    assert.strictEqual(fs.readFileSync(text.fsPath, 'utf8'), cliConvert(bin.fsPath, 'x.vmbhex').toString('utf8'));
    const txt = copyInWorkspace('malformed/bad-payload-crc.vmbhex', 'convert/d/bad-payload-crc.vmbhex');
    const out = await convert('vmbstate.convertToBinary', txt);
    assert.deepStrictEqual(fs.readFileSync(out.fsPath), cliConvert(txt.fsPath, 'x.vmbstate'));
  });

  it('binary → text → binary is byte-identical through the commands', async () => {
    const src = copyInWorkspace('malformed/cut-mid-chunk.vmbstate', 'convert/e/cut.vmbstate');
    const text = await convert('vmbstate.convertToText', src);
    const moved = copyInWorkspace('convert/e/cut.vmbhex', 'convert/f/cut.vmbhex');
    await closeAll();
    const back = await convert('vmbstate.convertToBinary', moved);
    assert.ok(text.fsPath !== back.fsPath);
    assert.deepStrictEqual(fs.readFileSync(back.fsPath), fs.readFileSync(src.fsPath));
  });

  // Issue 18, point 4: conversions say what they keep and never propose the author's file.
  it(`${UI} binary → text beside an authored good.vmbhex proposes good.from-binary.vmbhex and leaves the author's file as it was`, async () => {
    const bin = copyInWorkspace('good.vmbstate', 'convert/g/good.vmbstate');
    copyInWorkspace('good.vmbhex', 'convert/g/good.vmbhex');
    const authored = fs.readFileSync(ws('convert/g/good.vmbhex'), 'utf8');
    const pending = vscode.commands.executeCommand<vscode.Uri | undefined>('vmbstate.convertToText', bin);
    // The save dialog (the workbench's own, a quick input) proposes the new name, not good.vmbhex.
    await vmbIT.ui.waitFor('.quick-input-widget input', {});
    const proposed = await vmbIT.waitFor(
      async () => {
        const v = String(
          await vmbIT.ui.evaluate(`document.querySelector('.quick-input-widget input')?.value ?? ''`, {}),
        );
        return /good\.from-binary\.vmbhex$/.test(v) ? v : undefined;
      },
      { message: 'the save dialog proposes good.from-binary.vmbhex' },
    );
    assert.ok(!/\/good\.vmbhex$/.test(proposed), proposed);
    await vmbIT.screenshot('convert-to-text-proposes-from-binary');
    await vmbIT.ui.press('Enter');
    const out = await pending;
    assert.ok(out instanceof vscode.Uri, `the command wrote a file (got ${String(out)})`);
    assert.strictEqual(out.fsPath, ws('convert/g/good.from-binary.vmbhex'));
    assert.strictEqual(
      fs.readFileSync(ws('convert/g/good.vmbhex'), 'utf8'),
      authored,
      "the author's text is untouched",
    );
    assert.strictEqual(
      fs.readFileSync(out.fsPath, 'utf8'),
      core().text.disassemble(new Uint8Array(fs.readFileSync(bin.fsPath))),
    );
  });

  it(`${UI} text → binary says what the binary keeps and drops, and its button sets the buffering that keeps the calls`, async () => {
    const src = copyInWorkspace('good.vmbhex', 'convert/h/good.vmbhex');
    const cfg = () => vscode.workspace.getConfiguration('vmbstate');
    try {
      await vscode.commands.executeCommand('notifications.clearAll');
      await convert('vmbstate.convertToBinary', src);
      // The harness's workbench keeps notifications in the Notifications center (no toasts): open it.
      await vscode.commands.executeCommand('notifications.showList');
      const toast = '.notifications-center .notification-list-item:has-text("The binary keeps the bytes only")';
      await vmbIT.ui.waitFor(toast, { timeout: 20000 });
      const text = await vmbIT.ui.text(toast, {});
      assert.match(
        text,
        /3 calls become 5 one-chunk calls under vmbstate\.binary\.buffering = chunk \(vmbstate\.binary\.buffering = size, vmbstate\.binary\.bufferSize = 280 would keep them\); 3 \.expect and 8 comment lines are not kept\./,
      );
      await vmbIT.screenshot('convert-to-binary-note');
      await vmbIT.ui.click(`${toast} .monaco-button:has-text("Keep the calls")`, {});
      await vmbIT.waitFor(() => cfg().get('binary.buffering') === 'size' && cfg().get('binary.bufferSize') === 280, {
        message: 'buffering = size, bufferSize = 280 set',
      });
      // Converted again under that setting, the note says the calls come back.
      await closeAll();
      await vscode.commands.executeCommand('notifications.clearAll');
      const again = await vscode.commands.executeCommand<vscode.Uri | undefined>(
        'vmbstate.convertToBinary',
        src,
        vscode.Uri.file(ws('convert/h/again.vmbstate')),
      );
      assert.ok(again instanceof vscode.Uri);
      await vscode.commands.executeCommand('notifications.showList');
      await vmbIT.ui.waitFor(
        '.notifications-center .notification-list-item:has-text("its 3 calls come back as written")',
        { timeout: 20000 },
      );
      await vmbIT.screenshot('convert-to-binary-note-calls-kept');
      await vscode.commands.executeCommand('notifications.clearAll');
    } finally {
      await cfg().update('binary.buffering', undefined, vscode.ConfigurationTarget.Workspace);
      await cfg().update('binary.bufferSize', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
