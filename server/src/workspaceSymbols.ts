// Workspace symbols across every `.vmbhex` fixture of the workspace folders (docs/language-server.md,
// "Navigation"): each GPADL id, RingGpadlId, OFFER and GPADL ChannelId and PACKET TransactionId, so
// "find a GPADL id in any fixture" is Ctrl+T. Indexed lazily on the first query, re-read when a
// file's size or time changes, and bounded: files, file size, directory depth and results are capped.

import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SymbolKind, type SymbolInformation } from 'vscode-languageserver';
import { decodeTextDocument, textRangeForBytes, type SavedStateDocument } from '../../core/src';
import { idFieldsOf, idLabel } from './idFields';

/** Most fixture files indexed; the walk stops there and says so once in the log. */
export const MAX_INDEXED_FILES = 2000;
/** Larger `.vmbhex` files are left out of the index (they are opened and navigated on their own). */
export const MAX_INDEXED_FILE_BYTES = 4 * 1024 * 1024;
/** Most symbols one query answers. */
export const MAX_WORKSPACE_SYMBOLS = 1000;
const MAX_DEPTH = 16;
/** Folders never walked: dependencies, build output, version control. */
const SKIP_DIRS = new Set(['node_modules', 'out', 'dist', '.git', '.vscode-test']);

interface Entry {
  key: string;
  symbols: SymbolInformation[];
  /** Decimal values of the ids, for numeric queries. */
  values: string[];
}

export interface WorkspaceSymbolOptions {
  roots: () => string[];
  /** The text of an open document (it wins over the file on disk). */
  openText: (uri: string) => { version: number; text: string } | undefined;
  log: (message: string) => void;
}

/** The symbols of one decoded fixture: one per id field, located at the field's text. */
export function fixtureSymbols(uri: string, doc: SavedStateDocument): Entry['symbols'] {
  const out: SymbolInformation[] = [];
  const file = path.basename(uri.startsWith('file:') ? fileURLToPath(uri) : uri);
  for (const chunk of doc.chunks) {
    for (const id of idFieldsOf(chunk)) {
      const range = id.field.text ?? textRangeForBytes(doc, id.field.bytes, true);
      if (!range) continue;
      const label = idLabel(id);
      const name = id.field.name === 'RingGpadlId' ? `RingGpadlId ${label.slice(6)}` : label;
      out.push({
        name: `${name} (${BigInt(id.value).toString()})`,
        kind: id.role === 'def' ? SymbolKind.Key : SymbolKind.Field,
        location: { uri, range },
        containerName: `${file} · ${chunk.typeName} seq ${chunk.header?.sequence ?? '?'}`,
      });
    }
  }
  return out;
}

/** Query → the ids it names: `0xE001`, `e001`, `57345` (hex digits read both ways). */
function numericValues(q: string): Set<string> | undefined {
  const t = q.trim().toLowerCase().replace(/_/g, '');
  const out = new Set<string>();
  if (/^0x[0-9a-f]{1,16}$/.test(t)) out.add(BigInt(t).toString());
  else if (/^[0-9a-f]{1,16}$/.test(t)) {
    out.add(BigInt('0x' + t).toString());
    if (/^[0-9]+$/.test(t)) out.add(BigInt(t).toString());
  } else return undefined;
  return out;
}

/** Case-insensitive subsequence match, as VS Code's own filter does. */
function fuzzy(name: string, q: string): boolean {
  const n = name.toLowerCase();
  let i = 0;
  for (const ch of q.toLowerCase()) {
    if (ch === ' ') continue;
    i = n.indexOf(ch, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

export class WorkspaceSymbolIndex {
  private readonly files = new Map<string, Entry>();
  private warned = false;

  constructor(private readonly o: WorkspaceSymbolOptions) {}

  /** The symbols matching `query`: by id value when it reads as a number, else by name; at most MAX_WORKSPACE_SYMBOLS. */
  async query(query: string, cancelled: () => boolean = () => false): Promise<SymbolInformation[]> {
    const paths = await this.walk(cancelled);
    const wanted = numericValues(query);
    const out: SymbolInformation[] = [];
    const seen = new Set<string>();
    for (const p of paths) {
      if (cancelled() || out.length >= MAX_WORKSPACE_SYMBOLS) break;
      const e = await this.entry(p);
      seen.add(p);
      if (!e) continue;
      e.symbols.forEach((s, i) => {
        if (out.length >= MAX_WORKSPACE_SYMBOLS) return;
        if (wanted ? wanted.has(e.values[i]) : fuzzy(s.name, query)) out.push(s);
      });
      // Let other requests in between files.
      await new Promise((r) => setImmediate(r));
    }
    for (const k of [...this.files.keys()]) if (!seen.has(k) && !cancelled()) this.files.delete(k);
    return out;
  }

  /** Every `.vmbhex` file under the roots, in path order, at most MAX_INDEXED_FILES. */
  private async walk(cancelled: () => boolean): Promise<string[]> {
    const found: string[] = [];
    const visit = async (dir: string, depth: number): Promise<void> => {
      if (depth > MAX_DEPTH || found.length >= MAX_INDEXED_FILES || cancelled()) return;
      let names: Dirent[];
      try {
        names = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const d of names) {
        if (found.length >= MAX_INDEXED_FILES) {
          if (!this.warned) this.o.log(`workspace symbols: indexed the first ${MAX_INDEXED_FILES} .vmbhex files only`);
          this.warned = true;
          return;
        }
        const p = path.join(dir, d.name);
        if (d.isDirectory() && !d.name.startsWith('.') && !SKIP_DIRS.has(d.name)) await visit(p, depth + 1);
        else if (d.isFile() && /\.vmbhex$/i.test(d.name)) found.push(p);
      }
    };
    for (const r of this.o.roots()) await visit(r, 0);
    return found;
  }

  private async entry(file: string): Promise<Entry | undefined> {
    const uri = pathToFileURL(file).href;
    const open = this.o.openText(uri);
    try {
      let key: string;
      let text = open?.text;
      if (open) key = `open:${open.version}`;
      else {
        const st = await fs.stat(file);
        if (st.size > MAX_INDEXED_FILE_BYTES) return undefined;
        key = `disk:${st.size}:${st.mtimeMs}`;
      }
      const old = this.files.get(file);
      if (old?.key === key) return old;
      if (text !== undefined && text.length > MAX_INDEXED_FILE_BYTES) return undefined;
      text ??= await fs.readFile(file, 'utf8');
      const symbols = fixtureSymbols(uri, decodeTextDocument(text));
      const values = symbols.map((s) => /\((\d+)\)$/.exec(s.name)?.[1] ?? '');
      const e = { key, symbols, values };
      this.files.set(file, e);
      return e;
    } catch (err) {
      this.o.log(`workspace symbols: ${file} left out: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }
}
