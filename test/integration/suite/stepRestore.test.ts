// Issue 6, parts 5 and 6: Step Restore debug sessions (debugger type `vmbstate`) started with
// vscode.debug.startDebugging, observed through a DAP tracker and custom requests: good.vmbhex
// steps MORE, MORE, SUCCESS; bad-payload-crc.vmbhex stops on its failing chunk with
// STATUS_CRC_ERROR; a binary session highlights each call's bytes in the saved-state editor; and
// (web harness) the Step Restore view shows the calls as they run, and (issue 18 trap 1) a stop
// leaves nothing selected, so a key typed into the editor inserts one character and replaces nothing.

import * as assert from 'assert';
import * as vscode from 'vscode';
import { afterEach, beforeEach, describe, it } from 'mocha';
import { closeAll, DapRecorder, editorState, MORE, screenshotIfFailed, stopAllSessions, UI, ws } from '../support/util';

const unquote = (s: string) => s.replace(/^"(.*)"$/, '$1');
/** A DAP source path as the adapter sent it; in a remote window VS Code hands it back as a vscode-remote URI. */
const fsPathOf = (p: string) => (/^[a-z][a-z0-9+.-]+:\/\//i.test(p) ? vscode.Uri.parse(p).fsPath : p);

async function start(rec: DapRecorder, rel: string, extra: Record<string, unknown> = {}): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const ok = await vscode.debug.startDebugging(folder, {
    type: 'vmbstate',
    request: 'launch',
    name: `IT ${rel}`,
    program: ws(rel),
    ...extra,
  });
  assert.strictEqual(ok, true, `startDebugging ${rel}`);
  await vmbIT.waitFor(() => rec.session, { message: 'the debug adapter tracker' });
}

/** Rows (label + description) of the Step Restore view in the workbench, or null when it is not on screen. */
const VIEW_ROWS = `(() => {
  const pane = [...document.querySelectorAll('.pane')].find((p) => (p.querySelector('.pane-header')?.getAttribute('aria-label') || '').startsWith('Step Restore'));
  if (!pane) return null;
  return [...pane.querySelectorAll('.monaco-list-row')].map((r) => r.textContent.replace(/\\s+/g, ' ').trim());
})()`;

describe('Step Restore debugger', () => {
  let rec: DapRecorder;
  beforeEach(() => {
    rec = new DapRecorder();
  });
  afterEach(async function () {
    await screenshotIfFailed(this);
    await stopAllSessions();
    rec.dispose();
    await closeAll();
  });

  it('steps through good.vmbhex: MORE, MORE, SUCCESS in Last status, then end of input', async () => {
    await start(rec, 'good.vmbhex', { stopOnEntry: true });
    const entry = await rec.event('stopped', 1);
    assert.strictEqual(entry.body.reason, 'entry');
    assert.strictEqual(await rec.evaluate('call'), '1');
    assert.strictEqual(await rec.evaluate('preview'), 'true');
    const frames = await rec.session!.customRequest('stackTrace', { threadId: 1 });
    assert.strictEqual(frames.stackFrames[0].name, 'call 1 [0..272) 2 chunks');
    assert.strictEqual(fsPathOf(frames.stackFrames[0].source.path), ws('good.vmbhex'));
    const seen: string[] = [];
    for (let call = 1; call <= 3; call++) {
      const ev = await rec.stepAndWait('next');
      assert.strictEqual(ev.event, 'stopped', `a stop after call ${call}`);
      const last = await rec.scope('Last status');
      seen.push(unquote(last.get('name') ?? '?'));
      assert.strictEqual(unquote(await rec.evaluate('lastStatus.name')), seen[seen.length - 1]);
      assert.strictEqual(await rec.evaluate('history.length'), String(call));
    }
    assert.deepStrictEqual(seen, [MORE, MORE, 'STATUS_SUCCESS']);
    assert.deepStrictEqual(rec.callStatuses(), [MORE, MORE, 'STATUS_SUCCESS']);
    // The trap is spelled out where the status shows.
    assert.strictEqual(await rec.evaluate('NT_SUCCESS(STATUS_MORE_PROCESSING_REQUIRED)'), 'false');
    assert.strictEqual(await rec.evaluate('channel.phase'), '"Restored"');
    const outcome = await rec.event('vmbstate.outcome', 1);
    assert.strictEqual(outcome.body.statusName, 'STATUS_SUCCESS');
    const out = rec
      .events('output')
      .map((e) => e.body.output)
      .join('');
    assert.match(out, /call 1 \[0\.\.272\) 2 chunks → STATUS_MORE_PROCESSING_REQUIRED \(0xC0000016\)/);
    assert.match(out, /call 3 \[552\.\.600\) 1 chunk → STATUS_SUCCESS \(0x00000000\)/);
    const end = await rec.stepAndWait('next');
    assert.strictEqual(end.event, 'terminated');
  });

  it('stops on the failing chunk of malformed/bad-payload-crc.vmbhex with STATUS_CRC_ERROR', async () => {
    await start(rec, 'malformed/bad-payload-crc.vmbhex', { stopOnEntry: false });
    const stop = await rec.event('stopped', 1);
    assert.strictEqual(stop.body.reason, 'exception');
    assert.match(stop.body.description ?? '', /^call 2 \[/);
    const info = await rec.session!.customRequest('exceptionInfo', { threadId: 1 });
    assert.strictEqual(info.exceptionId, 'STATUS_CRC_ERROR');
    assert.strictEqual(info.details?.typeName, 'CRC-PAYLOAD');
    assert.match(info.description, /^STATUS_CRC_ERROR \(0xC000003F\): /);
    const last = await rec.scope('Last status');
    assert.strictEqual(unquote(last.get('name')!), 'STATUS_CRC_ERROR');
    assert.strictEqual(unquote(await rec.evaluate('lastStatus.diagnostic.code')), 'CRC-PAYLOAD');
    assert.strictEqual(await rec.evaluate('call'), '2');
    const frames = (await rec.session!.customRequest('stackTrace', { threadId: 1 })).stackFrames;
    assert.strictEqual(frames[0].name, '✗ CRC-PAYLOAD @0x1E4 → STATUS_CRC_ERROR (0xC000003F)');
    assert.strictEqual(fsPathOf(frames[0].source.path), ws('malformed/bad-payload-crc.vmbhex'));
    assert.strictEqual(frames[0].line, 27, 'the failing field: crc= on the .chunk GPADL line (1-based 27)');
    // VS Code shows the frame: the file opens with the failing line selected.
    await vmbIT.waitFor(
      () => vscode.window.activeTextEditor?.document.uri.fsPath === ws('malformed/bad-payload-crc.vmbhex'),
      { message: 'the failing file shown' },
    );
    assert.strictEqual(vscode.window.activeTextEditor!.selection.start.line, 26);
    // The failed channel fails the next call too; then the session ends.
    const next = await rec.stepAndWait('continue');
    assert.strictEqual(next.event, 'stopped');
    assert.strictEqual(
      (await rec.session!.customRequest('exceptionInfo', { threadId: 1 })).exceptionId,
      'STATUS_INVALID_DEVICE_STATE',
    );
    assert.strictEqual((await rec.stepAndWait('continue')).event, 'terminated');
    assert.deepStrictEqual(rec.callStatuses(), [MORE, 'STATUS_CRC_ERROR', 'STATUS_INVALID_DEVICE_STATE']);
  });

  it('a binary session (good.vmbstate) highlights each restore call in the saved-state editor', async () => {
    await start(rec, 'good.vmbstate', { stopOnEntry: true });
    await rec.event('stopped', 1);
    const uri = vscode.Uri.file(ws('good.vmbstate'));
    // vmbstate.position → vmbstate.revealBytes: the editor opens and selects call 1 = BEGIN [0..96).
    let s = await vmbIT.waitFor(
      async () => {
        const x = await editorState(uri);
        return x?.webview && x.selection.end === 96 ? x : undefined;
      },
      { timeout: 15000, message: 'the saved-state editor selecting call 1' },
    );
    assert.strictEqual(s.selection.start, 0);
    await rec.stepAndWait('next');
    s = await vmbIT.waitFor(
      async () => {
        const x = await editorState(uri);
        return x && x.selection.start === 96 ? x : undefined;
      },
      { message: 'call 2 (OFFER [96..272)) selected' },
    );
    assert.strictEqual(s.selection.end, 272);
    assert.deepStrictEqual(rec.callStatuses(), [MORE]);
    for (let i = 0; i < 10 && (await rec.stepAndWait('next')).event === 'stopped'; i++);
    assert.deepStrictEqual(rec.callStatuses(), [MORE, MORE, MORE, MORE, 'STATUS_SUCCESS']);
  });

  it(`the Step Restore view lists the calls with their statuses, live and after the session ${UI}`, async () => {
    await vmbIT.openFile('good.vmbhex');
    await start(rec, 'good.vmbhex', { stopOnEntry: true });
    await rec.event('stopped', 1);
    await vscode.commands.executeCommand('workbench.view.debug');
    await vscode.commands.executeCommand('vmbstate.stepRestoreView.focus');
    // Room for the view: fold Watch and Breakpoints, as a person would.
    for (const pane of ['Watch', 'Breakpoints']) {
      await vmbIT.ui.click(`.pane-header[aria-expanded="true"][aria-label^="${pane}"]`);
      await vmbIT.ui.waitFor(`.pane-header[aria-expanded="false"][aria-label^="${pane}"]`);
    }
    let rows = await vmbIT.waitFor(
      async () => {
        const r = (await vmbIT.ui.evaluate(VIEW_ROWS)) as string[] | null;
        return r && r.some((x) => x.startsWith('call 3')) ? r : undefined;
      },
      { message: 'the Step Restore view with 3 calls' },
    );
    assert.ok(
      rows.some((r) => /^call 1\s*\[0\.\.272\) 2 chunks/.test(r)),
      rows.join('\n'),
    );
    assert.ok(!rows.some((r) => /STATUS_/.test(r) && r.startsWith('call')), `no call has run yet:\n${rows.join('\n')}`);
    await rec.stepAndWait('next');
    await rec.stepAndWait('next');
    rows = await vmbIT.waitFor(
      async () => {
        const r = (await vmbIT.ui.evaluate(VIEW_ROWS)) as string[] | null;
        return r && r.filter((x) => /^call [12].*→ STATUS_MORE_PROCESSING_REQUIRED \(0xC0000016\)/.test(x)).length === 2
          ? r
          : undefined;
      },
      { message: 'calls 1 and 2 with STATUS_MORE_PROCESSING_REQUIRED in the view' },
    );
    // The Variables view shows the channel of the stop: restore in progress after two calls.
    const variables = `(() => {
      const pane = [...document.querySelectorAll('.pane')].find((p) => (p.querySelector('.pane-header')?.getAttribute('aria-label') || '').startsWith('Variables'));
      return pane ? [...pane.querySelectorAll('.monaco-list-row')].map((r) => r.textContent.replace(/\\s+/g, ' ').trim()) : [];
    })()`;
    await vmbIT.waitFor(
      async () => ((await vmbIT.ui.evaluate(variables)) as string[]).some((r) => /^phase\s*=\s*InProgress/.test(r)),
      { message: 'phase = InProgress in the Variables view' },
    );
    const header = await vmbIT.ui.evaluate(
      `[...document.querySelectorAll('.pane-header')].map((h) => h.getAttribute('aria-label')).find((l) => (l || '').startsWith('Step Restore'))`,
    );
    assert.match(String(header), /good\.vmbhex · 2\/3 calls/);
    await vmbIT.screenshot('step-restore-view-live');
    await rec.stepAndWait('next');
    await rec.stepAndWait('next');
    // The session ended; its trace stays on screen with the outcome (calls collapsed, so every row fits).
    await vmbIT.waitFor(() => !vscode.debug.activeDebugSession, { message: 'the session to end' });
    await vscode.commands.executeCommand('workbench.actions.treeView.vmbstate.stepRestoreView.collapseAll');
    rows = await vmbIT.waitFor(
      async () => {
        const r = (await vmbIT.ui.evaluate(VIEW_ROWS)) as string[] | null;
        return r && r.some((x) => /^restore finished.*STATUS_SUCCESS/.test(x)) ? r : undefined;
      },
      { message: '"restore finished" in the view after the session' },
    );
    assert.ok(
      rows.some((x) => /^call 3.*→ STATUS_SUCCESS \(0x00000000\)/.test(x)),
      rows.join('\n'),
    );
    assert.strictEqual(vscode.debug.activeDebugSession, undefined);
    await vmbIT.screenshot('step-restore-view-after');
  });

  it(`a stop selects nothing: typing a key in the editor inserts that key and replaces no block ${UI}`, async () => {
    const editor = await vmbIT.openFile('good.vmbhex');
    const doc = editor.document;
    const before = doc.getText();
    const lines = before.split(/\r?\n/);
    const callLine = lines.findIndex((l) => l.startsWith('.call'));
    const expectLine = lines.findIndex((l) => l.startsWith('.expect'));
    await start(rec, 'good.vmbhex', { stopOnEntry: true });
    await rec.event('stopped', 1);
    // Stopped before call 1, whose 16 lines (.call through .expect) used to become the selection.
    const frames = (await rec.session!.customRequest('stackTrace', { threadId: 1 })).stackFrames;
    assert.strictEqual(frames[0].line, callLine + 1);
    assert.strictEqual(frames[0].endLine, frames[0].line, 'a one-line frame');
    const ed = await vmbIT.waitFor(
      () => {
        const e = vscode.window.activeTextEditor;
        return e && e.document.uri.fsPath === ws('good.vmbhex') && e.selection.active.line === callLine ? e : undefined;
      },
      { message: 'the editor showing the stop on the .call line' },
    );
    assert.ok(ed.selection.isEmpty, `nothing selected, got ${JSON.stringify(ed.selection)}`);
    const pos = rec.events('vmbstate.position').at(-1)!.body;
    assert.deepStrictEqual(
      [pos.blockRange.start.line, pos.blockRange.end.line],
      [callLine, expectLine],
      'the block is highlighted instead',
    );
    await vmbIT.screenshot('step-restore-stop-highlight-no-selection');
    // A person's key press with the focus in the editor.
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await vmbIT.ui.type('x');
    await vmbIT.waitFor(() => doc.getText() !== before, { message: 'the key reached the document' });
    const at = doc.offsetAt(new vscode.Position(callLine, 0));
    assert.strictEqual(
      doc.getText(),
      before.slice(0, at) + 'x' + before.slice(at),
      'one character inserted at the cursor; no line replaced',
    );
    await vmbIT.screenshot('step-restore-stop-after-typing');
  });
});

describe('Step Restore time travel and what-if (issue 12)', () => {
  let rec: DapRecorder;
  beforeEach(() => {
    rec = new DapRecorder();
  });
  afterEach(async function () {
    await screenshotIfFailed(this);
    await stopAllSessions();
    rec.dispose();
    await closeAll();
  });

  it(`time travel what-if: Step Back across the CRC failure, Set Value on a GPADL field, the what-if section ${UI}`, async () => {
    const rel = 'malformed/bad-payload-crc.vmbhex';
    const onDisk = async () =>
      Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(ws(rel)))).toString('utf8');
    const before = await onDisk();
    await vmbIT.openFile(rel);
    await start(rec, rel, { stopOnEntry: false });
    assert.strictEqual((await rec.event('stopped', 1)).body.reason, 'exception');
    // Step Back (the debug toolbar's button): before call 2, with the channel as it was there.
    const stopsBefore = rec.events('stopped').length;
    await vmbIT.ui.click('.debug-toolbar .codicon-debug-step-back');
    await vmbIT.waitFor(() => rec.events('stopped').length > stopsBefore, { message: 'a stop after Step Back' });
    const back = rec.events('stopped')[stopsBefore];
    assert.strictEqual(back.event, 'stopped');
    assert.match(back.body.description ?? '', /^Stepped back: before call 2/);
    assert.strictEqual(unquote(await rec.evaluate('phase')), 'InProgress');
    assert.strictEqual(await rec.evaluate('history.length'), '1');
    assert.strictEqual(unquote(await rec.evaluate('statusName')), 'STATUS_CRC_ERROR', 'the preview: call 2 will fail');
    // Set Value on Current buffer → chunks → [1] (GPADL) → payload → State, as the Variables view sends it.
    const s = rec.session!;
    const frames = (await s.customRequest('stackTrace', { threadId: 1 })).stackFrames;
    const scopes = (await s.customRequest('scopes', { frameId: frames[0].id })).scopes as {
      name: string;
      variablesReference: number;
    }[];
    const child = async (ref: number, name: string) => {
      const v = (await s.customRequest('variables', { variablesReference: ref })).variables as {
        name: string;
        variablesReference: number;
      }[];
      return v.find((x) => x.name === name)!.variablesReference;
    };
    const buffer = scopes.find((x) => x.name === 'Current buffer')!.variablesReference;
    const payload = await child(await child(await child(buffer, 'chunks'), '[1]'), 'payload');
    const stops = rec.events('stopped').length;
    const set = await s.customRequest('setVariable', { variablesReference: payload, name: 'State', value: '2' });
    assert.strictEqual(set.value, '2');
    await vmbIT.waitFor(() => rec.events('stopped').length > stops, { message: 'the replay stop' });
    // Resealed: the crc= pin of the edited chunk is gone, so call 2 now restores.
    assert.strictEqual(unquote(await rec.evaluate('statusName')), 'STATUS_MORE_PROCESSING_REQUIRED');
    await vscode.commands.executeCommand('workbench.view.debug');
    await vscode.commands.executeCommand('vmbstate.stepRestoreView.focus');
    const rows = await vmbIT.waitFor(
      async () => {
        const r = (await vmbIT.ui.evaluate(VIEW_ROWS)) as string[] | null;
        return r && r.some((x) => /^what-if\s*1 edit · reseal on/.test(x)) ? r : undefined;
      },
      { message: 'the what-if section in the Step Restore view' },
    );
    assert.ok(
      rows.some((x) => x.startsWith('chunk[4].State = 2')),
      rows.join('\n'),
    );
    await vmbIT.screenshot('step-restore-what-if');
    // Nothing was written: the file is as it was until Apply What-If Edits.
    assert.strictEqual(await onDisk(), before);
    assert.strictEqual(vscode.window.activeTextEditor?.document.isDirty ?? false, false);
    await vscode.commands.executeCommand('vmbstate.discardWhatIf');
    await vmbIT.waitFor(async () => unquote(await rec.evaluate('statusName')) === 'STATUS_CRC_ERROR', {
      message: 'the discarded edit: call 2 fails again',
    });
  });
});
