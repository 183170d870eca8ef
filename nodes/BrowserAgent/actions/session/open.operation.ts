import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { SessionOptionsInput } from '../../../../lib';
import { optionsCollection, type OperationContext } from '../common';

export const description: INodeProperties[] = [
	optionsCollection(
		{ resource: 'session', operation: 'open' },
		[
			{
				displayName: 'Headless',
				name: 'headless',
				type: 'boolean',
				default: true,
				description: 'Whether to run the browser without a visible window. Servers have no screen, so keep this on unless n8n runs on a desktop.',
			},
			{
				displayName: 'Idle Timeout (Seconds)',
				name: 'idleTimeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description: 'Close the session when no Browser Agent node has used it for this long',
			},
			{
				displayName: 'Locale',
				name: 'locale',
				type: 'string',
				default: '',
				placeholder: 'e.g. en-US',
				description: 'Language the browser reports to sites (navigator.language and the Accept-Language header)',
			},
			{
				displayName: 'Replace Open Session',
				name: 'replaceExisting',
				type: 'boolean',
				default: false,
				description:
					'Whether to close an already open session of this name and start a clean one. Off: an open session is kept and these options are ignored.',
			},
			{
				displayName: 'Time Zone',
				name: 'timezoneId',
				type: 'string',
				default: '',
				placeholder: 'e.g. Europe/Berlin',
				description: 'IANA time zone the pages see',
			},
			{
				displayName: 'Total Timeout (Seconds)',
				name: 'totalTimeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1800,
				description: 'Close the session this long after it opened, whatever it is doing',
			},
			{
				displayName: 'User Agent',
				name: 'userAgent',
				type: 'string',
				default: '',
				description: 'User-Agent string to send instead of the browser’s own',
			},
			{
				displayName: 'Viewport Height',
				name: 'viewportHeight',
				type: 'number',
				typeOptions: { minValue: 100 },
				default: 800,
				description: 'Height of the page area, in pixels',
			},
			{
				displayName: 'Viewport Width',
				name: 'viewportWidth',
				type: 'number',
				typeOptions: { minValue: 100 },
				default: 1280,
				description: 'Width of the page area, in pixels',
			},
		],
		[],
	),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, context: OperationContext): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const sessionOptions: SessionOptionsInput = {
		viewport: { width: Number(options.viewportWidth ?? 1280), height: Number(options.viewportHeight ?? 800) },
		...(options.userAgent ? { userAgent: String(options.userAgent) } : {}),
		...(options.locale ? { locale: String(options.locale) } : {}),
		...(options.timezoneId ? { timezoneId: String(options.timezoneId) } : {}),
		...(options.headless !== undefined ? { headless: Boolean(options.headless) } : {}),
		...(options.idleTimeoutSeconds !== undefined ? { idleTimeoutMs: Number(options.idleTimeoutSeconds) * 1000 } : {}),
		...(options.totalTimeoutSeconds !== undefined ? { totalTimeoutMs: Number(options.totalTimeoutSeconds) * 1000 } : {}),
	};
	const status = await context.pool.open(context.key, {
		options: sessionOptions,
		browser: context.browser,
		replace: Boolean(options.replaceExisting),
	});
	return [{ json: { ...status } }];
}
