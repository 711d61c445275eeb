// The custom editor's HTML: a strict Content-Security-Policy (scripts only with a per-load
// nonce, styles and fonts only from the extension, nothing remote, no inline styles), the
// script from dist/ and the stylesheet from media/. Element ids are stable (tests use them).

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function nonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

export function contentSecurityPolicy(cspSource: string, n: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${n}'`,
  ].join('; ');
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * A webview page of this extension: the strict CSP with a fresh nonce, the stylesheet
 * media/STYLE and the script dist/SCRIPT, around `body` (the page's own markup).
 */
export function webviewPage(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  page: { title: string; style: string; script: string; body: string },
): string {
  const n = nonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', page.script));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', page.style));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, n)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${escapeHtml(page.title)}</title>
</head>
<body>
${page.body}
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
}

export function editorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, fileName: string): string {
  const cols = Array.from(
    { length: 16 },
    (_, i) => `<span class="b">${i.toString(16).toUpperCase().padStart(2, '0')}</span>`,
  ).join('');
  const body = `<div id="toolbar" role="toolbar" aria-label="Saved-state editor">
  <span id="status" class="status" title="Outcome of the emulated restore"></span>
  <span id="analyzing" hidden>Analysing…</span>
  <span id="file-size"></span>
  <span id="caret" title="Caret offset"></span>
  <button id="mode-toggle" title="Overwrite or insert typed bytes (Insert key)"><span id="mode">OVR</span></button>
  <span class="sep"></span>
  <button id="fix-all-crcs" data-fix="allCrcs" title="Recompute every chunk's header and payload CRC and END's stream CRC">Recompute CRCs</button>
  <button id="fix-renumber" data-fix="renumber" title="Set each chunk's Sequence to its position (BEGIN = 0)">Renumber</button>
  <button id="fix-final" data-fix="finalFlags" title="FINAL on END only">Fix FINAL</button>
  <button id="fix-chunkcount" data-fix="chunkCount" title="Set END's (and BEGIN's) ChunkCount to the number of chunks">Fix ChunkCount</button>
  <button id="reseal-toggle" role="switch" aria-checked="true" title="On: a field edited in the tree also rewrites the CRCs covering it (payload, header, stream), in one undo step. Off: only the typed bytes change (for deliberately broken fixtures).">Reseal on edit: <span id="reseal-state">on</span></button>
  <span class="sep"></span>
  <button id="open-text" data-command="openTextToSide" title="Open the hex-annotated text form to the side">Text form</button>
  <button id="step-restore" data-command="stepRestore" title="Step through the restore calls in the debugger">Step Restore</button>
  <button id="export-trace" data-command="exportTrace" title="Save the restore trace as JSON or text">Export trace</button>
</div>
<div id="banners" role="status" aria-live="polite"></div>
<div id="main">
  <div id="hex-pane" tabindex="0" role="grid" aria-label="Hex view: arrows move, type hex digits to edit, Insert toggles insert mode, Delete/Backspace delete, Tab goes to the chunk tree">
    <div id="hex-header" class="row head"><span class="off">Offset</span><span class="hex">${cols}</span><span class="asc">ASCII</span></div>
    <div id="hex-scroll"><div id="hex-spacer"><div id="hex-rows"></div></div></div>
  </div>
  <div id="splitter" role="separator" aria-orientation="vertical" aria-label="Resize the chunk tree pane (drag, or arrows when focused)" tabindex="0" title="Drag to resize"></div>
  <div id="side">
    <section id="tree-section">
      <h2>Chunks</h2>
      <div id="field-editor" hidden><label id="field-editor-label" for="field-input"></label><input id="field-input" type="text" spellcheck="false" autocomplete="off"><button id="field-apply">Set</button><button id="field-cancel">Cancel</button><span id="field-error"></span></div>
      <div id="tree-scroll" tabindex="0" role="tree" aria-label="Chunk tree: arrows move, Enter edits a field, Tab goes to the hex view" data-empty="Analysing…"><div id="tree-spacer"><div id="tree-rows"></div></div></div>
    </section>
    <section id="inspector-section"><h2>Data inspector <span id="inspector-at"></span></h2><div id="inspector" role="table" aria-label="Data inspector: the bytes at the caret in each type; click a value to edit it"></div><div id="inspector-error" role="alert"></div></section>
    <section id="problems-section"><h2>Problems <span id="problem-count"></span></h2><div id="problems"></div></section>
    <section id="trace-section"><h2>Restore trace <span id="outcome"></span></h2><div id="trace"></div></section>
  </div>
</div>
<div id="tooltip" role="tooltip" hidden></div>`;
  return webviewPage(webview, extensionUri, { title: fileName, style: 'editor.css', script: 'webview.js', body });
}
