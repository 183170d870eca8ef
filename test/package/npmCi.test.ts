/**
 * A contributor's first command, `npm ci`, in a fresh clone with install scripts enabled (npm's
 * default). It once failed for everyone: eslint-plugin-n8n-nodes-base's preinstall runs
 * `npx only-allow pnpm`. package.json's allowScripts now decides, package by package, which
 * dependency install scripts run; a new dependency with an install script must be decided there too.
 *
 * Reuses the npm cache (--prefer-offline), so only what the cache lacks comes from the registry.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

const REPO_ROOT = resolve(__dirname, '../..');

/** The environment without npm's per-run variables: `npm test --ignore-scripts` must not leak into this npm. */
function plainEnvironment(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (!/^npm_(config|lifecycle|package)_/i.test(name)) env[name] = value;
	}
	return env;
}

describe('a fresh clone', () => {
	let clone: string;
	before(() => {
		clone = mkdtempSync(join(tmpdir(), 'browser-agent-clone-'));
		const head = execFileSync('git', ['rev-parse', 'HEAD'], {
			cwd: REPO_ROOT,
			encoding: 'utf8',
		}).trim();
		execFileSync('git', ['clone', '--quiet', '--no-checkout', REPO_ROOT, clone]);
		execFileSync('git', ['checkout', '--quiet', '--detach', head], { cwd: clone });
		// What npm reads comes from the work tree, so a change to the dependencies is tested before it is committed.
		for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
			if (existsSync(join(REPO_ROOT, file))) copyFileSync(join(REPO_ROOT, file), join(clone, file));
		}
	});
	after(() => rmSync(clone, { recursive: true, force: true }));

	it(
		'installs with plain `npm ci`, scripts enabled, every dependency install script decided in allowScripts',
		{ timeout: 600_000 },
		async () => {
			const child = spawn('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {
				cwd: clone,
				env: plainEnvironment(),
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let output = '';
			child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
			child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
			const code = await new Promise<number | null>((done) => child.on('close', done));

			assert.equal(code, 0, `npm ci failed:\n${output.slice(-4000)}`);
			assert.doesNotMatch(
				output,
				/not yet covered by allowScripts/,
				"a dependency has an install script that package.json's allowScripts does not decide",
			);
			assert.ok(
				existsSync(join(clone, 'node_modules', 'eslint-plugin-n8n-nodes-base', 'package.json')),
				'the lint rules are installed',
			);
		},
	);
});
