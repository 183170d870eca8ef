/**
 * What Screenshot After Step costs: the node's per-step picture (one viewport JPEG between
 * actions) against the same steps without it, interleaved round by round in one run, and the
 * JPEG's size on the fixture pages.
 * Run: npx tsx bench/step-screenshot.ts [--rounds 20]
 */
import { SessionPool, findExecutable } from '../lib';
import { LOGIN } from '../scripts/fixture-site/expected';
import { startFixtureSite } from '../scripts/fixture-site/server';
import { median, timed, numberArgument } from './measure';

const rounds = numberArgument('rounds', 20);
/** The node's quality (nodes/BrowserAgent/actions/common/stepScreenshot.ts). */
const QUALITY = 60;

async function main() {
	const site = await startFixtureSite();
	const pool = new SessionPool({ browser: { mode: 'launch', executablePath: findExecutable() } });
	const sizes: number[] = [];
	try {
		const steps = [
			['navigate', { url: `${site.url}/login` }],
			['fill', { selector: '#username', value: LOGIN.username }],
			['fill', { selector: '#password', value: LOGIN.password }],
			['navigate', { url: `${site.url}/tables` }],
			['extractText', { selector: '#complex' }],
		] as const;
		const flow = (key: { owner: string }, withShots: boolean) => async () => {
			for (const [action, input] of steps) {
				await pool.run(key, action, input);
				if (withShots) sizes.push((await pool.viewportScreenshot(key, QUALITY))!.length);
			}
		};
		const plainKey = { owner: 'bench-plain' };
		const shotKey = { owner: 'bench-shots' };
		await flow(plainKey, false)();
		await flow(shotKey, true)();
		const plain: number[] = [];
		const shots: number[] = [];
		for (let round = 0; round < rounds; round++) {
			const order = round % 2 ? [false, true] : [true, false];
			for (const withShots of order) {
				const ms = await timed(flow(withShots ? shotKey : plainKey, withShots));
				(withShots ? shots : plain).push(ms);
			}
		}
		const perStep = (median(shots) - median(plain)) / steps.length;
		console.log(`${steps.length} steps, ${rounds} rounds each way:`);
		console.log(`  without pictures  median ${median(plain).toFixed(1)} ms`);
		console.log(`  with a picture    median ${median(shots).toFixed(1)} ms`);
		console.log(`  ratio             ${(median(shots) / median(plain)).toFixed(3)}`);
		console.log(`  per step          ${perStep.toFixed(1)} ms`);
		console.log(
			`  JPEG size         median ${(median(sizes) / 1024).toFixed(1)} KB (1280 × 800, quality ${QUALITY})`,
		);
	} finally {
		await pool.shutdown();
		await site.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
