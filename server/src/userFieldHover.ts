// Hover lines of a field a user schema (.ksy) decoded (docs/schemas.md): its .ksy type, the enum
// id of its value, its `doc:` text and the schema it comes from. Called from hover.ts.

import { escapeControl, type FieldNode } from '../../core/src';

/** Markdown-inert text: what a .ksy says is shown, never interpreted (no links, no HTML). */
const plain = (s: string) => escapeControl(s).replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, (c) => '\\' + c);

export function userFieldLines(f: FieldNode): string[] {
  const u = f.user;
  if (!u) return [];
  const lines = [
    `User schema field · \`.ksy\` type ${plain(u.ksyType)}${u.enumId ? ` · enum value **${plain(u.enumId)}**` : ''}${u.computed ? ' · computed (value instance)' : ''}`,
  ];
  if (u.doc) lines.push('', plain(u.doc));
  lines.push('', `From ${plain(u.schema)}`);
  return lines;
}
