// Helpers shared by the integration test files in ../suite (compiled to out/test/integration/support).
// They run in the extension host, in the web harness (runner.mjs) and in the desktop one (electron.mjs).

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Context } from 'mocha';
import type * as Core from '../../../core/src';
import type { BinaryEditorState } from '../../../client/src/editor/testHooks';

export const EXTENSION_ID = 'vmbstate.vmbstate';
export const MORE = 'STATUS_MORE_PROCESSING_REQUIRED';

/** Tests tagged with this in their title drive the browser (vmbIT.ui / screenshots of the web workbench): web harness only. */
export const UI = '[ui]';

/** In an afterEach hook: a screenshot of the window as the failed test left it. */
export async function screenshotIfFailed(ctx: Context | void): Promise<void> {
  const t = ctx && 'currentTest' in ctx ? ctx.currentTest : undefined;
  if (t?.state === 'failed') await vmbIT.screenshot(`FAILED-before-cleanup ${t.fullTitle()}`).catch(() => undefined);
}

/**
 * afterEach hook: a screenshot of a failed test as it was (the harness's own FAILED_ screenshot is
 * taken after this cleanup), then closes every editor; dirty ones are reverted first (closing them
 * would ask, in a modal dialog).
 */
export async function closeAll(this: Context | void): Promise<void> {
  await screenshotIfFailed(this);
  for (let i = 0; i < 20; i++) {
    const dirty = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.isDirty);
    if (!dirty) break;
    const input = dirty.input;
    if (input instanceof vscode.TabInputCustom)
      await vscode.commands.executeCommand('vscode.openWith', input.uri, input.viewType, {
        viewColumn: dirty.group.viewColumn,
      });
    else if (input instanceof vscode.TabInputText)
      await vscode.window.showTextDocument(input.uri, { viewColumn: dirty.group.viewColumn, preview: false });
    else break;
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Absolute path in the workspace copy. */
export const ws = (rel: string): string => path.join(vmbIT.workspaceFolder, rel);

/** Copy a file of the workspace copy to a fresh name (optionally transformed), creating folders; returns its URI. */
export function copyInWorkspace(fromRel: string, toRel: string, transform?: (text: string) => string): vscode.Uri {
  const dst = ws(toRel);
  fs.mkdirSync(path.dirname(dst), { recursive: true });
  if (transform) fs.writeFileSync(dst, transform(fs.readFileSync(ws(fromRel), 'utf8')));
  else fs.copyFileSync(ws(fromRel), dst);
  return vscode.Uri.file(dst);
}

/** The built core library of the repo (npm run compile), for expected results. */
export function core(): typeof Core {
  const p = path.join(vmbIT.repoRoot, 'out', 'core', 'src');
  assert.ok(fs.existsSync(path.join(p, 'index.js')), `${p}/index.js is missing: run npm run compile`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(p);
}

/** Every line of the extension host logs VS Code wrote for this run (the logs folder of the harness). */
export function extensionHostLog(): string {
  const roots = [path.join(vmbIT.artifactsDir, 'logs'), vmbIT.config.logsDir].filter(
    (x): x is string => !!x && fs.existsSync(x),
  );
  const out: string[] = [];
  const walk = (p: string) => {
    for (const e of fs.readdirSync(p, { withFileTypes: true })) {
      const f = path.join(p, e.name);
      if (e.isDirectory()) walk(f);
      else if (/exthost\.log$/i.test(e.name)) out.push(fs.readFileSync(f, 'utf8'));
    }
  };
  roots.forEach(walk);
  return out.join('\n');
}

// ---- the binary custom editor's test hooks (client/src/editor/testHooks.ts) ----------------------

/** What `vmbstate._editorState` returns: the editor's own type, so the tests cannot drift from it. */
export type EditorState = BinaryEditorState;

export async function editorState(uri?: vscode.Uri): Promise<EditorState | undefined> {
  return vscode.commands.executeCommand<EditorState | undefined>('vmbstate._editorState', uri);
}

export async function editorAction(
  uri: vscode.Uri,
  action: string,
  args: Record<string, unknown> = {},
): Promise<EditorState | undefined> {
  return vscode.commands.executeCommand<EditorState | undefined>('vmbstate._editorAction', {
    uri: uri.toString(),
    action,
    ...args,
  });
}

/** Waits until the editor of `uri` has a ready webview and an analysis of its current bytes. */
export async function editorSettled(
  uri: vscode.Uri,
  what = 'the saved-state editor to settle',
  timeout = 15000,
): Promise<EditorState> {
  return vmbIT.waitFor(
    async () => {
      const s = await editorState(uri);
      return s && s.webview && !s.analyzing && s.analysisVersion === s.version && s.webview.version === s.version
        ? s
        : undefined;
    },
    { timeout, interval: 150, message: what },
  );
}

export function activeTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.activeTabGroup.activeTab;
}

export function tabOf(uri: vscode.Uri): vscode.Tab | undefined {
  for (const g of vscode.window.tabGroups.all) {
    for (const t of g.tabs) {
      const i = t.input as { uri?: vscode.Uri } | undefined;
      if (i?.uri?.toString() === uri.toString()) return t;
    }
  }
  return undefined;
}

// ---- debug sessions through a DAP tracker --------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- DAP bodies differ per message; each test reads the fields it knows
type Msg = { type: string; event?: string; command?: string; body?: any; seq?: number };

/** Records every message of vmbstate debug sessions (adapter → VS Code) and lets a test wait for them. */
export class DapRecorder implements vscode.Disposable {
  readonly sent: Msg[] = [];
  private readonly subs: vscode.Disposable[] = [];
  private waiters: (() => void)[] = [];
  session?: vscode.DebugSession;

  constructor() {
    this.subs.push(
      vscode.debug.registerDebugAdapterTrackerFactory('vmbstate', {
        createDebugAdapterTracker: (s) => {
          this.session = s;
          return {
            onDidSendMessage: (m: Msg) => {
              this.sent.push(m);
              this.wake();
            },
            onExit: () => this.wake(),
          };
        },
      }),
      vscode.debug.onDidTerminateDebugSession(() => this.wake()),
    );
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  events(name: string): Msg[] {
    return this.sent.filter((m) => m.type === 'event' && m.event === name);
  }

  /** Waits for the `n`-th (1-based) event `name` of the session; returns it. */
  async event(name: string, n: number, timeout = 15000): Promise<Msg> {
    const end = Date.now() + timeout;
    for (;;) {
      const all = this.events(name);
      if (all.length >= n) return all[n - 1];
      if (Date.now() > end)
        throw new Error(
          `no ${n}. "${name}" event after ${timeout} ms; events so far: ${this.sent
            .filter((m) => m.type === 'event')
            .map((m) => m.event)
            .join(', ')}`,
        );
      await new Promise<void>((r) => {
        const t = setTimeout(r, 200);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /**
   * Steps as a person does (VS Code's Step Over / Step Into / Step Out / Continue on the focused
   * thread) and waits for the stop (or the end) it causes: the next `stopped` or `terminated` event.
   */
  async stepAndWait(command: 'next' | 'stepIn' | 'stepOut' | 'continue'): Promise<Msg> {
    const stops = this.events('stopped').length;
    const ends = this.events('terminated').length;
    const vsc = {
      next: 'workbench.action.debug.stepOver',
      stepIn: 'workbench.action.debug.stepInto',
      stepOut: 'workbench.action.debug.stepOut',
      continue: 'workbench.action.debug.continue',
    }[command];
    await vscode.commands.executeCommand(vsc);
    await vmbIT.waitFor(() => this.events('stopped').length > stops || this.events('terminated').length > ends, {
      timeout: 15000,
      message: `a stop after ${vsc}`,
    });
    return this.events('terminated').length > ends ? this.events('terminated')[ends] : this.events('stopped')[stops];
  }

  async evaluate(expression: string, context = 'watch'): Promise<string> {
    const frames = await this.session!.customRequest('stackTrace', { threadId: 1 });
    const r = await this.session!.customRequest('evaluate', {
      expression,
      context,
      frameId: frames.stackFrames[0]?.id,
    });
    return r.result;
  }

  /** The variables of a scope (by name) of the top frame, as name → value. */
  async scope(name: string): Promise<Map<string, string>> {
    const frames = await this.session!.customRequest('stackTrace', { threadId: 1 });
    const scopes = await this.session!.customRequest('scopes', { frameId: frames.stackFrames[0].id });
    const sc = (scopes.scopes as { name: string; variablesReference: number }[]).find((s) => s.name === name);
    assert.ok(sc, `scope "${name}" among ${scopes.scopes.map((s: { name: string }) => s.name).join(', ')}`);
    const vars = await this.session!.customRequest('variables', { variablesReference: sc.variablesReference });
    return new Map((vars.variables as { name: string; value: string }[]).map((v) => [v.name, v.value]));
  }

  /** Statuses of the restore calls the session has run so far (vmbstate.trace events). */
  callStatuses(): string[] {
    return this.events('vmbstate.trace')
      .map((e) => e.body?.entry)
      .filter((t) => t?.kind === 'call')
      .map((t) => t.statusName ?? String(t.status));
  }

  dispose(): void {
    this.subs.forEach((s) => s.dispose());
  }
}

// Every debug session started since the suite loaded, until VS Code reports it terminated. The
// activeDebugSession property can lag behind a stop (microsoft/vscode#157144), so the sessions
// are tracked by their own start and terminate events.
const liveSessions = new Set<string>();
vscode.debug.onDidStartDebugSession((s) => liveSessions.add(s.id));
vscode.debug.onDidTerminateDebugSession((s) => liveSessions.delete(s.id));

/** Stops every debug session and waits until none is left; asks again every 2 s under load. */
export async function stopAllSessions(): Promise<void> {
  const deadline = Date.now() + 30000;
  if (liveSessions.size === 0 && vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
  while (liveSessions.size > 0) {
    if (Date.now() > deadline) throw new Error(`debug sessions did not end in 30 s: ${[...liveSessions].join(', ')}`);
    await vscode.debug.stopDebugging();
    await vmbIT.waitFor(() => liveSessions.size === 0, { timeout: 2000 }).catch(() => undefined);
  }
}
