// Issue 6, part 1: the extension activates on a .vmbhex and on a .vmbstate file.
//
// An extension activates once per extension host, and the whole suite shares one host. So the
// hook below is a ROOT hook (outside any describe): mocha runs it before the first test of the
// run, whatever file that test is in. It checks that nothing activated the extension at startup,
// then opens a .vmbhex document (and nothing else) and waits for the extension to activate by
// itself. VS Code's extension host log names the activation event. The .vmbstate side is checked
// on the running extension: VS Code routes .vmbstate files to its default custom editor, whose
// resolution activates the extension (onCustomEditor:vmbstate.binaryEditor).

import * as assert from 'assert';
import * as vscode from 'vscode';
import { afterEach, before, describe, it } from 'mocha';
import { activeTab, closeAll, editorSettled, extensionHostLog } from '../support/util';

interface FirstActivation {
  activeAtStart: boolean;
  activatedAfterMs?: number;
  error?: string;
}
let first: FirstActivation | undefined;

before(async function firstActivationByAVmbhexFile() {
  this.timeout(30000);
  const ext = vmbIT.extension();
  first = { activeAtStart: !!ext?.isActive };
  try {
    if (!ext) throw new Error(`${vmbIT.extensionId} is not loaded`);
    if (ext.isActive) return;
    const t0 = Date.now();
    const doc = await vscode.workspace.openTextDocument(vmbIT.uri('good.vmbhex'));
    assert.strictEqual(doc.languageId, 'vmbstate-hex');
    await vmbIT.waitFor(() => ext.isActive, {
      timeout: 20000,
      message: 'the extension to activate after opening good.vmbhex',
    });
    first.activatedAfterMs = Date.now() - t0;
  } catch (e) {
    first.error = e instanceof Error ? e.message : String(e);
  }
});

function activationLines(): string[] {
  return extensionHostLog()
    .split('\n')
    .filter((l) => /_doActivateExtension vmbstate\.vmbstate\b/.test(l));
}

describe('activation', () => {
  afterEach(closeAll);

  it('is not active at startup and activates by itself when a .vmbhex file is opened (onLanguage:vmbstate-hex)', async () => {
    assert.ok(first, 'the root hook ran');
    assert.strictEqual(first.error, undefined, first.error);
    assert.strictEqual(first.activeAtStart, false, 'nothing activated the extension before the first test');
    await vmbIT.log(`vmbstate activated ${first.activatedAfterMs} ms after good.vmbhex was opened`);
    const lines = await vmbIT.waitFor(() => (activationLines().length ? activationLines() : undefined), {
      timeout: 10000,
      message: `the activation line of vmbstate.vmbstate in the extension host log (${vmbIT.config.logsDir})`,
    });
    assert.strictEqual(lines.length, 1, `activated once:\n${lines.join('\n')}`);
    assert.match(lines[0], /startup: false, activationEvent: 'onLanguage:vmbstate-hex'/);
    // The language client started with it: the server answers for .vmbhex documents.
    const uri = vmbIT.uri('good.vmbhex');
    const symbols = await vmbIT.waitFor(
      async () => {
        const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
          'vscode.executeDocumentSymbolProvider',
          uri,
        );
        return s && s.length ? s : undefined;
      },
      { timeout: 15000, message: 'document symbols of good.vmbhex' },
    );
    assert.deepStrictEqual(
      symbols.map((s) => s.name),
      ['call 1', 'call 2', 'call 3'],
    );
  });

  it('opens .vmbstate files in its saved-state editor by default (onCustomEditor:vmbstate.binaryEditor)', async () => {
    const uri = vmbIT.uri('good.vmbstate');
    // vscode.open: no view type given, VS Code picks the default editor for *.vmbstate.
    await vscode.commands.executeCommand('vscode.open', uri);
    const tab = await vmbIT.waitFor(
      () => {
        const t = activeTab();
        return t?.input instanceof vscode.TabInputCustom ? t : undefined;
      },
      { message: 'a custom editor tab' },
    );
    const input = tab.input as vscode.TabInputCustom;
    assert.strictEqual(input.viewType, 'vmbstate.binaryEditor');
    assert.strictEqual(input.uri.toString(), uri.toString());
    assert.strictEqual(vmbIT.extension()!.isActive, true);
    // The extension resolved it: the webview is up and shows the 600-byte design example restored.
    const s = await editorSettled(uri);
    assert.strictEqual(s.viewType, 'vmbstate.binaryEditor');
    assert.strictEqual(s.size, 600);
    assert.strictEqual(s.outcome, 'STATUS_SUCCESS');
    assert.strictEqual(s.webview!.size, 600);
  });
});
