// The content changes of each open document since recent versions, as offset edits
// (textChanges.ts), for the worker that holds an earlier version. Bounded: past MAX_LOGGED_CHARS
// of inserted text or MAX_LOGGED_VERSIONS versions the oldest are forgotten (the whole text is
// sent instead).

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { OffsetEdit } from './textChanges';
import { PieceTextDocument } from './pieceDocument';

const MAX_LOGGED_CHARS = 1 << 20;
const MAX_LOGGED_VERSIONS = 1000;

interface Logged {
  /** The version these edits made. */
  version: number;
  edits: OffsetEdit[];
  chars: number;
  /** Lines [from, to] each change replaced, when every change kept its number of lines and the document its line count; else undefined. */
  touched?: [number, number][];
}

/** Line breaks as TextDocument counts them. */
const LINE_BREAK = /\r\n|\r|\n/g;

interface DocLog {
  /** The version before the first entry. */
  base: number;
  entries: Logged[];
  chars: number;
}

export class EditLog {
  private readonly logs = new Map<string, DocLog>();

  reset(uri: string, version: number): void {
    this.logs.set(uri, { base: version, entries: [], chars: 0 });
  }

  forget(uri: string): void {
    this.logs.delete(uri);
  }

  /** Applies `changes` to `doc` (as TextDocument.update does), logging each as an offset edit. */
  update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    const edits: OffsetEdit[] = [];
    let chars = 0;
    let whole = false;
    const before = doc.lineCount;
    let touched: [number, number][] | undefined = [];
    for (const c of changes) {
      if ('range' in c && c.range) {
        // Offsets in the text as the changes before this one left it: applied one at a time.
        // A range given end first is taken start first, as TextDocument.update does.
        const a = doc.offsetAt(c.range.start);
        const b = doc.offsetAt(c.range.end);
        edits.push({ start: Math.min(a, b), end: Math.max(a, b), text: c.text });
        chars += c.text.length;
        const l0 = Math.min(c.range.start.line, c.range.end.line);
        const l1 = Math.max(c.range.start.line, c.range.end.line);
        if (touched && (c.text.match(LINE_BREAK)?.length ?? 0) === l1 - l0) touched.push([l0, l1]);
        else touched = undefined;
      } else {
        whole = true;
      }
      // The server's own documents take the change without copying their text (pieceDocument.ts).
      doc = doc instanceof PieceTextDocument ? doc.apply(c, version) : TextDocument.update(doc, [c], version);
    }
    const log = this.logs.get(doc.uri);
    if (!log) return doc;
    if (whole) {
      this.reset(doc.uri, version);
      return doc;
    }
    // A change next to a `\r` can join or split a CRLF pair: the document's own count decides.
    if (doc.lineCount !== before) touched = undefined;
    log.entries.push({ version, edits, chars, ...(touched ? { touched } : {}) });
    log.chars += chars;
    while (log.entries.length && (log.chars > MAX_LOGGED_CHARS || log.entries.length > MAX_LOGGED_VERSIONS)) {
      const old = log.entries.shift()!;
      log.base = old.version;
      log.chars -= old.chars;
    }
    return doc;
  }

  /**
   * Whether `line` of the current version is the same line, with the same text, in `version`:
   * every change since kept its number of lines (so lines keep their numbers) and none touched
   * `line`. False when a change since is not logged (docs/language-server.md, "Hover during re-analysis").
   */
  untouched(uri: string, version: number, line: number): boolean {
    const touched = this.touchedSince(uri, version);
    return !!touched?.length && touched.every((t) => t.every(([l0, l1]) => line < l0 || line > l1));
  }

  /**
   * Whether every change since `version` is logged and kept its number of lines (the document its
   * line count): the edits an incremental analysis can take (the analysis pause, analysisPause.ts).
   */
  linesKept(uri: string, version: number): boolean {
    return !!this.touchedSince(uri, version)?.length;
  }

  /** The lines each version since `version` touched; undefined when one is not logged or moved lines. */
  private touchedSince(uri: string, version: number): [number, number][][] | undefined {
    const log = this.logs.get(uri);
    if (!log || version < log.base) return undefined;
    let found = version === log.base;
    const out: [number, number][][] = [];
    for (const e of log.entries) {
      if (!found) {
        if (e.version === version) found = true;
        continue;
      }
      if (!e.touched) return undefined;
      out.push(e.touched);
    }
    return found ? out : undefined;
  }

  /** The edits that make `doc` (the current version) from `version`; undefined when not all are logged. */
  since(
    uri: string,
    version: number,
    doc: TextDocument | undefined,
  ): { edits: OffsetEdit[]; length: number } | undefined {
    const log = this.logs.get(uri);
    if (!log || !doc || version < log.base) return undefined;
    const last = log.entries.length ? log.entries[log.entries.length - 1].version : log.base;
    if (last !== doc.version) return undefined;
    const edits: OffsetEdit[] = [];
    let found = version === log.base;
    for (const e of log.entries) {
      if (found) for (const x of e.edits) edits.push(x);
      else if (e.version === version) found = true;
    }
    if (!found) return undefined;
    return { edits, length: doc instanceof PieceTextDocument ? doc.textLength : doc.getText().length };
  }
}
