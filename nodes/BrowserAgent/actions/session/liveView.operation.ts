import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { sharedLiveViews } from '../../../../lib';
import { minutesParameter, optionsCollection, showFor, type OperationContext } from '../common';

const DEFAULT_MINUTES = 30;
const MIN_MINUTES = 1;
const MAX_MINUTES = 24 * 60;

export const description: INodeProperties[] = [
	...showFor('session', 'liveView', [
		{
			displayName: 'Interactive',
			name: 'interactive',
			type: 'boolean',
			default: false,
			description:
				'Whether whoever has the link may click and type in the page; off, they can only watch (and pick selectors)',
			hint: 'The link is served by Browser Agent’s own small server, on 127.0.0.1 unless BROWSER_AGENT_LIVE_VIEW_HOST, _PORT or _URL say otherwise (README: Human in the loop)',
		},
		{
			displayName: 'Link Valid For (Minutes)',
			name: 'validForMinutes',
			type: 'number',
			typeOptions: { minValue: MIN_MINUTES, maxValue: MAX_MINUTES },
			default: DEFAULT_MINUTES,
			description: 'The link dies after this, or earlier when the session closes',
		},
	]),
	optionsCollection({ resource: 'session', operation: 'liveView' }, [], []),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<INodeExecutionData[]> {
	const interactive = this.getNodeParameter('interactive', itemIndex, false) as boolean;
	const minutes = minutesParameter.call(
		this,
		{
			name: 'validForMinutes',
			label: 'Link Valid For (Minutes)',
			min: MIN_MINUTES,
			max: MAX_MINUTES,
			fallback: DEFAULT_MINUTES,
		},
		itemIndex,
	);
	// The link watches the session: open it (with the credential's settings) if no node has yet.
	const status = await context.pool.open(context.key, { environment: context.environment });
	const validForMs = minutes * 60_000;
	const { url } = await sharedLiveViews().link(context.key, {
		interactive,
		expiresInMs: validForMs,
	});
	const json: IDataObject = {
		liveViewUrl: url,
		interactive,
		expiresAt: new Date(Date.now() + validForMs).toISOString(),
		sessionName: status.name,
		sessionId: status.id,
		editorSession: context.editorSession,
	};
	return [{ json }];
}
