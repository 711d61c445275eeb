// Editing a field's value: an edit bar above the tree (so re-rendering the virtual rows never
// loses the input); Enter sends the new value to the host, which encodes and applies it.

import type { TreeNode } from './tree';
import { $, el } from './dom';
import { post } from './host';
import { bytesToHex } from './selection';
import { shownSlice } from './state';

/** Largest bytes field shown in the edit bar as hex. */
const MAX_BYTES_SHOWN = 4096;

let editingField: TreeNode | undefined;

export function startFieldEdit(n: TreeNode): void {
  const f = n.field!;
  editingField = n;
  let value: string;
  if (f.type === 'guid') value = String(f.display);
  else if (f.type === 'bytes')
    value = bytesToHex(shownSlice(n.start, Math.min(n.end, n.start + MAX_BYTES_SHOWN)) ?? new Uint8Array());
  else if (f.type === 'utf8') value = f.display;
  else if (f.value !== undefined) {
    const v = BigInt(f.value);
    value = v > 9n ? `0x${v.toString(16).toUpperCase()}` : v.toString();
  } else value = '';
  $('field-editor-label').textContent = `${f.name} (${f.type}, ${n.end - n.start} bytes) =`;
  $('field-error').textContent = '';
  el.fieldInput.value = value;
  el.fieldEditor.hidden = false;
  el.fieldInput.focus();
  el.fieldInput.select();
}

function endFieldEdit(): void {
  editingField = undefined;
  el.fieldEditor.hidden = true;
  el.treeScroll.focus();
}

el.fieldInput.addEventListener('keydown', (e) => {
  e.stopPropagation();
  if (e.key === 'Enter' && editingField?.field) {
    e.preventDefault();
    const n = editingField;
    post({
      type: 'editField',
      name: n.field!.name,
      fieldType: n.field!.type,
      start: n.start,
      end: n.end,
      value: el.fieldInput.value,
    });
    endFieldEdit();
  } else if (e.key === 'Escape') {
    e.preventDefault();
    endFieldEdit();
  }
});
$('field-cancel').addEventListener('click', endFieldEdit);
$('field-apply').addEventListener('click', () =>
  el.fieldInput.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' })),
);
