import { z } from 'zod';
import type { ActionDefinition } from './action';
import { BrowserAgentError } from '../errors';
import { parseOrThrow } from '../validation';
import { OPERATION_ACTIONS, resolveActionName } from './aliases';
import { click } from './click';
import { download } from './download';
import { dragSlider } from './dragSlider';
import { extractTable } from './extractTable';
import { extractText } from './extractText';
import { snapshot } from './snapshot';
import { fill } from './fill';
import { navigate } from './navigate';
import { screenshot } from './screenshot';
// page
import { emulateMedia } from './emulateMedia';
import { evaluate } from './evaluate';
import { getPageInfo } from './getPageInfo';
import { goBack } from './goBack';
import { goForward } from './goForward';
import { handleDialogs } from './handleDialogs';
import { pdf } from './pdf';
import { reload } from './reload';
import { runPuppeteerScript } from './runPuppeteerScript';
import { runPuppeteerScriptInParallel } from './runPuppeteerScriptInParallel';
export { ON_TIME_LIMIT, type HumanWaitHost } from './waitForHuman';
import { waitForHuman } from './waitForHuman';
import { setViewport } from './setViewport';
import { waitFor } from './waitFor';
// element
import { check } from './check';
import { doubleClick } from './doubleClick';
import { focus } from './focus';
import { getState } from './getState';
import { highlight } from './highlight';
import { hover } from './hover';
import { longPress } from './longPress';
import { pressKey } from './pressKey';
import { rightClick } from './rightClick';
import { scrollIntoView } from './scrollIntoView';
import { selectOption } from './selectOption';
import { setInputValue } from './setInputValue';
import { uncheck } from './uncheck';
import { uploadFile } from './uploadFile';
// mouse and extract
import { clickAt } from './clickAt';
import { dragPath } from './dragPath';
import { extractAttributes } from './extractAttributes';
import { extractHtml } from './extractHtml';
import { extractList } from './extractList';
import { extractPageStructure } from './extractPageStructure';
import { mouseMove } from './mouseMove';
import { mouseWheel } from './mouseWheel';
// tab, frame and network
import { blockRequests } from './blockRequests';
import { closeTab } from './closeTab';
import { getRecordedResponses } from './getRecordedResponses';
import { listTabs } from './listTabs';
import { openTab } from './openTab';
import { recordResponses } from './recordResponses';
import { setHeaders } from './setHeaders';
import { switchFrame } from './switchFrame';
import { switchTab } from './switchTab';
import { switchToMainFrame } from './switchToMainFrame';
import { waitForPopup } from './waitForPopup';
// session and storage
import { clearCookies } from './clearCookies';
import { clearStorage } from './clearStorage';
import { exportState } from './exportState';
import { getCookies } from './getCookies';
import { getLocalStorage } from './getLocalStorage';
import { importState } from './importState';
import { setCookies } from './setCookies';
import { setLocalStorage } from './setLocalStorage';

export * from './action';
export { BLOCKABLE_TYPES, RESOURCE_TYPES } from './support/network';
export { OPERATION_ACTIONS, resolveActionName, type OperationAlias } from './aliases';
export {
	MAX_PARALLEL_RUNS,
	type ParallelScriptHost,
	type ScriptRunOutcome,
} from './runPuppeteerScriptInParallel';
export { click, download, dragSlider, extractTable, extractText, fill, navigate, screenshot };

/** Every action by its stable name. Batch steps, AI tools and the node all look actions up here. */
export const actions = {
	navigate,
	click,
	fill,
	dragSlider,
	screenshot,
	download,
	extractTable,
	extractText,
	// page
	reload,
	goBack,
	goForward,
	getPageInfo,
	waitFor,
	pdf,
	setViewport,
	emulateMedia,
	handleDialogs,
	evaluate,
	snapshot,
	runPuppeteerScript,
	runPuppeteerScriptInParallel,
	waitForHuman,
	// element
	doubleClick,
	rightClick,
	longPress,
	hover,
	focus,
	pressKey,
	selectOption,
	check,
	uncheck,
	setInputValue,
	scrollIntoView,
	getState,
	uploadFile,
	highlight,
	// mouse and extract
	clickAt,
	mouseMove,
	dragPath,
	mouseWheel,
	extractHtml,
	extractAttributes,
	extractList,
	extractPageStructure,
	// tab, frame and network
	openTab,
	listTabs,
	switchTab,
	closeTab,
	waitForPopup,
	switchFrame,
	switchToMainFrame,
	blockRequests,
	setHeaders,
	recordResponses,
	getRecordedResponses,
	// session and storage
	getCookies,
	setCookies,
	clearCookies,
	getLocalStorage,
	setLocalStorage,
	clearStorage,
	exportState,
	importState,
} as const satisfies Record<string, ActionDefinition<any, any>>;

export type ActionName = keyof typeof actions;
export type ActionInput<Name extends ActionName> = z.input<(typeof actions)[Name]['input']>;
export type ActionResult<Name extends ActionName> = Awaited<
	ReturnType<(typeof actions)[Name]['run']>
>['result'];

/** The action of that name, or of that node operation (`extract.table`, see OPERATION_ACTIONS). */
export function getAction(name: string): ActionDefinition<any, any> {
	const actionName = resolveActionName(name);
	if (!Object.hasOwn(actions, actionName)) {
		throw new BrowserAgentError('UNKNOWN_ACTION', `There is no action called "${name}".`, {
			field: 'action',
			advice: `Use one of: ${Object.keys(actions).join(', ')}; or a node operation such as ${Object.keys(OPERATION_ACTIONS)[0]}.`,
		});
	}
	return actions[actionName as ActionName];
}

/** Validates raw input against an action's schema and applies its defaults. */
export function parseActionInput(
	action: ActionDefinition<any, any>,
	raw: unknown,
): Record<string, any> {
	return parseOrThrow(action.input, raw, {
		action: action.name,
		subject: `input for ${action.name}`,
	});
}

/** JSON Schema of an action's input, for AI agents and documentation. */
export function actionJsonSchema(name: ActionName) {
	return z.toJSONSchema(actions[name].input, { io: 'input' });
}
