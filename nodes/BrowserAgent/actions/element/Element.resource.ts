import type { INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../common';
import * as check from './check.operation';
import * as click from './click.operation';
import * as doubleClick from './doubleClick.operation';
import * as fill from './fill.operation';
import * as focus from './focus.operation';
import * as getState from './getState.operation';
import * as highlight from './highlight.operation';
import * as hover from './hover.operation';
import * as longPress from './longPress.operation';
import * as pressKey from './pressKey.operation';
import * as rightClick from './rightClick.operation';
import * as scrollIntoView from './scrollIntoView.operation';
import * as selectOption from './selectOption.operation';
import * as setInputValue from './setInputValue.operation';
import * as uncheck from './uncheck.operation';
import * as uploadFile from './uploadFile.operation';

/** This resource's operations by their values (saved workflows hold these): the router finds them here. */
export const operations: Record<string, OperationModule> = {
	check,
	click,
	doubleClick,
	fill,
	focus,
	getState,
	highlight,
	hover,
	longPress,
	pressKey,
	rightClick,
	scrollIntoView,
	selectOption,
	setInputValue,
	uncheck,
	uploadFile,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['element'] } },
		options: [
			{
				name: 'Check',
				value: 'check',
				description: 'Tick a checkbox or choose a radio button',
				action: 'Check a checkbox or radio button',
			},
			{
				name: 'Click',
				value: 'click',
				description: 'Click a button, link or other element, waiting until it can be clicked',
				action: 'Click an element by selector or ref',
			},
			{
				name: 'Double Click',
				value: 'doubleClick',
				description: 'Double-click an element',
				action: 'Double click an element',
			},
			{
				name: 'Fill',
				value: 'fill',
				description: 'Type text into an input field',
				action: 'Fill a field by selector or ref',
			},
			{
				name: 'Focus',
				value: 'focus',
				description: 'Put the keyboard focus on an element without clicking it',
				action: 'Focus an element',
			},
			{
				name: 'Get State',
				value: 'getState',
				description:
					'Tell whether an element exists, is visible, enabled or checked, with its text: for an IF node. Never fails when the element is missing.',
				action: 'Get the state of an element',
			},
			{
				name: 'Highlight',
				value: 'highlight',
				description:
					'Draw a numbered box around every element a selector matches, for the next screenshot',
				action: 'Highlight elements',
			},
			{
				name: 'Hover',
				value: 'hover',
				description: 'Move the mouse over an element, e.g. to open a menu or show a tooltip',
				action: 'Hover over an element',
			},
			{
				name: 'Long Press',
				value: 'longPress',
				description: 'Press and hold the mouse button on an element, then release',
				action: 'Long press an element',
			},
			{
				name: 'Press Key',
				value: 'pressKey',
				description:
					'Press keys or shortcuts such as Enter, Tab or Control+A, in an element or on the page',
				action: 'Press keys',
			},
			{
				name: 'Right Click',
				value: 'rightClick',
				description: 'Right-click an element, e.g. to open the page’s own context menu',
				action: 'Right click an element',
			},
			{
				name: 'Scroll Into View',
				value: 'scrollIntoView',
				description:
					'Scroll until an element is visible, e.g. to load more content or before a screenshot',
				action: 'Scroll an element into view',
			},
			{
				name: 'Select Option',
				value: 'selectOption',
				description:
					'Choose one or several options of a drop-down list by label, value or position',
				action: 'Select an option in a drop down list',
			},
			{
				name: 'Set Input Value',
				value: 'setInputValue',
				description:
					'Set a date, time or slider field (or one that ignores typing) directly, and tell the page it changed',
				action: 'Set the value of an input field',
			},
			{
				name: 'Uncheck',
				value: 'uncheck',
				description: 'Untick a checkbox',
				action: 'Uncheck a checkbox',
			},
			{
				name: 'Upload File',
				value: 'uploadFile',
				description:
					'Upload files from the input item into a file field or the file dialog a button opens',
				action: 'Upload a file',
			},
		],
		default: 'click',
	},
	...check.description,
	...click.description,
	...doubleClick.description,
	...fill.description,
	...focus.description,
	...getState.description,
	...highlight.description,
	...hover.description,
	...longPress.description,
	...pressKey.description,
	...rightClick.description,
	...scrollIntoView.description,
	...selectOption.description,
	...setInputValue.description,
	...uncheck.description,
	...uploadFile.description,
];
