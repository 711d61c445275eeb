// The compare commands (docs/compare.md, VS Code): Compare Saved States… (two files), Select for
// Compare / Compare with Selected (Explorer), Compare with Saved (a dirty editor against its file)
// and Compare with HEAD (git), plus the compare view's test hooks (_compareState, _compareAction).

import * as vscode from 'vscode';
import type { EditorRegistry } from '../editor/editorRegistry';
import { activeDocumentUri } from '../statusBar';
import { baseName, gitApi, loadSide, SideError, type SideVersion } from './compareInputs';
import { ComparePanel, type CompareState } from './comparePanel';

const SELECTED_CONTEXT = 'vmbstate.compareSelected';
const FILTERS = { 'VMBus saved state': ['vmbstate', 'vmbhex', 'bin'], 'All files': ['*'] };
/** Lets the webview handle a test hook's key before the state is read. */
/** After the webview handled a test key: time for a reveal it started to open its editor. */
const ACTION_SETTLE_MS = 100;
/** How long a test key may wait for the webview to handle it. */
const ACTION_TIMEOUT_MS = 10000;

type Result = CompareState | { error: string } | undefined;

function uriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  if (arg && typeof arg === 'object' && 'uri' in arg) return uriOf((arg as { uri: unknown }).uri);
  return undefined;
}

export class CompareCommands {
  private selected: vscode.Uri | undefined;
  private readonly panels = new Set<ComparePanel>();
  private lastPanel: ComparePanel | undefined;
  private keySeq = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly editors: EditorRegistry,
  ) {}

  /** Decodes both sides, diffs them and opens the view; a side that cannot be read is an error message. */
  async compare(
    a: { uri: vscode.Uri; version: SideVersion },
    b: { uri: vscode.Uri; version: SideVersion },
  ): Promise<Result> {
    let panel: ComparePanel;
    try {
      const [sa, sb] = await Promise.all([
        loadSide(a.uri, a.version, this.editors),
        loadSide(b.uri, b.version, this.editors),
      ]);
      panel = ComparePanel.open(this.extensionUri, { a: sa, b: sb }, (p) => {
        this.panels.delete(p);
        if (this.lastPanel === p) this.lastPanel = undefined;
      });
    } catch (e) {
      const message =
        e instanceof SideError ? e.message : `Compare failed: ${e instanceof Error ? e.message : String(e)}`;
      void vscode.window.showErrorMessage(`Compare Saved States: ${message}`);
      return { error: message };
    }
    this.panels.add(panel);
    this.lastPanel = panel;
    return panel.state();
  }

  private async pick(title: string): Promise<vscode.Uri | undefined> {
    const picked = await vscode.window.showOpenDialog({
      title,
      canSelectMany: false,
      filters: FILTERS,
      openLabel: 'Select',
    });
    return picked?.[0];
  }

  /** vmbstate.compareSavedStates: `a` and `b` (tests) or two open dialogs. */
  async compareFiles(a?: unknown, b?: unknown): Promise<Result> {
    const ua = uriOf(a) ?? (await this.pick('Compare Saved States: the first file (A, the one that worked)'));
    if (!ua) return undefined;
    const ub = uriOf(b) ?? (await this.pick(`Compare Saved States: compare ${baseName(ua)} with (B)`));
    if (!ub) return undefined;
    return this.compare({ uri: ua, version: 'current' }, { uri: ub, version: 'current' });
  }

  async selectForCompare(arg?: unknown): Promise<void> {
    const uri = uriOf(arg) ?? activeDocumentUri();
    if (!uri) return;
    this.selected = uri;
    await vscode.commands.executeCommand('setContext', SELECTED_CONTEXT, true);
  }

  async compareWithSelected(arg?: unknown): Promise<Result> {
    const uri = uriOf(arg) ?? activeDocumentUri();
    if (!this.selected) {
      void vscode.window.showWarningMessage(
        'Compare with Selected: first use "Select for Compare (Saved State)" on a file.',
      );
      return { error: 'nothing selected' };
    }
    if (!uri) return undefined;
    return this.compare({ uri: this.selected, version: 'current' }, { uri, version: 'current' });
  }

  /** A: the file on disk; B: the editor's current (unsaved) content. */
  async compareWithSaved(arg?: unknown): Promise<Result> {
    const uri = uriOf(arg) ?? activeDocumentUri();
    if (!uri) return { error: 'no saved-state document is active' };
    return this.compare({ uri, version: 'disk' }, { uri, version: 'current' });
  }

  /** A: the file at HEAD (git extension); B: its current content. Says so when git is not there. */
  async compareWithHead(arg?: unknown): Promise<Result> {
    const uri = uriOf(arg) ?? activeDocumentUri();
    if (!uri) return { error: 'no saved-state document is active' };
    if (!(await gitApi())) {
      const message = 'Compare with HEAD needs the built-in git extension, which is absent or disabled.';
      void vscode.window.showWarningMessage(message);
      return { error: message };
    }
    return this.compare({ uri, version: 'head' }, { uri, version: 'current' });
  }

  /** Test hooks: the newest (or active) compare view's state, and keys / reveal as the user would. */
  private testState(): CompareState | undefined {
    const p = [...this.panels].find((x) => x.panel.active) ?? this.lastPanel;
    return p?.state();
  }

  private async testAction(a: {
    action: 'key' | 'reveal';
    key?: string;
    shift?: boolean;
  }): Promise<CompareState | undefined> {
    const p = [...this.panels].find((x) => x.panel.active) ?? this.lastPanel;
    if (!p) throw new Error('no compare view is open');
    const seq = ++this.keySeq;
    p.post({ type: 'key', key: a.action === 'reveal' ? 'Enter' : String(a.key), shift: !!a.shift, seq });
    // Wait for the webview's answer rather than a fixed time: a loaded machine delays it.
    const deadline = Date.now() + ACTION_TIMEOUT_MS;
    while (p.handledKey < seq && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    if (p.handledKey < seq) throw new Error(`the compare view did not handle key ${seq} in ${ACTION_TIMEOUT_MS} ms`);
    if (a.action === 'reveal') await new Promise((r) => setTimeout(r, ACTION_SETTLE_MS));
    return p.state();
  }

  register(): vscode.Disposable[] {
    const cmd = vscode.commands.registerCommand;
    return [
      cmd('vmbstate.compareSavedStates', (a?: unknown, b?: unknown) => this.compareFiles(a, b)),
      cmd('vmbstate.selectForCompare', (arg?: unknown) => this.selectForCompare(arg)),
      cmd('vmbstate.compareWithSelected', (arg?: unknown) => this.compareWithSelected(arg)),
      cmd('vmbstate.compareWithSaved', (arg?: unknown) => this.compareWithSaved(arg)),
      cmd('vmbstate.compareWithHead', (arg?: unknown) => this.compareWithHead(arg)),
      cmd('vmbstate._compareState', () => this.testState()),
      cmd('vmbstate._compareAction', (a: { action: 'key' | 'reveal'; key?: string; shift?: boolean }) =>
        this.testAction(a),
      ),
    ];
  }
}

export function registerCompare(context: vscode.ExtensionContext, editors: EditorRegistry): CompareCommands {
  const commands = new CompareCommands(context.extensionUri, editors);
  context.subscriptions.push(...commands.register());
  return commands;
}
