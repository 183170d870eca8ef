import { format } from 'node:util';
import { NodeVM, makeResolverFromLegacyOptions } from '@n8n/vm2';
import { connect, type Browser, type Page as PuppeteerPage } from 'puppeteer-core';
import type { BrowserContext, Page } from 'playwright';
import { PrivateTransport } from './privateTransport';

/** Which modules a script may `require`: n8n's NODE_FUNCTION_ALLOW_BUILTIN / _EXTERNAL rules. */
export interface ScriptModules {
	/** Node built-ins by name, or `*` for all. */
	builtin: string[];
	/** Installed packages by name, or `*` for all; none when empty. */
	external: string[];
}

/** What the host gives a puppeteer script besides `$page` and `$browser`. */
export interface PuppeteerScriptHost {
	/** Globals of the script (n8n: `$json`, `$items`, `$input`, `$node`, helpers…). */
	variables: Record<string, unknown>;
	/** Receives what the script passes to `console.log`; other console methods go nowhere. */
	consoleLog?: (...args: unknown[]) => void;
	modules: ScriptModules;
}

/** Reads the module rules from the environment variables n8n and n8n-nodes-puppeteer use. */
export function scriptModulesFromEnvironment(env: NodeJS.ProcessEnv = process.env): ScriptModules {
	const list = (value: string | undefined) =>
		(value ?? '')
			.split(',')
			.map((name) => name.trim())
			.filter(Boolean);
	return {
		builtin: list(env.NODE_FUNCTION_ALLOW_BUILTIN),
		external: list(env.NODE_FUNCTION_ALLOW_EXTERNAL),
	};
}

/**
 * Where a script's console.log goes outside the editor: stdout with `prefix`, as console.log would
 * print it, when n8n's CODE_ENABLE_STDOUT is true (as for its Code node); else nowhere (undefined).
 */
export function scriptStdout(
	prefix: string,
	env: NodeJS.ProcessEnv = process.env,
): ((...args: unknown[]) => void) | undefined {
	if (env.CODE_ENABLE_STDOUT !== 'true') return undefined;
	return (...args) => process.stdout.write(`${format(prefix, ...args)}\n`);
}

/** A puppeteer Browser attached to one session over the private transport, and the page it acts on. */
export interface PuppeteerAttachment {
	browser: Browser;
	page: PuppeteerPage;
	/** Lets go of the session's pages (nothing is closed); idempotent. */
	release(): Promise<void>;
}

/**
 * Attaches puppeteer-core to the session's browser context through the runner's own connection
 * (see PrivateTransport), with `page` as puppeteer's Page. The viewport stays as the session has it.
 */
export async function attachPuppeteer(
	context: BrowserContext,
	page: Page,
	protocolTimeoutMs: number,
): Promise<PuppeteerAttachment> {
	const transport = await PrivateTransport.open(context);
	const browser = await connect({
		transport,
		defaultViewport: null,
		protocolTimeout: protocolTimeoutMs,
	}).catch(async (error: unknown) => {
		// puppeteer leaves the transport open when connecting fails: its DevTools session would outlive the script.
		transport.close();
		await transport.detached();
		throw error;
	});
	let released: Promise<void> | undefined;
	const release = () =>
		(released ??= browser
			.disconnect()
			.catch(() => undefined)
			.then(() => transport.close())
			.then(() => transport.detached()));
	try {
		const targetId = await transport.targetIdOf(page);
		const target = await browser.waitForTarget((candidate) => targetIdOf(candidate) === targetId, {
			timeout: protocolTimeoutMs,
		});
		const puppeteerPage = await target.page();
		if (!puppeteerPage) throw new Error('The session’s page could not be attached.');
		return { browser, page: puppeteerPage, release };
	} catch (error) {
		await release();
		throw error;
	}
}

function targetIdOf(target: unknown): string | undefined {
	// puppeteer keeps the CDP target id on its Target without a public getter.
	return (target as { _targetId?: string })._targetId;
}

/**
 * Runs a script the way n8n-nodes-puppeteer's Run Custom Script does: the body of an async
 * function in vm2's NodeVM, with `console` redirected and `require` limited to the allowed modules.
 * Resolves to what the script returns; rejects with what it throws.
 */
export function runInSandbox(
	code: string,
	globals: Record<string, unknown>,
	host: Pick<PuppeteerScriptHost, 'consoleLog' | 'modules'>,
): Promise<unknown> {
	const { builtin, external } = host.modules;
	const vm = new NodeVM({
		console: 'redirect',
		sandbox: globals,
		require: makeResolverFromLegacyOptions({
			external: external.length > 0 ? { modules: external, transitive: false } : false,
			builtin,
		}),
		wasm: false,
	});
	vm.on('console.log', (...args: unknown[]) => host.consoleLog?.(...args));
	return Promise.resolve().then(() =>
		vm.run(`module.exports = async function() { ${code}\n}()`),
	) as Promise<unknown>;
}
