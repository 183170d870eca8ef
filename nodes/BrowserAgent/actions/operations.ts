import type { OperationExecute } from './common';
import * as element from './element/Element.resource';
import * as extract from './extract/Extract.resource';
import * as file from './file/File.resource';
import * as mouse from './mouse/Mouse.resource';
import * as page from './page/Page.resource';
import * as session from './session/Session.resource';
// issue-4 resource imports: tab, frame, network
// issue-4 resource imports: storage

/** resource → operation → execute. The values are public API: saved workflows hold them. */
export const operations: Record<string, Record<string, OperationExecute>> = {
	session: { open: session.open.execute, close: session.close.execute, getStatus: session.getStatus.execute },
	page: { navigate: page.navigate.execute, screenshot: page.screenshot.execute },
	element: { click: element.click.execute, fill: element.fill.execute },
	mouse: { dragSlider: mouse.dragSlider.execute },
	file: { download: file.download.execute },
	extract: { table: extract.table.execute, text: extract.text.execute },
	// issue-4 resources: tab, frame, network
	// issue-4 resources: storage
};

export const resources = { session, page, element, mouse, file, extract };
