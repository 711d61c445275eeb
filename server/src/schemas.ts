// User schemas in the language server (docs/schemas.md, docs/language-server.md): which entries
// apply to a document (the settings' entries, then the nearest .vmbstate-schemas.json), compiling
// them (cached by content, so an edited .ksy recompiles), and the problems published on the .ksy
// files and the mapping file themselves.

import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { escapeControl, schemaDirectivesOf, type SchemaEntry } from '../../core/src';
import { findSchemaMapping, readSchemaMapping, SchemaSet } from '../../core/src/node/schemas';
import { schemasAllowed, type ServerSettings } from '../../protocol/src';
import { SOURCE } from './diagnostics';

/** The compiled schemas of one analysis: the entries (absolute paths) and their runner. */
export interface PreparedSchemas {
  entries: SchemaEntry[];
  set: SchemaSet;
}

const absolute = (e: SchemaEntry, base: string | undefined): SchemaEntry =>
  base && !path.isAbsolute(e.file) ? { ...e, file: path.resolve(base, e.file) } : e;

/** Publishes diagnostics on schema and mapping files; remembers which it published to clear them. */
export class SchemaFiles {
  private published = new Set<string>();

  constructor(
    private readonly send: (uri: string, diagnostics: Diagnostic[]) => void,
    private readonly workspaceRoot: () => string | undefined,
  ) {}

  /**
   * The entries for a `file:` document under `settings`, compiled; undefined when schemas are off,
   * not allowed in this workspace, or none apply. Compile and mapping errors are published on their files.
   */
  async prepare(uri: string, settings: ServerSettings, text?: string): Promise<PreparedSchemas | undefined> {
    if (!schemasAllowed(settings) || !uri.startsWith('file:')) return undefined;
    // The text's `.schema` directives first (files from its folder), then the settings, then the mapping file.
    const folder = path.dirname(fileURLToPath(uri));
    const entries = [
      ...(text === undefined ? [] : schemaDirectivesOf(text).map((e) => absolute(e, folder))),
      ...settings.schemas.entries.map((e) => absolute(e, this.workspaceRoot())),
    ];
    const mapping = findSchemaMapping(folder);
    const fileDiagnostics = new Map<string, Diagnostic[]>();
    if (mapping) {
      const mappingUri = pathToFileURL(mapping).href;
      const read = readSchemaMapping(mapping);
      entries.push(...read.entries);
      fileDiagnostics.set(mappingUri, read.error ? [problem(read.error, 'SCHEMA-MAPPING')] : []);
    }
    const set = entries.length ? await SchemaSet.load(entries) : undefined;
    for (const [file, r] of set?.results ?? [])
      fileDiagnostics.set(pathToFileURL(file).href, r.ok ? [] : [problem(`The schema ${r.message}`, 'SCHEMA-COMPILE')]);
    for (const [u, d] of fileDiagnostics) {
      if (!d.length && !this.published.has(u)) continue;
      this.send(u, d);
      if (d.length) this.published.add(u);
      else this.published.delete(u);
    }
    return set ? { entries, set } : undefined;
  }
}

/** A problem on a schema or mapping file: its first line (the compiler gives a YAML path, not a position). */
function problem(message: string, code: 'SCHEMA-COMPILE' | 'SCHEMA-MAPPING'): Diagnostic {
  const at = { line: 0, character: 0 };
  return Diagnostic.create(
    { start: at, end: { line: 0, character: 1000 } },
    escapeControl(message),
    DiagnosticSeverity.Error,
    code,
    SOURCE,
  );
}
