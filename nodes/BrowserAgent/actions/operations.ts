import type { OperationExecute } from './common';
import * as element from './element/Element.resource';
import * as extract from './extract/Extract.resource';
import * as file from './file/File.resource';
import * as mouse from './mouse/Mouse.resource';
import * as page from './page/Page.resource';
import * as script from './script/Script.resource';
import * as session from './session/Session.resource';
import * as frame from './frame/Frame.resource';
import * as network from './network/Network.resource';
import * as tab from './tab/Tab.resource';
import * as storage from './storage/Storage.resource';

/** resource → operation → execute. The values are public API: saved workflows hold them. */
export const operations: Record<string, Record<string, OperationExecute>> = {
	script: { runSteps: script.runSteps.execute },
	session: { open: session.open.execute, close: session.close.execute, getStatus: session.getStatus.execute, getTimeline: session.getTimeline.execute },
	page: {
		navigate: page.navigate.execute,
		screenshot: page.screenshot.execute,
		reload: page.reload.execute,
		goBack: page.goBack.execute,
		goForward: page.goForward.execute,
		getInfo: page.getInfo.execute,
		waitFor: page.waitFor.execute,
		pdf: page.pdf.execute,
		setViewport: page.setViewport.execute,
		emulateMedia: page.emulateMedia.execute,
		handleDialogs: page.handleDialogs.execute,
		evaluate: page.evaluate.execute,
	},
	element: {
		click: element.click.execute,
		fill: element.fill.execute,
		doubleClick: element.doubleClick.execute,
		rightClick: element.rightClick.execute,
		longPress: element.longPress.execute,
		hover: element.hover.execute,
		focus: element.focus.execute,
		pressKey: element.pressKey.execute,
		selectOption: element.selectOption.execute,
		check: element.check.execute,
		uncheck: element.uncheck.execute,
		setInputValue: element.setInputValue.execute,
		scrollIntoView: element.scrollIntoView.execute,
		getState: element.getState.execute,
		uploadFile: element.uploadFile.execute,
		highlight: element.highlight.execute,
	},
	mouse: {
		dragSlider: mouse.dragSlider.execute,
		clickAt: mouse.clickAt.execute,
		move: mouse.move.execute,
		dragPath: mouse.dragPath.execute,
		wheel: mouse.wheel.execute,
	},
	file: { download: file.download.execute },
	extract: {
		table: extract.table.execute,
		text: extract.text.execute,
		html: extract.html.execute,
		attributes: extract.attributes.execute,
		list: extract.list.execute,
		pageStructure: extract.pageStructure.execute,
	},
	tab: {
		open: tab.open.execute,
		list: tab.list.execute,
		switch: tab.switchTab.execute,
		close: tab.close.execute,
		waitForPopup: tab.waitForPopup.execute,
	},
	frame: { switch: frame.switchFrame.execute, main: frame.main.execute },
	network: {
		blockRequests: network.blockRequests.execute,
		setHeaders: network.setHeaders.execute,
		recordResponses: network.recordResponses.execute,
		getRecordedResponses: network.getRecordedResponses.execute,
	},
	storage: {
		getCookies: storage.getCookies.execute,
		setCookies: storage.setCookies.execute,
		clearCookies: storage.clearCookies.execute,
		getLocalStorage: storage.getLocalStorage.execute,
		setLocalStorage: storage.setLocalStorage.execute,
		clearStorage: storage.clearStorage.execute,
		exportState: storage.exportState.execute,
		importState: storage.importState.execute,
	},
};

