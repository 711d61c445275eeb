// The saved-state editor's Problems panel entries (collection vmbstate-binary, on the binary's URI,
// positioned line = offset / 16, character = offset % 16) and the status bar's restore status.

import * as vscode from 'vscode';
import { runStatus, type Problem } from '../../../core/src';
import { forgetRestoreStatus, publishRestoreStatus } from '../statusBar';
import type { EditorEntry } from './editorRegistry';
import { byteRangeToLineRange } from './model/positions';

export function toDiagnostic(uri: vscode.Uri, p: Problem): vscode.Diagnostic {
  const r = p.bytes
    ? byteRangeToLineRange(p.bytes.start, p.bytes.end)
    : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  const sev =
    p.severity === 'error'
      ? vscode.DiagnosticSeverity.Error
      : p.severity === 'warning'
        ? vscode.DiagnosticSeverity.Warning
        : vscode.DiagnosticSeverity.Information;
  const where = p.bytes
    ? ` [bytes 0x${p.bytes.start.toString(16).toUpperCase()}–0x${p.bytes.end.toString(16).toUpperCase()}]`
    : '';
  const d = new vscode.Diagnostic(range, `${p.message}${where}`, sev);
  d.code = p.code;
  d.source = 'vmbstate';
  if (p.related?.length) {
    d.relatedInformation = p.related
      .filter((x) => x.bytes)
      .map((x) => {
        const rr = byteRangeToLineRange(x.bytes!.start, x.bytes!.end);
        return new vscode.DiagnosticRelatedInformation(
          new vscode.Location(uri, new vscode.Range(rr.start.line, rr.start.character, rr.end.line, rr.end.character)),
          x.message,
        );
      });
  }
  return d;
}

export class EditorDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('vmbstate-binary');

  /** Problems and restore status of the entry's latest analysis (none when the analysis failed). */
  publish(entry: EditorEntry): void {
    const a = entry.analysis;
    const uri = entry.doc.uri;
    if (!a) {
      this.collection.delete(uri);
      return;
    }
    this.collection.set(
      uri,
      a.problems.map((p) => toDiagnostic(uri, p)),
    );
    const run = runStatus(a);
    publishRestoreStatus(uri, {
      outcome: a.outcome,
      ...(run.lastCall ? { lastStatus: run.lastCall } : {}),
      moreProcessingCalls: run.moreProcessingCalls,
      fileName: entry.doc.fileName,
    });
  }

  /** The last editor of `uri` closed. */
  forget(uri: vscode.Uri): void {
    this.collection.delete(uri);
    forgetRestoreStatus(uri);
  }

  /** Entries in the Problems panel for `uri`. */
  count(uri: vscode.Uri): number {
    return this.collection.get(uri)?.length ?? 0;
  }

  dispose(): void {
    this.collection.dispose();
  }
}
