import type { ActionName } from './index';

/**
 * The n8n node's operations (`resource.operation`, as saved workflows hold them) and the action
 * each one runs. The node runs its operations through this table, and batch steps accept either
 * spelling, so `extract.table` and `extractTable` name the same action everywhere.
 */
export const OPERATION_ACTIONS = {
	'element.check': 'check',
	'element.click': 'click',
	'element.doubleClick': 'doubleClick',
	'element.fill': 'fill',
	'element.focus': 'focus',
	'element.getState': 'getState',
	'element.highlight': 'highlight',
	'element.hover': 'hover',
	'element.longPress': 'longPress',
	'element.pressKey': 'pressKey',
	'element.rightClick': 'rightClick',
	'element.scrollIntoView': 'scrollIntoView',
	'element.selectOption': 'selectOption',
	'element.setInputValue': 'setInputValue',
	'element.uncheck': 'uncheck',
	'element.uploadFile': 'uploadFile',
	'extract.attributes': 'extractAttributes',
	'extract.html': 'extractHtml',
	'extract.list': 'extractList',
	'extract.pageStructure': 'extractPageStructure',
	'extract.table': 'extractTable',
	'extract.text': 'extractText',
	'file.download': 'download',
	'frame.main': 'switchToMainFrame',
	'frame.switch': 'switchFrame',
	'mouse.clickAt': 'clickAt',
	'mouse.dragPath': 'dragPath',
	'mouse.dragSlider': 'dragSlider',
	'mouse.move': 'mouseMove',
	'mouse.wheel': 'mouseWheel',
	'network.blockRequests': 'blockRequests',
	'network.getRecordedResponses': 'getRecordedResponses',
	'network.recordResponses': 'recordResponses',
	'network.setHeaders': 'setHeaders',
	'page.emulateMedia': 'emulateMedia',
	'page.evaluate': 'evaluate',
	'page.getInfo': 'getPageInfo',
	'page.goBack': 'goBack',
	'page.goForward': 'goForward',
	'page.handleDialogs': 'handleDialogs',
	'page.navigate': 'navigate',
	'page.pdf': 'pdf',
	'page.reload': 'reload',
	'page.screenshot': 'screenshot',
	'page.setViewport': 'setViewport',
	'page.snapshot': 'snapshot',
	'page.waitFor': 'waitFor',
	'script.runPuppeteerScript': 'runPuppeteerScript',
	'storage.clearCookies': 'clearCookies',
	'storage.clearStorage': 'clearStorage',
	'storage.exportState': 'exportState',
	'storage.getCookies': 'getCookies',
	'storage.getLocalStorage': 'getLocalStorage',
	'storage.importState': 'importState',
	'storage.setCookies': 'setCookies',
	'storage.setLocalStorage': 'setLocalStorage',
	'tab.close': 'closeTab',
	'tab.list': 'listTabs',
	'tab.open': 'openTab',
	'tab.switch': 'switchTab',
	'tab.waitForPopup': 'waitForPopup',
} as const satisfies Record<string, ActionName>;

export type OperationAlias = keyof typeof OPERATION_ACTIONS;

/** The action an alias (`extract.table`) stands for; any other name comes back as it is. */
export function resolveActionName(name: string): string {
	return Object.hasOwn(OPERATION_ACTIONS, name) ? OPERATION_ACTIONS[name as OperationAlias] : name;
}
