import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	actionItem,
	actionOptions,
	optionsCollection,
	runAction,
	showFor,
	type OperationContext,
} from '../common';

export const description: INodeProperties[] = [
	...showFor('storage', 'setCookies', [
		{
			displayName: 'Cookies (JSON)',
			name: 'cookies',
			type: 'json',
			default:
				'[\n  { "name": "consent", "value": "yes", "url": "https://portal.example.com/" }\n]',
			required: true,
			hint: 'A list of cookies. Each has a name and a value, and either a url, or a domain and a path (e.g. "domain": ".example.com", "path": "/"). Optional: expires (Unix seconds), httpOnly, secure, sameSite (Strict, Lax or None).',
			description: 'The cookies to add; a cookie of the same name, domain and path is replaced',
		},
	]),
	optionsCollection({ resource: 'storage', operation: 'setCookies' }),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const run = await runAction(context, 'storage.setCookies', {
		// JSON text or, from an expression, the list itself: the action accepts both.
		cookies: this.getNodeParameter('cookies', itemIndex) as string,
		...actionOptions.call(this, itemIndex),
	});
	return [await actionItem.call(this, run)];
}
