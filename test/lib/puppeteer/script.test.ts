import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scriptModulesFromEnvironment, scriptStdout } from '../../../lib';

describe('puppeteer script host settings from the environment', () => {
	it('reads the modules a script may require from n8n’s variables', () => {
		assert.deepEqual(
			scriptModulesFromEnvironment({
				NODE_FUNCTION_ALLOW_BUILTIN: 'crypto, fs',
				NODE_FUNCTION_ALLOW_EXTERNAL: 'lodash',
			}),
			{ builtin: ['crypto', 'fs'], external: ['lodash'] },
		);
		assert.deepEqual(scriptModulesFromEnvironment({}), { builtin: [], external: [] });
	});

	it('prints console.log to stdout only with CODE_ENABLE_STDOUT=true, as console.log would', (t) => {
		assert.equal(scriptStdout('[Node "A"]', {}), undefined);
		assert.equal(scriptStdout('[Node "A"]', { CODE_ENABLE_STDOUT: 'false' }), undefined);
		const written: string[] = [];
		t.mock.method(process.stdout, 'write', (chunk: string) => {
			written.push(chunk);
			return true;
		});
		scriptStdout('[Node "A"]', { CODE_ENABLE_STDOUT: 'true' })!('total', 3, { ok: true });
		t.mock.restoreAll();
		assert.deepEqual(written, ['[Node "A"] total 3 { ok: true }\n']);
	});
});
