/**
 * How compact Page → Snapshot is: its size in characters and estimated model tokens against the
 * page's full HTML, on fixture pages and the large one. Tokens are estimated as characters / 4 (a
 * fixed, tokenizer-free rule, the same for both sides of every ratio).
 * Run: npx tsx bench/snapshot-size.ts
 */
import { SessionPool, findExecutable } from '../lib';
import { startFixtureSite } from '../scripts/fixture-site/server';

const PAGES = ['login', 'form', 'tables', 'big'];
const tokens = (characters: number) => Math.round(characters / 4);

async function main() {
	const site = await startFixtureSite();
	const pool = new SessionPool({ browser: { mode: 'launch', executablePath: findExecutable() } });
	const key = { owner: 'bench-snapshot' };
	try {
		console.log(
			'page      HTML chars  snapshot chars  interactive chars  tokens (HTML → snapshot)  ratio',
		);
		for (const name of PAGES) {
			await pool.run(key, 'navigate', { url: `${site.url}/${name}` });
			const html = (await pool.run<{ html: string }>(key, 'extractHtml', { selector: 'html' }))
				.result.html;
			const full = await pool.run<{ snapshot: string }>(key, 'snapshot', {
				maxCharacters: 1_000_000,
			});
			const interactive = await pool.run<{ snapshot: string }>(key, 'snapshot', {
				maxCharacters: 1_000_000,
				interactiveOnly: true,
			});
			const snapshotChars = full.result.snapshot.length;
			console.log(
				`${name.padEnd(9)} ${String(html.length).padStart(10)}  ${String(snapshotChars).padStart(14)}  ${String(interactive.result.snapshot.length).padStart(17)}  ${`${tokens(html.length)} → ${tokens(snapshotChars)}`.padStart(24)}  ${(html.length / snapshotChars).toFixed(1)}×`,
			);
		}
		console.log(
			'playwright-mcp: not compared (it is not installed here); its snapshot is the same ariaSnapshot AI mode.',
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
