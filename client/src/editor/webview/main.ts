// The binary editor's webview, started here: the views (hex grid, tree, field editor, problems,
// trace, banners, toolbar and splitter) hook themselves to the DOM as they load, the state lives
// in state.ts, host messages are handled in hostHandlers.ts. The logic lives in the pure modules
// beside them (unit-tested). Element ids and classes are stable: the integration tests use them
// (see docs/binary-editor.md).

import './hostHandlers';
import './inspector';
import { measureRowHeight, renderHex } from './hexView';
import { post } from './host';
import { onRender, scheduleRender } from './state';
import { renderTree } from './treeView';

onRender(renderHex);
onRender(renderTree);
window.addEventListener('resize', () => scheduleRender());
measureRowHeight();
post({ type: 'ready' });
