import type { Browser, BrowserContext } from 'playwright';
import type { SessionOptions } from './sessionOptions';

/**
 * Session option `stealth`: the plainest signs of an automated headless Chromium, hidden in one
 * session's context only (the browser and its other sessions are untouched).
 * - The user agent says `Chrome/…` where the headless browser says `HeadlessChrome/…` (header and
 *   navigator.userAgent), unless the session sets its own user agent or device.
 * - navigator.webdriver is false, as in a browser a person uses (Chromium sets it true under
 *   automation). Through the getter's own property, so `'webdriver' in navigator` stays true.
 * - window.outerWidth/outerHeight follow the page area (a headless window reports a fixed size that
 *   can be smaller than the page itself).
 * What it does not change: the WebGL renderer (SwiftShader), fonts, the headless shell's missing
 * plugins and PDF viewer, workers' navigator, CDP traces and TLS/HTTP fingerprints. It is no
 * answer to serious bot detection, and a page can still see that the getters were replaced.
 */
const STEALTH_SCRIPT = `(() => {
	const replaceGetter = (target, name, value) => {
		const descriptor = Object.getOwnPropertyDescriptor(target, name);
		if (!descriptor || typeof descriptor.get !== 'function' || !descriptor.configurable) return;
		// A proxy of the native getter still prints as native code.
		Object.defineProperty(target, name, {
			...descriptor,
			get: new Proxy(descriptor.get, { apply: (getter, self, args) => value(Reflect.apply(getter, self, args)) }),
		});
	};
	replaceGetter(Navigator.prototype, 'webdriver', () => false);
	replaceGetter(window, 'outerWidth', (outer) => Math.max(outer, window.innerWidth));
	replaceGetter(window, 'outerHeight', (outer) => Math.max(outer, window.innerHeight + 85));
})();`;

const userAgents = new WeakMap<Browser, Promise<string | undefined>>();

/**
 * The browser's own user agent, with `HeadlessChrome` said as `Chrome`; asked once per browser
 * (over CDP). Undefined when the browser does not tell (the session then keeps its user agent).
 */
export function stealthUserAgent(browser: Browser): Promise<string | undefined> {
	let known = userAgents.get(browser);
	if (!known) {
		known = (async () => {
			const cdp = await browser.newBrowserCDPSession();
			try {
				const { userAgent } = await cdp.send('Browser.getVersion');
				// As a desktop Chrome says it: `Chrome/<major>.0.0.0` (the headless shell gives its full version).
				return userAgent.replace(/HeadlessChrome\/(\d+)[\d.]*/g, 'Chrome/$1.0.0.0');
			} finally {
				await cdp.detach().catch(() => undefined);
			}
		})().catch(() => undefined);
		userAgents.set(browser, known);
	}
	return known;
}

/**
 * The options a stealth session's context is made with: the browser's user agent without
 * "Headless" when the session names no user agent or device (device presets never say Headless).
 * Other sessions' options come back unchanged.
 */
export async function withStealthUserAgent(
	options: SessionOptions,
	browser: Browser,
): Promise<SessionOptions> {
	if (!options.stealth || options.userAgent || options.device) return options;
	const userAgent = await stealthUserAgent(browser);
	return userAgent ? { ...options, userAgent } : options;
}

/** Installs the stealth script in every page and frame of the context, before the page's own scripts. */
export async function applyStealth(context: BrowserContext): Promise<void> {
	await context.addInitScript({ content: STEALTH_SCRIPT });
}
