// Issue 11, VS Code part: the compare view on samples/compare/good.vmbstate and changed.vmbstate
// (one GPADL PFN changed, one packet added): open it, step to the second difference with the
// keyboard, reveal it in the saved-state editor, check the selection there, and screenshot it.

import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { afterEach, describe, it } from 'mocha';
import type { CompareState } from '../../../client/src/compare/comparePanel';
import { closeAll, copyInWorkspace, core, editorAction, editorState } from '../support/util';

const compareState = () => vscode.commands.executeCommand<CompareState | undefined>('vmbstate._compareState');
const compareAction = (a: { action: 'key' | 'reveal'; key?: string; shift?: boolean }) =>
  vscode.commands.executeCommand<CompareState>('vmbstate._compareAction', a);

describe('compare view', () => {
  afterEach(closeAll);

  it('compares the sample pair, steps to the second difference (n, F7, p) and reveals it in the editor', async () => {
    const a = vmbIT.uri('compare/good.vmbstate');
    const b = vmbIT.uri('compare/changed.vmbstate');
    const opened = await vscode.commands.executeCommand<CompareState | { error: string }>(
      'vmbstate.compareSavedStates',
      a,
      b,
    );
    assert.ok(opened && !('error' in opened), `compare opened: ${JSON.stringify(opened)}`);
    let s = await vmbIT.waitFor(async () => ((await compareState())?.ready ? compareState() : undefined), {
      message: 'the compare view to be ready',
    });
    // The same diff the core computes: one change (Range0.Pfn1), one packet only in B.
    const c = core();
    const expected = c.diffStreams(
      c.decodeDocument('good.vmbstate', new Uint8Array(fs.readFileSync(a.fsPath))),
      c.decodeDocument('changed.vmbstate', new Uint8Array(fs.readFileSync(b.fsPath))),
    );
    assert.strictEqual(s.differences, expected.differences.length);
    assert.strictEqual(s.differences, 2);
    assert.strictEqual(s.result, 'different');
    assert.match(s.summary, /1 changed, 0 only in A, 1 only in B/);
    assert.strictEqual(s.firstDivergentCall, 7);

    // n → first, F7 → second, p → first, Shift+F7 wraps back… then n again → second.
    s = await compareAction({ action: 'key', key: 'n' });
    assert.strictEqual(s.current?.stop, 0);
    s = await compareAction({ action: 'key', key: 'F7' });
    assert.strictEqual(s.current?.stop, 1);
    s = await compareAction({ action: 'key', key: 'p' });
    assert.strictEqual(s.current?.stop, 0);
    s = await compareAction({ action: 'key', key: 'F7', shift: true });
    assert.strictEqual(s.current?.stop, 1, 'Shift+F7 from the first wraps to the last');

    // Reveal: the packet only in B, in the saved-state editor for changed.vmbstate.
    const packetRow = expected.rows[expected.differences[1]!.row]!;
    assert.strictEqual(packetRow.kind, 'onlyB');
    await compareAction({ action: 'reveal' });
    s = await vmbIT.waitFor(async () => ((await compareState())?.lastReveal ? compareState() : undefined), {
      message: 'the reveal',
    });
    assert.strictEqual(s.lastReveal?.side, 'b');
    assert.strictEqual(s.lastReveal?.uri, b.toString());
    assert.deepStrictEqual(s.lastReveal?.bytes, packetRow.b!.bytes);
    const ed = await vmbIT.waitFor(
      async () => {
        const e = await editorState(b);
        return e && e.selection.start === packetRow.b!.bytes.start ? e : undefined;
      },
      { timeout: 15000, message: 'the saved-state editor to select the packet' },
    );
    assert.strictEqual(ed.selection.end, packetRow.b!.bytes.end);
    await vmbIT.sleep(500);
    await vmbIT.screenshot('compare-second-difference-revealed');
  });

  it("Compare with Saved: the file on disk against the editor's unsaved bytes", async () => {
    const uri = copyInWorkspace('compare/good.vmbstate', 'compare-it/saved.vmbstate');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'vmbstate.binaryEditor');
    await vmbIT.waitFor(async () => (await editorState(uri))?.outcome, { message: 'the editor to analyse' });
    // GPADL 0xE001's State (u8 at payload +8; the payload starts at 0x1F0 in this stream): 2 → 3.
    const s0 = await editorAction(uri, 'overwrite', { offset: 0x1f0 + 8, data: [0x03] });
    assert.strictEqual(s0?.dirty, true);
    const r = await vscode.commands.executeCommand<CompareState | { error: string }>('vmbstate.compareWithSaved', uri);
    assert.ok(r && !('error' in r), JSON.stringify(r));
    assert.strictEqual(r.a, 'saved.vmbstate (on disk)');
    assert.strictEqual(r.b, 'saved.vmbstate (unsaved)');
    assert.strictEqual(r.result, 'different');
    assert.match(r.summary, /^1 changed/);
  });

  it("Select for Compare / Compare with Selected on two .vmbhex files reveals a change's line in the text editor", async () => {
    const a = vmbIT.uri('good.vmbhex');
    // A change that still restores cleanly (StreamCrc32c is auto), so this test leaves no problem in
    // the Problems panel that later tests read.
    const b = copyInWorkspace('good.vmbhex', 'compare-it/state2.vmbhex', (t) =>
      t.replace(
        'Pfns: u64:0x1000 u64:0x1001 u64:0x1002 u64:0x1003',
        'Pfns: u64:0x1000 u64:0x1001 u64:0x1002 u64:0x1013',
      ),
    );
    await vscode.commands.executeCommand('vmbstate.selectForCompare', a);
    const r = await vscode.commands.executeCommand<CompareState | { error: string }>('vmbstate.compareWithSelected', b);
    assert.ok(r && !('error' in r), JSON.stringify(r));
    await vmbIT.waitFor(async () => (await compareState())?.ready, { message: 'the compare view to be ready' });
    const changes = r.differences;
    assert.ok(changes >= 1, `differences: ${changes}`);
    await compareAction({ action: 'key', key: 'n' });
    await compareAction({ action: 'reveal' });
    const s = await vmbIT.waitFor(async () => ((await compareState())?.lastReveal ? compareState() : undefined), {
      message: 'the reveal',
    });
    assert.strictEqual(s.lastReveal?.uri, b.toString());
    const ed = await vmbIT.waitFor(
      () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === b.toString()),
      { message: 'the text editor of B' },
    );
    const line = ed.document.lineAt(ed.selection.start.line).text;
    assert.match(line, /Pfns: .*u64:0x1013/, `the selection is on the changed field's line: ${line}`);
    assert.match(ed.document.getText(ed.selection), /0x1013|13 10/);
  });

  it('Compare with HEAD says so when the file is not in a git repository', async () => {
    const r = await vscode.commands.executeCommand<CompareState | { error: string }>(
      'vmbstate.compareWithHead',
      vmbIT.uri('compare/good.vmbstate'),
    );
    assert.ok(r && 'error' in r, `an error, not a view: ${JSON.stringify(r)}`);
    assert.match(r.error, /git/);
  });

  it('Compare with HEAD diffs the working file against its last commit (a git repository in the workspace)', async () => {
    // A repository one folder down, opened through the git extension's API, with good.vmbstate
    // committed and then replaced by changed.vmbstate in the working tree.
    const dir = path.join(vmbIT.workspaceFolder, 'head-repo');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    const file = path.join(dir, 'state.vmbstate');
    fs.copyFileSync(vmbIT.uri('compare/good.vmbstate').fsPath, file);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=vmbstate test', '-c', 'user.email=test@example.invalid', ...args], {
        cwd: dir,
      });
    git('init', '-q');
    git('add', 'state.vmbstate');
    git('commit', '-q', '-m', 'good save');
    fs.copyFileSync(vmbIT.uri('compare/changed.vmbstate').fsPath, file);
    const uri = vscode.Uri.file(file);
    const gitExt = vscode.extensions.getExtension<{
      getAPI(v: 1): { openRepository?(root: vscode.Uri): Promise<unknown>; getRepository(u: vscode.Uri): unknown };
    }>('vscode.git');
    assert.ok(gitExt, 'the built-in git extension is installed');
    // The harness turns git off for the other tests (runner.mjs); this one turns it on and back off.
    const gitConfig = vscode.workspace.getConfiguration('git');
    const wasEnabled = gitConfig.inspect<boolean>('enabled')?.globalValue;
    await gitConfig.update('enabled', true, vscode.ConfigurationTarget.Global);
    try {
      const ext = await gitExt.activate();
      const api = await vmbIT.waitFor(
        () => {
          try {
            return ext.getAPI(1);
          } catch {
            return undefined; // "Git model not found" until the enabled setting has been seen
          }
        },
        { timeout: 20000, message: 'the git extension to start' },
      );
      await api.openRepository?.(vscode.Uri.file(dir));
      await vmbIT.waitFor(() => api.getRepository(uri), {
        timeout: 20000,
        message: 'the git extension to see the repository',
      });

      const opened = await vscode.commands.executeCommand<CompareState | { error: string }>(
        'vmbstate.compareWithHead',
        uri,
      );
      assert.ok(opened && !('error' in opened), `compare opened: ${JSON.stringify(opened)}`);
      const s = await vmbIT.waitFor(async () => ((await compareState())?.ready ? compareState() : undefined), {
        message: 'the compare view to be ready',
      });
      // HEAD (the good save) against the working file (the changed one): the sample pair's two differences.
      assert.strictEqual(s.differences, 2);
      assert.match(s.summary, /1 changed, 0 only in A, 1 only in B/);
      assert.strictEqual(s.a, 'state.vmbstate @ HEAD');
      assert.strictEqual(s.b, 'state.vmbstate');
      if (vmbIT.hasUi !== false) {
        await vmbIT.sleep(300);
        await vmbIT.screenshot('compare-with-head');
      }
    } finally {
      await gitConfig.update('enabled', wasEnabled, vscode.ConfigurationTarget.Global);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a side that cannot be read is an error naming the file, not an empty diff', async () => {
    const r = await vscode.commands.executeCommand<CompareState | { error: string }>(
      'vmbstate.compareSavedStates',
      vmbIT.uri('compare/good.vmbstate'),
      vmbIT.uri('compare/missing.vmbstate'),
    );
    assert.ok(r && 'error' in r, `an error: ${JSON.stringify(r)}`);
    assert.match(r.error, /missing\.vmbstate/);
  });
});
