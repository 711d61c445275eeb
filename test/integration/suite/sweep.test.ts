// Issue 13, VS Code part: "Sweep Buffer Sizes" on samples/good.vmbstate opens the chart of the
// restore's outcome against buffer size (a webview under the editor's CSP), and clicking a range
// starts Step Restore with that buffering: the session's first stop is a call of that packing.

import * as assert from 'assert';
import * as vscode from 'vscode';
import { afterEach, describe, it } from 'mocha';
import type { SweepState } from '../../../client/src/sweep/sweepPanel';
import { closeAll, DapRecorder, screenshotIfFailed, stopAllSessions, UI } from '../support/util';

const sweepState = () => vscode.commands.executeCommand<SweepState | undefined>('vmbstate._sweepState');

describe('Sweep Buffer Sizes', () => {
  let rec: DapRecorder | undefined;
  afterEach(async function () {
    await screenshotIfFailed(this);
    await stopAllSessions();
    rec?.dispose();
    await closeAll();
  });

  it(`shows the chart of outcome against buffer size and a clicked range starts Step Restore with it ${UI}`, async () => {
    const uri = vmbIT.uri('good.vmbstate');
    const opened = await vscode.commands.executeCommand<SweepState | { error: string }>(
      'vmbstate.sweepBufferSizes',
      uri,
    );
    assert.ok(opened && !('error' in opened), JSON.stringify(opened));
    const s = await vmbIT.waitFor(async () => ((await sweepState())?.ready ? sweepState() : undefined), {
      message: 'the sweep view to be ready',
    });
    assert.deepStrictEqual(
      s.view.bars.map((b) => [b.from, b.to, b.calls, b.outcome]),
      [
        [1, 135, 5, 'STATUS_SUCCESS'],
        [136, 271, 4, 'STATUS_SUCCESS'],
        [272, 279, 3, 'STATUS_SUCCESS'],
        [280, 327, 3, 'STATUS_SUCCESS'],
        [328, 463, 2, 'STATUS_SUCCESS'],
        [464, 551, 2, 'STATUS_SUCCESS'],
        [552, 599, 2, 'STATUS_SUCCESS'],
        [600, 600, 1, 'STATUS_SUCCESS'],
      ],
    );
    assert.ok(s.view.summary.includes('Smallest working buffer: 192 bytes.'));
    if (vmbIT.hasUi !== false) {
      // The chart is drawn in the webview: one bar per packing, the save strip under it.
      await vmbIT.ui.waitFor('#chart rect.bar', { frame: 'all' });
      assert.strictEqual(await vmbIT.ui.count('#chart rect.bar', { frame: 'all' }), 8);
      assert.strictEqual(await vmbIT.ui.count('#chart rect.save', { frame: 'all' }), 7);
      await vmbIT.sleep(300);
      await vmbIT.screenshot('sweep-buffer-sizes-chart');
    }

    // Click the 272–279 range: Step Restore with 272-byte buffers stops on entry at call 1 of 3.
    rec = new DapRecorder();
    const after = await vscode.commands.executeCommand<SweepState>('vmbstate._sweepAction', { bar: 2 });
    assert.deepStrictEqual(after.lastStep, { program: uri.fsPath, buffering: 'size', bufferSize: 272 });
    await vmbIT.waitFor(() => rec!.session, { message: 'the Step Restore session' });
    const entry = await rec.event('stopped', 1);
    assert.strictEqual(entry.body.reason, 'entry');
    const frames = await rec.session!.customRequest('stackTrace', { threadId: 1 });
    assert.match(frames.stackFrames[0].name, /^call 1 \[0\.\.272\) 2 chunks/);
  });
});
