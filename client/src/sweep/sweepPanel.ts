// The "Sweep Buffer Sizes" command and its panel (extension host side): runs the core sweep on a
// saved-state file, sends the webview the chart (model/sweepView.ts), and starts Step Restore with
// the packing of a clicked range. Strict CSP as the saved-state editor (webviewPage).

import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  decodeDocument,
  isTextFileName,
  OptionError,
  sweepBufferSizes,
  validateChannelState,
  validateFlag,
  validateProfile,
  type ChannelConfig,
  type SweepResult,
} from '../../../core/src';
import { FileAccessError, readInputFile } from '../../../core/src/node/files';
import { activeFileUri } from '../debug/stepRestore';
import { buildSweepView, type SweepView, type SweepWebviewMessage } from '../editor/model/sweepView';
import { webviewPage } from '../editor/webviewHtml';

export const SWEEP_VIEW_TYPE = 'vmbstate.sweep';
/** Lets the webview handle a test hook's click before the state is read. */
const ACTION_SETTLE_MS = 200;

/** What the test hook vmbstate._sweepState reports. */
export interface SweepState {
  file: string;
  ready: boolean;
  view: SweepView;
  /** The launch configuration of the last Step Restore a click started. */
  lastStep?: { program: string; buffering: string; bufferSize: number };
}

/** The emulated channel from the vmbstate.channel.* settings, as Step Restore takes them. */
function channelFromSettings(): Partial<ChannelConfig> {
  const s = vscode.workspace.getConfiguration('vmbstate');
  return {
    state: validateChannelState(s.get('channel.initialState', 'Disabled'), 'vmbstate.channel.initialState'),
    packetCallbacks: validateFlag(s.get('channel.packetCallbacks', true), 'vmbstate.channel.packetCallbacks'),
    profile: validateProfile(s.get('statusProfile', 'default'), 'vmbstate.statusProfile'),
  };
}

class SweepPanel {
  ready = false;
  lastStep: SweepState['lastStep'];
  readonly view: SweepView;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    readonly uri: vscode.Uri,
    readonly result: SweepResult,
    form: 'binary' | 'text',
  ) {
    this.view = buildSweepView(result, { label: path.basename(uri.fsPath), form });
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
    const body = `<h1 id="title"></h1>
<div id="detail"></div>
<ul id="summary"></ul>
<div class="legend" aria-hidden="true"><span><i class="sw k-success"></i>STATUS_SUCCESS</span><span><i class="sw k-error"></i>failure / BUFFER_TOO_SMALL</span><span><i class="sw k-warning"></i>input ended (END_OF_FILE)</span><span><i class="sw lenient"></i>below the largest chunk</span></div>
<div id="chart"></div>
<div id="save-note"></div>
<p id="step-note"></p>
<h2>Packings</h2>
<table><thead><tr><th>Sizes</th><th>Calls</th><th>Restore ends with</th><th>Decided by</th><th>Chunks committed</th><th></th></tr></thead><tbody id="rows"></tbody></table>`;
    panel.webview.html = webviewPage(panel.webview, extensionUri, {
      title: this.view.title,
      style: 'sweep.css',
      script: 'sweepView.js',
      body,
    });
    panel.webview.onDidReceiveMessage((m: SweepWebviewMessage) => void this.receive(m));
  }

  state(): SweepState {
    return {
      file: this.uri.fsPath,
      ready: this.ready,
      view: this.view,
      ...(this.lastStep ? { lastStep: this.lastStep } : {}),
    };
  }

  private async receive(m: SweepWebviewMessage): Promise<void> {
    if (m.type === 'ready') {
      this.ready = true;
      void this.panel.webview.postMessage({ type: 'init', view: this.view });
      return;
    }
    const bar = this.view.bars[m.bar];
    if (!bar || !this.view.canStep) return;
    // Any size of the range gives its packing; the range's first size is the one shown.
    this.lastStep = { program: this.uri.fsPath, buffering: 'size', bufferSize: bar.from };
    await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(this.uri), {
      type: 'vmbstate',
      request: 'launch',
      name: `Step Restore ${path.basename(this.uri.fsPath)} (${bar.from}-byte buffers)`,
      program: this.uri.fsPath,
      stopOnEntry: true,
      buffering: 'size',
      bufferSize: bar.from,
    });
  }
}

export function registerSweep(context: vscode.ExtensionContext): void {
  let last: SweepPanel | undefined;
  const sweep = async (arg?: unknown): Promise<SweepState | { error: string } | undefined> => {
    const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.file(arg) : activeFileUri();
    if (!uri || uri.scheme !== 'file') {
      const error = 'Sweep Buffer Sizes: open or select a .vmbstate or .vmbhex file first.';
      void vscode.window.showErrorMessage(error);
      return { error };
    }
    let result: SweepResult;
    let form: 'binary' | 'text';
    try {
      form = isTextFileName(uri.fsPath) ? 'text' : 'binary';
      const doc = decodeDocument(uri.fsPath, readInputFile(uri.fsPath, form), { channel: channelFromSettings() });
      result = sweepBufferSizes(doc.bytes, { channel: doc.channel });
    } catch (e) {
      if (!(e instanceof FileAccessError || e instanceof OptionError)) throw e;
      const error = `Sweep Buffer Sizes: ${e.message}`;
      void vscode.window.showErrorMessage(error);
      return { error };
    }
    const panel = vscode.window.createWebviewPanel(
      SWEEP_VIEW_TYPE,
      `Buffer sizes: ${path.basename(uri.fsPath)}`,
      vscode.ViewColumn.Active,
      { enableScripts: true, retainContextWhenHidden: true },
    );
    const p = new SweepPanel(panel, context.extensionUri, uri, result, form);
    last = p;
    panel.onDidDispose(() => {
      if (last === p) last = undefined;
    });
    return p.state();
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('vmbstate.sweepBufferSizes', sweep),
    vscode.commands.registerCommand('vmbstate._sweepState', () => last?.state()),
    // Test hook: click bar N in the webview (the user's path: webview → host → startDebugging).
    vscode.commands.registerCommand('vmbstate._sweepAction', async (a: { bar: number }) => {
      if (!last) throw new Error('no sweep view is open');
      void last.panel.webview.postMessage({ type: 'click', bar: a.bar });
      await new Promise((r) => setTimeout(r, ACTION_SETTLE_MS));
      return last.state();
    }),
  );
}
