import type { INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../common';
import * as runPuppeteerScript from './runPuppeteerScript.operation';
import * as runSteps from './runSteps.operation';

/** This resource's operations by their values (saved workflows hold these): the router finds them here. */
export const operations: Record<string, OperationModule> = { runSteps, runPuppeteerScript };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['script'] } },
		options: [
			{
				name: 'Run Steps',
				value: 'runSteps',
				description: 'Run a JSON list of actions in one go (batch mode), with a result per step',
				action: 'Run a list of steps',
			},
			{
				name: 'Run Puppeteer Script',
				value: 'runPuppeteerScript',
				description:
					'Run a script from n8n-nodes-puppeteer ($page, $browser) unchanged, on this session',
				action: 'Run a puppeteer script',
			},
		],
		default: 'runSteps',
	},
	...runSteps.description,
	...runPuppeteerScript.description,
];
