// The saved-state editor's remembered choices (workspace state): whether field edits reseal the
// CRCs covering them (the toolbar's Reseal on edit, on by default) and the right pane's width.

import type * as vscode from 'vscode';
import { post, type EditorRegistry } from './editorRegistry';

const RESEAL_KEY = 'vmbstate.binaryEditor.reseal';
const SIDE_WIDTH_KEY = 'vmbstate.binaryEditor.sideWidth';

export class EditorSettings {
  constructor(
    private readonly state: vscode.Memento,
    private readonly editors: EditorRegistry,
  ) {}

  get reseal(): boolean {
    return this.state.get<boolean>(RESEAL_KEY, true);
  }

  /** Turns resealing on or off and tells every open editor's toolbar. */
  async setReseal(on: boolean): Promise<void> {
    await this.state.update(RESEAL_KEY, on);
    for (const e of this.editors.all()) post(e, { type: 'reseal', on });
  }

  /** Width of the right pane last dragged in any editor (CSS pixels). */
  get sideWidth(): number | undefined {
    return this.state.get<number>(SIDE_WIDTH_KEY);
  }

  /** Remembers a dragged width; 0 (the splitter double-clicked) forgets it, so the next editor opens with the default layout. */
  setSideWidth(px: number): void {
    if (px === 0) void this.state.update(SIDE_WIDTH_KEY, undefined);
    else if (Number.isFinite(px) && px > 0) void this.state.update(SIDE_WIDTH_KEY, Math.round(px));
  }
}
