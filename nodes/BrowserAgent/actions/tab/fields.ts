import type { INodeProperties } from 'n8n-workflow';

/** Fields shared by the Tab, Frame and Network operations. */

export const PATTERN_HINT =
	'<code>*</code> stands for any text (e.g. <code>*/api/*</code>), <code>/…/</code> is a regular expression; other text matches anywhere. Case is ignored, except in regular expressions.';

export function switchToField(displayName: string, description: string): INodeProperties {
	return { displayName, name: 'switchTo', type: 'boolean', default: true, description };
}

/** A tab's position, as Tab → List shows it. */
export const tabIndexField: INodeProperties = {
	displayName: 'Tab Index',
	name: 'index',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description:
		'The tab’s position: 0 is the first tab of the session, 1 the next one opened, and so on (Tab → List shows them)',
};
