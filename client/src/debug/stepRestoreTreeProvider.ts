// The Step Restore view (debug container, id vmbstate.stepRestoreView): every restore call with
// its buffer range, chunks and returned status, coloured by outcome, updated live from the
// adapter's custom events. Clicking a row runs vmbstate.revealCall.

import * as vscode from 'vscode';
import { TraceModel } from './traceModel';
import type { Row } from './traceRows';

export const STEP_RESTORE_VIEW = 'vmbstate.stepRestoreView';

export class StepRestoreTreeProvider implements vscode.TreeDataProvider<Row> {
  private readonly changed = new vscode.EventEmitter<Row | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** One model per debug session; the view shows the one most recently active. */
  private readonly models = new Map<string, TraceModel>();
  private shown?: string;

  get model(): TraceModel | undefined {
    return this.shown ? this.models.get(this.shown) : undefined;
  }

  get sessionId(): string | undefined {
    return this.shown;
  }

  /** Feed a custom event of a vmbstate session; returns whether the shown model changed. */
  apply(sessionId: string, event: string, body: unknown): boolean {
    let m = this.models.get(sessionId);
    if (!m) {
      m = new TraceModel();
      this.models.set(sessionId, m);
    }
    const changed = m.apply(event, body);
    if (changed && event === 'vmbstate.plan') this.shown = sessionId;
    if (changed && sessionId === this.shown) this.changed.fire();
    return changed && sessionId === this.shown;
  }

  /** Show another session's trace (the active debug session changed). */
  show(sessionId: string): void {
    if (this.models.has(sessionId) && this.shown !== sessionId) {
      this.shown = sessionId;
      this.changed.fire();
    }
  }

  /** A session ended: keep its trace on screen, drop the others that ended earlier. */
  ended(sessionId: string): void {
    const m = this.models.get(sessionId);
    if (!m) return;
    m.end();
    for (const [id, other] of this.models)
      if (id !== sessionId && id !== this.shown && other.ended) this.models.delete(id);
    if (sessionId === this.shown) this.changed.fire();
  }

  clear(): void {
    this.models.clear();
    this.shown = undefined;
    this.changed.fire();
  }

  getChildren(element?: Row): Row[] {
    const m = this.model;
    if (!m) return [];
    if (!element) return [...m.whatIf.roots(), ...m.roots()];
    return m.whatIf.owns(element) ? m.whatIf.children(element) : m.children(element);
  }

  getParent(element: Row): Row | undefined {
    if (element.kind === 'whatIfEdit') return { id: 'whatIf', kind: 'whatIf' };
    return this.model?.parent(element);
  }

  getTreeItem(row: Row): vscode.TreeItem {
    const m = this.model!;
    const v = m.whatIf.owns(row) ? m.whatIf.view(row) : m.view(row);
    const item = new vscode.TreeItem(
      v.label,
      v.collapsible
        ? row.kind === 'call' && m.currentRow()?.call === row.call
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None,
    );
    if (row.kind === 'whatIf') item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
    item.id = `${this.shown}/${row.id}`;
    item.description = v.description;
    if (v.tooltip) item.tooltip = v.tooltip;
    item.iconPath = new vscode.ThemeIcon(v.icon.id, v.icon.color ? new vscode.ThemeColor(v.icon.color) : undefined);
    item.contextValue = v.contextValue;
    if (v.reveal)
      item.command = { command: 'vmbstate.revealCall', title: 'Reveal Restore Call', arguments: [v.reveal] };
    return item;
  }
}
