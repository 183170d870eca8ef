/**
 * Chromium's feature switches for a launched browser. Chromium reads only the last
 * `--disable-features` on its command line, and Playwright already passes one with the features it
 * needs off; a second one (ours, or a user's in the launch arguments) would silently turn those back
 * on. So all of them go into one switch, and Playwright's own is left out.
 */

/**
 * The features Playwright turns off, exactly as it writes them (playwright-core's
 * chromiumSwitches.ts, at the version package-lock.json pins). Its switch is replaced only when it
 * is exactly this; `test/lib/runner/chromiumFeatures.test.ts` fails when a Playwright update changes
 * it, so the list is brought up to date with the update.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
	'AvoidUnnecessaryBeforeUnloadCheckSync',
	'DestroyProfileOnBrowserClose',
	'HttpsUpgrades',
	'HttpsFirstBalancedModeAutoEnable',
	'LensOverlay',
	'MediaRouter',
	'PaintHolding',
	'ThirdPartyStoragePartitioning',
	'AvoidCorsURLLoaderRestartOnRedirect',
	'TcpPortRandomizationWin',
	'OptimizationHints',
	'NetworkTimeServiceQuerying',
	'AimEnabled',
	'PreconnectToSearch',
	'msForceBrowserSignIn',
	'msEdgeUpdateLaunchServicesPreferredVersion',
] as const;

/**
 * Features no automated session uses, that cost every session time. Chromium 14x builds the
 * address bar's suggestion popup as two web pages with a renderer of their own, for every new
 * context, also in headless mode where nobody types into an address bar. Measured on this project's
 * 2-core machine (Chromium 156, new headless): a new context 270 → 190 ms, the first navigation in
 * it 95 → 65 ms, a full-page screenshot 130 → 105 ms. Without them Chromium uses its native popup.
 */
export const UNNEEDED_FEATURES = [
	'WebUIOmniboxPopup',
	'WebUIOmniboxFullPopup',
	'WebUIOmniboxAimPopup',
] as const;

const DISABLE_FEATURES = '--disable-features=';

/**
 * The arguments to launch Chromium with, and Playwright's default argument to leave out: one
 * `--disable-features` holding Playwright's features, ours and any the user's arguments name.
 */
export function withFeatureSwitches(args: readonly string[]): {
	args: string[];
	ignoreDefaultArgs: string[];
} {
	const named = args
		.filter((arg) => arg.startsWith(DISABLE_FEATURES))
		.flatMap((arg) => arg.slice(DISABLE_FEATURES.length).split(','))
		.map((feature) => feature.trim())
		.filter(Boolean);
	const features = [...new Set([...PLAYWRIGHT_DISABLED_FEATURES, ...UNNEEDED_FEATURES, ...named])];
	return {
		args: [
			...args.filter((arg) => !arg.startsWith(DISABLE_FEATURES)),
			DISABLE_FEATURES + features.join(','),
		],
		ignoreDefaultArgs: [DISABLE_FEATURES + PLAYWRIGHT_DISABLED_FEATURES.join(',')],
	};
}
