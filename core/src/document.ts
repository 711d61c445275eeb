// Opens any saved-state document: `.vmbhex` (and `.txt`-like text) as the text form, anything
// else as a binary stream. The CLI, the language server and the debugger all start here.

import { decodeBinary, type Buffering } from './decoder';
import type { ChannelConfig, Problem, SavedStateDocument } from './model';
import type { SchemaEntry } from './schema/mapping';
import type { UserFieldLayouts } from './schema/ksyWrite';
import { decodeText } from './text';

export interface DocumentOptions {
  /** How a binary stream is cut into restore calls. */
  buffering?: Buffering;
  /** Channel defaults (settings); a text document's `.channel` directive overrides them. */
  channel?: Partial<ChannelConfig>;
  /** Force a form instead of choosing by file name. */
  form?: 'binary' | 'text';
  /** A text's field lines written by user-schema field name (docs/format.md §7.7). */
  userFields?: UserFieldLayouts;
  /** false: a text is decoded without a source map (ParseOptions.sourceMap; the CLI's first pass, docs/format.md §8.3). */
  sourceMap?: false;
}

export const TEXT_EXTENSIONS = ['.vmbhex'];

export function isTextFileName(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  return TEXT_EXTENSIONS.some((e) => lower.endsWith(e));
}

export function decodeDocument(fileName: string, content: Uint8Array, opts: DocumentOptions = {}): SavedStateDocument {
  const form = opts.form ?? (isTextFileName(fileName) ? 'text' : 'binary');
  if (form === 'binary') return decodeBinary(content, { buffering: opts.buffering, channel: opts.channel });
  const { text, problem } = decodeUtf8(content);
  return decodeTextDocument(text, opts, problem);
}

/** Decode a text document the editor already holds as a string. */
export function decodeTextDocument(text: string, opts: DocumentOptions = {}, extra?: Problem): SavedStateDocument {
  const doc = decodeText(text, {
    ...(opts.userFields ? { userFields: opts.userFields } : {}),
    ...(opts.sourceMap === false ? { sourceMap: false as const } : {}),
  });
  return withTextDefaults(doc, text, opts, extra);
}

/** The settings' channel defaults where the text sets none, and the UTF-8 problem first. */
export function withTextDefaults(
  doc: SavedStateDocument,
  text: string,
  opts: DocumentOptions,
  extra?: Problem,
): SavedStateDocument {
  if (opts.channel && !/^[ \t]*\.channel\b/m.test(text)) doc.channel = { ...doc.channel, ...opts.channel };
  if (extra) doc.problems.unshift(extra);
  return doc;
}

/** UTF-8 with replacement characters; invalid sequences are reported where the first one is. */
export function decodeUtf8(content: Uint8Array): { text: string; problem?: Problem } {
  return withUtf8Problem(new TextDecoder('utf-8', { fatal: false }).decode(content));
}

/** A text decoded as decodeUtf8 decodes it, with the problem decodeUtf8 reports on it (the first U+FFFD). */
export function withUtf8Problem(text: string): { text: string; problem?: Problem } {
  const bad = text.indexOf('\uFFFD');
  if (bad < 0) return { text };
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < bad; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const character = bad - lineStart;
  return {
    text,
    problem: {
      code: 'TEXT-ENCODING',
      severity: 'error',
      message:
        'The file is not valid UTF-8 here; a .vmbhex file is UTF-8 text. Is this a binary saved-state file? Open it with the saved-state editor instead.',
      text: { start: { line, character }, end: { line, character: character + 1 } },
    },
  };
}

/**
 * The entries of a text's `.schema` directives (files as written), read from the lines before the
 * first `.call`, `.chunk`, `.raw` or `.op` (where the directive must be): cheap, so schemas can be
 * compiled before the whole text is analysed. A malformed directive is left out (the analysis reports it).
 */
export function schemaDirectivesOf(text: string): SchemaEntry[] {
  const first = /^[ \t]*\.(call|chunk|raw|op)\b/m.exec(text);
  const head = first ? text.slice(0, first.index) : text;
  if (!/^[ \t]*\.schema\b/m.test(head)) return [];
  return (decodeText(head).schemaDirectives ?? []).map((d) => d.entry);
}
