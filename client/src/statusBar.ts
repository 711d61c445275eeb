// Status bar: the last restore status of the active saved-state file (text or binary), fed by
// the language server's AnalysisNotification and by the binary custom editor. Clicking it runs
// vmbstate.stepRestore (registered by the debugger) on that file.

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { AnalysisNotification } from '../../protocol/src';
import { lspNotification } from './serverBridge';
import { presentStatus, type RestoreStatusInfo } from './statusText';

const statuses = new Map<string, RestoreStatusInfo>();
const changed = new vscode.EventEmitter<string>();

/** Record the restore outcome of a document (by URI string); the status bar shows it while that file is active. */
export function publishRestoreStatus(uri: vscode.Uri | string, info: RestoreStatusInfo): void {
  const key = uri.toString();
  statuses.set(key, info);
  changed.fire(key);
}

export function forgetRestoreStatus(uri: vscode.Uri | string): void {
  const key = uri.toString();
  if (statuses.delete(key)) changed.fire(key);
}

export function restoreStatusOf(uri: vscode.Uri | string): RestoreStatusInfo | undefined {
  return statuses.get(uri.toString());
}

/** The file the user looks at: the active text editor, else the active tab (the custom editor). */
export function activeDocumentUri(): vscode.Uri | undefined {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  const input = tab?.input;
  if (input instanceof vscode.TabInputCustom) return input.uri;
  const ed = vscode.window.activeTextEditor;
  if (ed && ed.document.uri.scheme !== 'output') return ed.document.uri;
  if (input instanceof vscode.TabInputText) return input.uri;
  return undefined;
}

export function registerStatusBar(context: vscode.ExtensionContext, client?: BaseLanguageClient): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('vmbstate.restoreStatus', vscode.StatusBarAlignment.Left, 50);
  item.name = 'VMBus Restore Status';
  context.subscriptions.push(item, changed);

  const update = () => {
    const uri = activeDocumentUri();
    const info = uri && statuses.get(uri.toString());
    if (!uri || !info) {
      item.hide();
      return;
    }
    const p = presentStatus({ ...info, fileName: info.fileName ?? uri.path.split('/').pop() });
    item.text = p.text;
    const md = new vscode.MarkdownString(p.tooltip);
    md.isTrusted = false;
    item.tooltip = md;
    item.backgroundColor =
      p.kind === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : p.kind === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    item.command = { command: 'vmbstate.stepRestore', title: 'Step Restore', arguments: [uri] };
    item.show();
  };

  if (client) {
    try {
      context.subscriptions.push(
        client.onNotification(lspNotification(AnalysisNotification), (p) => {
          publishRestoreStatus(p.uri, { outcome: p.outcome, ...(p.lastStatus ? { lastStatus: p.lastStatus } : {}) });
        }),
      );
    } catch (e) {
      console.warn('vmbstate: cannot listen to analysis notifications', e);
    }
  }
  context.subscriptions.push(
    changed.event(update),
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.window.tabGroups.onDidChangeTabs(update),
    vscode.window.tabGroups.onDidChangeTabGroups(update),
    vscode.workspace.onDidCloseTextDocument((d) => {
      // Text documents re-announce their status when reopened; binary ones are dropped by the editor.
      if (d.languageId === 'vmbstate-hex') forgetRestoreStatus(d.uri);
    }),
  );
  update();
  return item;
}
