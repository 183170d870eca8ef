import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPool } from '../../../lib';
import { startFixtureSite, type FixtureSite } from '../../../scripts/fixture-site/server';
import { assertRunSucceeded, runWorkflow } from '../../helpers/n8n-engine';
import { chain, engineOptions } from '../../helpers/workflows';

describe('Browser Agent node: Frame', () => {
	let site: FixtureSite;
	before(async () => {
		site = await startFixtureSite();
	});
	after(async () => {
		await sharedPool().shutdown();
		await site.close();
	});

	it('enters nested frames, clicks inside, and leaves them again', async () => {
		const workflow = chain([
			{
				name: 'Go',
				parameters: { resource: 'page', operation: 'navigate', url: `${site.url}/frames` },
			},
			{
				name: 'Enter Widget',
				parameters: {
					resource: 'frame',
					operation: 'switch',
					selector: '#outer-frame',
					innerFrames: { frames: [{ selector: '#inner-frame' }] },
				},
			},
			{
				name: 'Approve',
				parameters: { resource: 'element', operation: 'click', selector: '#leaf-button' },
			},
			{
				name: 'Result',
				parameters: { resource: 'extract', operation: 'text', selector: '#leaf-result' },
			},
			{ name: 'Back to Page', parameters: { resource: 'frame', operation: 'main' } },
			{
				name: 'Approve Again',
				parameters: {
					resource: 'element',
					operation: 'click',
					selector: '#leaf-button',
					options: { timeoutMs: 400 },
				},
				settings: { onError: 'continueRegularOutput' },
			},
			{
				name: 'By Name',
				parameters: {
					resource: 'frame',
					operation: 'switch',
					switchBy: 'name',
					name: 'outer-frame',
				},
			},
			{
				name: 'Heading',
				parameters: { resource: 'extract', operation: 'text', selector: '#inner-heading' },
			},
		]);
		const result = await runWorkflow(workflow, engineOptions());
		assertRunSucceeded(result);
		assert.deepEqual(result.items('Enter Widget')[0].json.frame, {
			name: 'inner-frame',
			url: `${site.url}/frames/leaf`,
			depth: 2,
		});
		assert.equal(result.items('Result')[0].json.text, 'clicked');
		assert.equal(result.items('Approve Again')[0].json.code, 'ELEMENT_NOT_FOUND');
		assert.equal(result.items('Heading')[0].json.text, 'Outer widget');
	});
});
