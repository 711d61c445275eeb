// The webview's line to the extension host: notices, requests answered by id (../model/rpc.ts), the
// view state VS Code keeps across hide/show, and the last error (reported to the test hooks).

import type { ViewState, WebviewMessage, WebviewRequests } from '../model/messages';
import { Requester } from '../model/rpc';

declare function acquireVsCodeApi(): {
  postMessage(m: WebviewMessage): void;
  getState(): unknown;
  setState(s: unknown): void;
};

const vscode = acquireVsCodeApi();

export const post = (m: WebviewMessage): void => vscode.postMessage(m);

const requester = new Requester<WebviewRequests>(post);
/** Asks the host; the promise settles with its reply (matched by id) or its error. */
export const request: Requester<WebviewRequests>['request'] = (kind, params, timeoutMs) =>
  requester.request(kind, params, timeoutMs);
/** A reply from the host: hand it to its request. */
export const settle: Requester<WebviewRequests>['settle'] = (m) => requester.settle(m);

/** The view state this webview saved before it was last hidden (empty the first time). */
export const savedViewState = (vscode.getState() ?? {}) as Partial<ViewState>;

export function storeViewState(s: ViewState): void {
  vscode.setState(s);
}

let lastError: string | undefined;

/** Keeps an error thrown while handling a message or a reply (the test hooks report it); logs it. */
export function recordError(e: unknown): void {
  lastError = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  console.error('vmbstate webview:', e);
}

export function lastRecordedError(): string | undefined {
  return lastError;
}
