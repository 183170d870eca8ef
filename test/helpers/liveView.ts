import { chromium, type Browser, type Page } from 'playwright';
import { findExecutable, LiveViews } from '../../lib';
import { startRunnerEnvironment, type RunnerEnvironment } from './runner';

/**
 * Where an element of the session's page shows in the live view's picture, as a person aims at it:
 * its centre, or (corner) a point just inside its top-left corner, where a box that holds other
 * elements is only itself.
 */
export async function aimAt(
	page: Page,
	view: Page,
	selector: string,
	corner = false,
): Promise<{ x: number; y: number }> {
	const box = (await page.locator(selector).boundingBox())!;
	if (corner) Object.assign(box, { width: 6, height: 6 });
	const viewport = page.viewportSize()!;
	const picture = (await view.locator('#view').boundingBox())!;
	return {
		x: picture.x + ((box.x + box.width / 2) / viewport.width) * picture.width,
		y: picture.y + ((box.y + box.height / 2) / viewport.height) * picture.height,
	};
}

/** A runner with its live views, and a second browser for the person who opens them. */
export interface LiveViewEnvironment {
	env: RunnerEnvironment;
	live: LiveViews;
	person: Browser;
	close(): Promise<void>;
}

export async function startLiveViewEnvironment(): Promise<LiveViewEnvironment> {
	const env = await startRunnerEnvironment();
	const live = new LiveViews(env.pool);
	const person = await chromium.launch({
		executablePath: findExecutable(),
		args: ['--no-sandbox'],
	});
	return {
		env,
		live,
		person,
		close: async () => {
			await person.close();
			await live.close();
			await env.close();
		},
	};
}
