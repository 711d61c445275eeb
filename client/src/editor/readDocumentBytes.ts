// Reads the bytes a saved-state document opens with. A local file is read with Node straight from
// disk (the extension host runs where file: URIs live, so the bytes need not pass through the
// workbench's file service); other schemes use workspace.fs.

import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';

export async function readDocumentBytes(uri: vscode.Uri): Promise<Uint8Array> {
  if (uri.scheme !== 'file') return vscode.workspace.fs.readFile(uri);
  const b = await readFile(uri.fsPath);
  // A plain Uint8Array over the same memory: Buffer's slice() shares where Uint8Array's copies.
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}
