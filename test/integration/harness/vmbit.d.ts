// Types of the `vmbIT` global that test/integration/harness/run-suite.js installs in the VS Code
// extension host before it loads the integration test files (see test/integration/README.md).
import type * as vscode from 'vscode';

export interface VmbITConfig {
  repoRoot: string;
  rpcPort: number;
  token: string;
  mode: 'dev' | 'vsix';
  extensionId: string;
  vsixPath: string | null;
  /** Folder the extension under test was loaded from (dev mode), else null. */
  extensionPath: string | null;
  workspaceFolder: string;
  samplesDir: string;
  artifactsDir: string;
  testFiles: string[];
  grep: string | null;
  testTimeout: number;
  mochaPath: string;
  /** Which harness runs the suite: the web workbench of runner.mjs (default) or the desktop one of electron.mjs. */
  harness?: 'web' | 'desktop';
  /** Where VS Code writes its logs when it is not under artifactsDir/logs (desktop harness). */
  logsDir?: string | null;
}

/** Where a UI selector is looked up: the workbench page, every frame (webviews), or a frame whose URL contains the text. */
export type VmbITFrame = 'main' | 'all' | string;

export interface VmbITUiOptions {
  frame?: VmbITFrame;
  /** Milliseconds (default 10000). */
  timeout?: number;
}

export interface VmbIT {
  readonly config: Readonly<VmbITConfig>;
  readonly repoRoot: string;
  /** The open workspace folder: a throw-away copy of the repo's samples/ (write freely). */
  readonly workspaceFolder: string;
  /** The repo's own samples/ folder (do not modify). */
  readonly samplesDir: string;
  readonly artifactsDir: string;
  readonly mode: 'dev' | 'vsix';
  /** publisher.name of the extension under test. */
  readonly extensionId: string;
  /** False in the desktop harness (electron.mjs): there `ui.*` throws, `screenshot` only logs. */
  readonly hasUi?: boolean;

  log(...args: unknown[]): Promise<void>;
  sleep(ms: number): Promise<void>;
  waitFor<T>(
    fn: () => T | Promise<T>,
    options?: { timeout?: number; interval?: number; message?: string },
  ): Promise<NonNullable<T>>;

  extension(): vscode.Extension<unknown> | undefined;
  activate(): Promise<unknown>;
  uri(relativePath: string): vscode.Uri;
  openFile(relativePath: string, options?: vscode.TextDocumentShowOptions): Promise<vscode.TextEditor>;
  waitForDiagnostics(
    uri: vscode.Uri,
    options?: { timeout?: number; predicate?: (d: vscode.Diagnostic[]) => boolean },
  ): Promise<vscode.Diagnostic[]>;

  /** PNG of the browser window into the artifacts folder; resolves to its path. */
  screenshot(name: string, options?: { fullPage?: boolean }): Promise<string>;
  ui: {
    press(keys: string): Promise<true>;
    type(text: string): Promise<true>;
    click(selector: string, options?: VmbITUiOptions): Promise<true>;
    waitFor(
      selector: string,
      options?: VmbITUiOptions & { state?: 'attached' | 'detached' | 'visible' | 'hidden' },
    ): Promise<true>;
    text(selector: string, options?: VmbITUiOptions): Promise<string>;
    count(selector: string, options?: VmbITUiOptions): Promise<number>;
    frames(): Promise<{ name: string; url: string }[]>;
    evaluate(expression: string, options?: VmbITUiOptions & { selector?: string }): Promise<unknown>;
  };
}

declare global {
  var vmbIT: VmbIT;
}
