/**
 * Self-check of the e2e harness against a real n8n.
 *
 *   node --import tsx scripts/n8n/harness/selfcheck.ts <package.tgz> <workflow.json> [more.json ...]
 *
 * Options (env):
 *   N8N_E2E_VERSION=2.40.5    n8n version (default 2.8.4); must be installed by
 *                             scripts/n8n/install-n8n.sh (or set N8N_E2E_INSTALL=1)
 *   N8N_E2E_KEEP=1            keep the temp user folder for inspection
 *   SELFCHECK_EXPECT_NODE=Hello SELFCHECK_EXPECT_JSON='{"hello":"world"}'
 *                             assert every item of that node's output equals that json
 *   SELFCHECK_START=1         also `n8n start` on 127.0.0.1 and wait for /healthz
 *
 * Prints a summary per workflow and exits non-zero if any workflow failed or
 * an expectation did not hold. A workflow file whose name contains "fail"
 * is expected to FAIL (exit code 1, ok=false) — used to check error reporting.
 */
import { basename } from 'node:path';
import { DEFAULT_N8N_VERSION, N8nInstance, itemsOf } from './n8n';

async function main(): Promise<number> {
	const [tarball, ...workflows] = process.argv.slice(2);
	if (!tarball || workflows.length === 0) {
		console.error('usage: selfcheck.ts <package.tgz> <workflow.json> [more.json ...]');
		return 2;
	}
	const version = DEFAULT_N8N_VERSION;
	const t0 = Date.now();
	const n8n = new N8nInstance({ version, install: process.env.N8N_E2E_INSTALL === '1' });
	console.log(`n8n ${version} on ${n8n.runtime.nodeBin}; user folder ${n8n.userFolder}`);
	let failures = 0;
	try {
		let t = Date.now();
		const pkg = await n8n.installCommunityPackage(tarball);
		console.log(`installed ${pkg.name}@${pkg.version} into ${pkg.dir} (${Date.now() - t} ms)`);

		for (const wf of workflows) {
			const expectFail = /fail/i.test(basename(wf));
			t = Date.now();
			const id = await n8n.importWorkflow(wf);
			console.log(`\n[${basename(wf)}] imported as id ${id} (${Date.now() - t} ms)`);
			const res = await n8n.executeWorkflow(id);
			console.log(
				`[${basename(wf)}] execute: exit=${res.exitCode} ok=${res.ok} status=${res.status} ` +
					`timedOut=${res.timedOut} ${res.durationMs} ms; nodes: ${Object.keys(res.nodes).join(' -> ')}`,
			);
			for (const [name, runs] of Object.entries(res.nodes)) {
				const last = runs[runs.length - 1];
				console.log(`  ${name}: ${last.executionStatus ?? '?'}, ${last.items.length} item(s)`);
				for (const item of last.items.slice(0, 3)) {
					console.log(`    json=${JSON.stringify(item.json)}`);
					for (const [prop, meta] of Object.entries(item.binary ?? {})) {
						const content = n8n.readBinary(meta);
						console.log(
							`    binary.${prop}: ${meta.fileName} ${meta.mimeType} ${meta.fileSize ?? ''} id=${meta.id ?? '(inline)'} ` +
								`content=${JSON.stringify(content.toString('utf8').slice(0, 40))}`,
						);
					}
				}
				if (last.error) console.log(`    error: ${last.error.message}`);
			}
			if (res.error) console.log(`  run error: ${res.error.message}`);

			if (expectFail) {
				if (res.ok || res.exitCode === 0 || !res.error) {
					console.log(`  UNEXPECTED: workflow should have failed`);
					failures++;
				} else console.log(`  failed as expected`);
				continue;
			}
			if (!res.ok) {
				failures++;
				console.log(
					`  FAILED. stdout tail:\n${res.stdout.slice(-3000)}\nstderr tail:\n${res.stderr.slice(-3000)}`,
				);
				continue;
			}
			const node = process.env.SELFCHECK_EXPECT_NODE;
			if (node) {
				const want = JSON.stringify(JSON.parse(process.env.SELFCHECK_EXPECT_JSON ?? '{}'));
				const items = itemsOf(res, node);
				const bad = items.filter((j) => JSON.stringify(j) !== want);
				if (items.length === 0 || bad.length) {
					failures++;
					console.log(
						`  EXPECTATION FAILED for ${node}: want every item = ${want}, got ${JSON.stringify(items)}`,
					);
				} else console.log(`  expectation ok: ${items.length} item(s) of ${node} = ${want}`);
			}
		}

		if (process.env.SELFCHECK_START === '1') {
			t = Date.now();
			const srv = await n8n.start();
			console.log(`\nn8n start: ${srv.url}/healthz ready in ${Date.now() - t} ms`);
			await srv.stop();
			console.log(`n8n stopped`);
		}
	} finally {
		await n8n.cleanup();
	}
	console.log(
		`\nselfcheck: ${failures === 0 ? 'OK' : `${failures} problem(s)`} in ${Date.now() - t0} ms`,
	);
	return failures === 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(err: unknown) => {
		console.error(err);
		process.exit(1);
	},
);
