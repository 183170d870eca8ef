import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ECHO_LOGIN, LOGIN } from '../../../scripts/fixture-site/expected';
import { SecretValues } from '../../../lib/runner/secretValues';
import { scrubTrace } from '../../../lib/runner/trace';
import { startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';
import { secretInTrace, traceEntries, traceEvents, tracedActions } from '../../helpers/traceZip';

describe('Session trace (Session option recordTrace)', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('is off by default: no trace while open, none on close', async () => {
		const key = env.key();
		await env.pool.open(key);
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		assert.equal((await env.pool.session(key))!.recordsTrace, false);
		assert.equal(await env.pool.trace(key), undefined);
		const { status, trace } = await env.pool.closeWithTrace(key);
		assert.equal(status?.state, 'completed');
		assert.equal(trace, undefined);
	});

	it('lists each action (a group per action, Playwright’s calls in it) with DOM snapshots and screencast frames', async () => {
		const key = env.key();
		await env.pool.open(key, { options: { recordTrace: true } });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		await env.pool.run(key, 'click', { selector: '#login-submit' });
		await env.pool.run(key, 'extractText', { selector: 'h1' });
		const { trace } = await env.pool.closeWithTrace(key);
		const entries = traceEntries(trace!);
		assert.deepEqual(tracedActions(entries), ['navigate', 'click #login-submit', 'extractText h1']);
		const events = traceEvents(entries);
		const calls = events
			.filter((event) => event.type === 'before' && event.class !== 'Tracing')
			.map((event) => `${event.class}.${event.method}`);
		for (const call of ['Frame.goto', 'Frame.click']) assert.ok(calls.includes(call), call);
		const [context] = events;
		assert.equal(context.type, 'context-options');
		assert.equal(context.title, 'Browser Agent session "default"');
		assert.ok(events.some((event) => event.type === 'frame-snapshot'));
		assert.ok(Object.keys(entries).some((name) => /^screencast\/.+\.jpeg$/.test(name)));
		assert.ok(
			entries['trace.network'].toString().includes('/login'),
			'the requests are in trace.network',
		);
	});

	it('keeps recording after an export: each export and the close hold the whole session so far', async () => {
		const key = env.key();
		await env.pool.open(key, { options: { recordTrace: true } });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const first = traceEntries((await env.pool.trace(key))!);
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/tables` });
		const second = traceEntries((await env.pool.trace(key))!);
		await env.pool.run(key, 'extractTable', { selector: '#complex' });
		const { trace } = await env.pool.closeWithTrace(key);
		const final = traceEntries(trace!);
		assert.deepEqual(tracedActions(first), ['navigate']);
		assert.deepEqual(tracedActions(second), ['navigate', 'navigate']);
		assert.deepEqual(tracedActions(final), ['navigate', 'navigate', 'extractTable #complex']);
		// One chunk per export, named as Playwright's trace viewer loads several: 0-trace.trace, 1-…
		assert.deepEqual(
			Object.keys(final)
				.filter((name) => name.endsWith('.trace'))
				.sort(),
			['0-trace.trace', '1-trace.trace', '2-trace.trace'],
		);
		// Every chunk's network file repeats the earlier requests: the merged trace holds each once.
		const formRequests = Object.entries(final)
			.filter(([name]) => name.endsWith('.network'))
			.flatMap(([, data]) => data.toString().split('\n'))
			.filter((line) => line.trim())
			.map((line) => String(JSON.parse(line).snapshot.request.url))
			.filter((url) => url.endsWith('/form'));
		assert.equal(formRequests.length, 1, formRequests.join('\n'));
	});

	it('a secret typed key by key appears in no entry, in no spelling and not half typed', async () => {
		const key = env.key();
		const secret = ECHO_LOGIN.password;
		await env.pool.open(key, { options: { recordTrace: true } });
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/echo` });
		await env.pool.run(key, 'fill', { selector: '#username', value: ECHO_LOGIN.username });
		await env.pool.run(key, 'fill', {
			selector: '#password',
			value: secret,
			typeLikeHuman: true,
			minKeyDelayMs: 0,
			maxKeyDelayMs: 5,
		});
		// The page echoes the password into its address, text, attributes, cookies and storage.
		await env.pool.run(key, 'click', { selector: '#echo-submit' });
		await env.pool.run(key, 'waitFor', { until: 'urlMatches', pattern: '*password=*' });
		await env.pool.run(key, 'click', { selector: '#echo-replace' });
		const exported = traceEntries((await env.pool.trace(key))!);
		await env.pool.run(key, 'getPageInfo', {});
		const session = (await env.pool.session(key))!;
		// Playwright's own chunk, before the scrub: the search finds the secret there.
		const raw = traceEntries(readFileSync(path.join(session.directoryPath, 'trace-chunk-0.zip')));
		const { trace } = await env.pool.closeWithTrace(key);
		const final = traceEntries(trace!);

		const halfTyped = [secret.slice(0, -1), JSON.stringify(secret.slice(0, -1)).slice(1, -1)];
		assert.ok(secretInTrace(raw, secret).length > 0, 'Playwright recorded the secret');
		assert.ok(
			raw['trace.trace']
				.toString()
				.includes(`"__playwright_value_":${JSON.stringify(secret.slice(0, -1))}`),
			'and the value half typed, in the snapshots between key presses',
		);
		assert.deepEqual(secretInTrace(exported, secret, halfTyped), []);
		assert.deepEqual(secretInTrace(final, secret, halfTyped), []);
		assert.deepEqual(secretInTrace(final, ECHO_LOGIN.username), []);

		// The fills are there, masked: where they typed, not what.
		assert.ok(
			tracedActions(final).includes('fill #password (value kept out of the trace)'),
			tracedActions(final).join('\n'),
		);
		const typed = traceEvents(final).filter(
			(event) => event.type === 'before' && event.method === 'keyboardType',
		);
		assert.equal(typed.length, [...secret].length);
		assert.ok(typed.every((event) => event.params.text === '[redacted]'));
	});

	it('scrubs every kind of entry: JSON lines stay valid, text is scrubbed, a binary holding a secret is left out', async () => {
		const secrets = new SecretValues();
		secrets.add(LOGIN.password);
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
		const scrubbed = traceEntries(
			await scrubTrace(
				{
					'trace.trace': Buffer.from(
						`${JSON.stringify({ type: 'before', callId: 'c1', method: 'fill', params: { value: LOGIN.password }, startTime: 1234.5 })}\n`,
					),
					'trace.network': Buffer.from(''),
					'resources/page.html': Buffer.from(`<input value="${LOGIN.password}">`),
					'screencast/clean.jpeg': png,
					'screencast/leaky.jpeg': Buffer.concat([png, Buffer.from(LOGIN.password)]),
				},
				secrets,
			),
		);
		assert.deepEqual(traceEvents(scrubbed), [
			{
				type: 'before',
				callId: 'c1',
				method: 'fill',
				params: { value: '[redacted]' },
				startTime: 1234.5,
			},
		]);
		assert.equal(scrubbed['resources/page.html'].toString(), '<input value="[redacted]">');
		assert.deepEqual(scrubbed['screencast/clean.jpeg'], png);
		assert.equal(scrubbed['screencast/leaky.jpeg'], undefined);
	});
});
