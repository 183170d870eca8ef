/**
 * What migrate/puppeteer.ts says about n8n-nodes-puppeteer 1.5.0, checked against the real thing:
 * the defaults of its packed build (../shared/baselines/n8n-nodes-puppeteer), and puppeteer's
 * device list against Playwright's.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KnownDevices } from 'puppeteer-core';
import { devices } from 'playwright';
import {
	DEVICES_PLAYWRIGHT_LACKS,
	OPTION_DEFAULTS,
	PARAMETER_DEFAULTS,
	PUPPETEER_TYPE,
} from '../../migrate/puppeteer';

const PACKED =
	process.env.N8N_NODES_PUPPETEER_TGZ ??
	resolve(__dirname, '../../../shared/baselines/n8n-nodes-puppeteer/n8n-nodes-puppeteer-1.5.0.tgz');

interface Property {
	name: string;
	type: string;
	default: unknown;
	options?: Property[];
}

describe('n8n-nodes-puppeteer 1.5.0 as the converter knows it', () => {
	let scratch: string;
	let description: { name: string; properties: Property[] } | undefined;
	before(() => {
		if (!existsSync(PACKED)) return;
		scratch = mkdtempSync(join(tmpdir(), 'browser-agent-puppeteer-'));
		execFileSync('tar', ['-xzf', PACKED, '-C', scratch]);
		// Only node:fs is required by this file (and it logs whether it runs in a container).
		({ nodeDescription: description } = require(
			join(scratch, 'package/dist/nodes/Puppeteer/Puppeteer.node.options.js'),
		) as { nodeDescription: typeof description });
	});
	after(() => {
		if (scratch) rmSync(scratch, { recursive: true, force: true });
	});

	it('has the node type and every parameter default of the packed build', (t) => {
		if (!description) return t.skip(`the packed build is not at ${PACKED}`);
		assert.equal(`n8n-nodes-puppeteer.${description.name}`, PUPPETEER_TYPE);
		const defaults = Object.fromEntries(
			description.properties
				.filter((property) => property.type !== 'notice')
				.map((property) => [property.name, property.default]),
		);
		assert.deepEqual(PARAMETER_DEFAULTS, defaults);
	});

	it('has every option default of the packed build', (t) => {
		if (!description) return t.skip(`the packed build is not at ${PACKED}`);
		const options = description.properties.find((property) => property.name === 'options')!;
		assert.deepEqual(
			OPTION_DEFAULTS,
			Object.fromEntries(options.options!.map((option) => [option.name, option.default])),
		);
	});

	it('lists exactly the puppeteer devices Playwright lacks, with what to use instead', () => {
		const playwright = new Set(Object.keys(devices).map((name) => name.toLowerCase()));
		const lacking = Object.keys(KnownDevices).filter((name) => !playwright.has(name.toLowerCase()));
		assert.deepEqual(Object.keys(DEVICES_PLAYWRIGHT_LACKS).sort(), lacking.sort());
		for (const [name, instead] of Object.entries(DEVICES_PLAYWRIGHT_LACKS)) {
			const old = KnownDevices[name as keyof typeof KnownDevices];
			if ('same' in instead) {
				const device = devices[instead.same];
				assert.ok(device, `${instead.same} is a Playwright device`);
				assert.deepEqual(
					[device.viewport.width, device.viewport.height, device.deviceScaleFactor],
					[old.viewport.width, old.viewport.height, old.viewport.deviceScaleFactor],
					name,
				);
			} else {
				assert.deepEqual(
					instead,
					{ width: old.viewport.width, height: old.viewport.height, userAgent: old.userAgent },
					name,
				);
			}
		}
	});
});
