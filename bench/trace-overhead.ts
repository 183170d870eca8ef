/**
 * What recording a Playwright trace (Session option recordTrace) costs, measured in one process and
 * one run: the fixture site's flow (navigate, fill ×2, click, extract text, navigate, extract table)
 * on two sessions of one pool, one traced and one not, interleaved round by round so that load
 * and drift hit both alike. Prints the medians per action and for the flow, their ratios, and what
 * getting the trace (export between actions, and on close) costs and weighs.
 * Run: npx tsx bench/trace-overhead.ts [--rounds 20]
 */
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { SessionPool, findExecutable, type SessionKey } from '../lib';
import { LOGIN } from '../scripts/fixture-site/expected';
import { startFixtureSite } from '../scripts/fixture-site/server';
import { median, timed, numberArgument } from './measure';

const rounds = numberArgument('rounds', 20);

async function main() {
	const site = await startFixtureSite();
	const pool = new SessionPool({
		browser: { mode: 'launch', executablePath: findExecutable() },
	});
	try {
		const plain = { owner: 'bench-trace-off' };
		const traced = { owner: 'bench-trace-on' };
		await pool.open(plain);
		await pool.open(traced, { options: { recordTrace: true } });
		/** Milliseconds per action name, for one session. */
		const perAction = (): Map<string, number[]> => new Map();
		const times = { off: perAction(), on: perAction() };
		const flows = { off: [] as number[], on: [] as number[] };

		const flow = async (key: SessionKey, into: Map<string, number[]>) => {
			const step = async (action: string, input: Record<string, unknown>) => {
				const took = await timed(() => pool.run(key, action, input));
				into.set(action, [...(into.get(action) ?? []), took]);
			};
			await step('navigate', { url: `${site.url}/login` });
			await step('fill', { selector: '#username', value: LOGIN.username });
			await step('fill', { selector: '#password', value: LOGIN.password });
			await step('click', { selector: '#login-submit' });
			await step('waitFor', { until: 'urlMatches', pattern: '**/dashboard' });
			await step('extractText', { selector: '#welcome' });
			await step('navigate', { url: `${site.url}/tables` });
			await step('extractTable', { selector: '#complex' });
		};
		const ACTIONS_PER_FLOW = 8;
		// Warm up both (first navigation, JIT); the warm-up's actions are not counted.
		await flow(plain, perAction());
		await flow(traced, perAction());
		const load = loadavg()[0];
		for (let round = 0; round < rounds; round++) {
			const order = round % 2 ? (['off', 'on'] as const) : (['on', 'off'] as const);
			for (const mode of order) {
				const key = mode === 'on' ? traced : plain;
				flows[mode].push(await timed(() => flow(key, times[mode])));
			}
		}

		// How long building the trace holds up everything else the process runs (other workflows).
		const stall = monitorEventLoopDelay({ resolution: 10 });
		stall.enable();
		const started = performance.now();
		const exported = await pool.trace(traced);
		const exportMs = performance.now() - started;
		const closing = performance.now();
		const { trace } = await pool.closeWithTrace(traced);
		const closeMs = performance.now() - closing;
		stall.disable();
		const plainClosing = performance.now();
		await pool.close(plain);
		const plainCloseMs = performance.now() - plainClosing;

		const actions = (rounds + 1) * ACTIONS_PER_FLOW;
		console.log(
			`trace on vs off, ${rounds} interleaved rounds of the flow (${ACTIONS_PER_FLOW} actions), load average ${load.toFixed(2)} → ${loadavg()[0].toFixed(2)} on ${cpus().length} cores:`,
		);
		console.log('  action         off ms    on ms   on/off   +ms');
		for (const [action, off] of times.off) {
			const on = times.on.get(action)!;
			console.log(
				`  ${action.padEnd(13)} ${median(off).toFixed(1).padStart(7)} ${median(on).toFixed(1).padStart(8)} ${(median(on) / median(off)).toFixed(2).padStart(8)} ${(median(on) - median(off)).toFixed(1).padStart(6)}`,
			);
		}
		const ratio = median(flows.on) / median(flows.off);
		const perActionMs = (median(flows.on) - median(flows.off)) / ACTIONS_PER_FLOW;
		console.log(
			`  flow          ${median(flows.off).toFixed(1).padStart(7)} ${median(flows.on).toFixed(1).padStart(8)} ${ratio.toFixed(2).padStart(8)}  (+${perActionMs.toFixed(1)} ms per action)`,
		);
		console.log(
			`getting the trace after ${actions} actions: export ${exportMs.toFixed(0)} ms (${kib(exported)}), close with trace ${closeMs.toFixed(0)} ms (${kib(trace)}) against ${plainCloseMs.toFixed(0)} ms without; longest event-loop stall meanwhile ${(stall.max / 1e6).toFixed(0)} ms`,
		);
	} finally {
		await pool.shutdown();
		await site.close();
	}
}

function kib(data: Buffer | undefined): string {
	return data ? `${(data.length / 1024).toFixed(0)} KiB` : 'none';
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
