// User schemas in the language server (docs/schemas.md, docs/language-server.md): which entries
// apply to a document (the settings' entries, then the nearest .vmbstate-schemas.json), compiling
// them (cached by content, so an edited .ksy recompiles), and the problems published on the .ksy
// files and the mapping file themselves.

import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { escapeControl, OptionError, parseSchemaMapping, SCHEMA_MAPPING_FILE, type SchemaEntry } from '../../core/src';
import { SchemaSet } from '../../core/src/node/schemas';
import { schemasAllowed, type ServerSettings } from '../../protocol/src';
import { SOURCE } from './diagnostics';

/** The compiled schemas of one analysis: the entries (absolute paths) and their runner. */
export interface PreparedSchemas {
  entries: SchemaEntry[];
  set: SchemaSet;
}

/** Folders searched upwards for the mapping file: at most this many. */
const MAX_MAPPING_DEPTH = 32;

function nearestMapping(dir: string): string | undefined {
  for (let i = 0, d = dir; i < MAX_MAPPING_DEPTH; i++) {
    const f = path.join(d, SCHEMA_MAPPING_FILE);
    if (existsSync(f) && statSync(f).isFile()) return f;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
  return undefined;
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
  async prepare(uri: string, settings: ServerSettings): Promise<PreparedSchemas | undefined> {
    if (!schemasAllowed(settings) || !uri.startsWith('file:')) return undefined;
    const entries = settings.schemas.entries.map((e) => absolute(e, this.workspaceRoot()));
    const mapping = nearestMapping(path.dirname(fileURLToPath(uri)));
    const fileDiagnostics = new Map<string, Diagnostic[]>();
    if (mapping) {
      const mappingUri = pathToFileURL(mapping).href;
      fileDiagnostics.set(mappingUri, []);
      try {
        entries.push(
          ...parseSchemaMapping(readFileSync(mapping, 'utf8'), SCHEMA_MAPPING_FILE).map((e) =>
            absolute(e, path.dirname(mapping)),
          ),
        );
      } catch (e) {
        const message =
          e instanceof OptionError ? e.message : `${SCHEMA_MAPPING_FILE} cannot be read: ${(e as Error).message}`;
        fileDiagnostics.set(mappingUri, [problem(message, 'SCHEMA-MAPPING')]);
      }
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
