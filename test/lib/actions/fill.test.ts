import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { neighbourKey } from '../../../lib/actions/fill';
import { failureOf, startRunnerEnvironment, type RunnerEnvironment } from '../../helpers/runner';

interface KeyEvent {
	field: string;
	key: string;
}

describe('fill', () => {
	let env: RunnerEnvironment;
	before(async () => {
		env = await startRunnerEnvironment();
	});
	after(() => env.close());

	it('replaces the content of a field by default', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'fill', { selector: '#name', value: 'first' });
		await env.pool.run(key, 'fill', { selector: '#name', value: 'Ada Lovelace' });
		assert.equal(await (await env.page(key)).inputValue('#name'), 'Ada Lovelace');
	});

	it('appends when clearFirst is off', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'fill', { selector: '#notes', value: 'one' });
		await env.pool.run(key, 'fill', { selector: '#notes', value: ' two', clearFirst: false });
		assert.equal(await (await env.page(key)).inputValue('#notes'), 'one two');
	});

	it('types like a human: one keydown per character, with pauses in the configured range', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const value = 'hello';
		const run = await env.pool.run(key, 'fill', {
			selector: '#key-input',
			value,
			typeLikeHuman: true,
			minKeyDelayMs: 30,
			maxKeyDelayMs: 60,
		});
		const page = await env.page(key);
		assert.equal(await page.inputValue('#key-input'), value);
		const keys = await page.evaluate(() => (window as any).keyLog as string[]);
		// Clearing the field first may send one Delete; then one keydown per character.
		assert.deepEqual(
			keys.filter((key) => key !== 'Delete'),
			[...value],
		);
		// Every character is followed by at least the minimum pause.
		assert.ok(run.durationMs >= value.length * 30, `took ${run.durationMs} ms`);
	});

	it('makes typos when asked: a neighbouring key, erased with Backspace, and the value ends exact', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/typing` });
		const page = await env.page(key);
		// Every character that has a neighbour on the keyboard is first mistyped; the others never.
		const fields = [
			{ selector: '#typed-text', value: 'Ada L0velace' },
			{ selector: '#typed-password', value: 'Pa55-w0rd! Z' },
		];
		for (const { selector, value } of fields) {
			const run = await env.pool.run<any>(key, 'fill', {
				selector,
				value,
				typeLikeHuman: true,
				typoChance: 1,
				minKeyDelayMs: 0,
				maxKeyDelayMs: 0,
			});
			assert.equal(await page.inputValue(selector), value, selector);
			const onKeyboard = [...value].filter((character) => neighbourKey(character)).length;
			assert.equal(run.result.typos, onKeyboard, selector);
			const keys = (await page.evaluate(() => (window as any).keyEvents as KeyEvent[]))
				.filter((event) => event.field === selector.slice(1))
				.map((event) => event.key)
				.filter((pressed) => pressed !== 'Delete');
			// Per character: [wrong key, Backspace,] the right key.
			const expected: string[] = [];
			for (const character of value) {
				if (neighbourKey(character)) expected.push('typo', 'Backspace');
				expected.push(character);
			}
			assert.equal(keys.length, expected.length, `${selector}: ${keys.join(' ')}`);
			keys.forEach((pressed, index) => {
				if (expected[index] !== 'typo') return assert.equal(pressed, expected[index], selector);
				const meant = expected[index + 2];
				assert.notEqual(pressed, meant, `${selector}: a typo differs from the key meant`);
				assert.equal(pressed.length, 1, selector);
				const isLetter = (text: string) => text.toLowerCase() !== text.toUpperCase();
				if (isLetter(meant) && isLetter(pressed)) {
					assert.equal(
						pressed === pressed.toUpperCase(),
						meant === meant.toUpperCase(),
						`${selector}: ${pressed} for ${meant} keeps the letter case`,
					);
				}
			});
		}
	});

	it('types no typo at the default chance, and keeps a field with a maxlength exact', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/typing` });
		const page = await env.page(key);
		const plain = await env.pool.run<any>(key, 'fill', {
			selector: '#typed-text',
			value: 'qwerty',
			typeLikeHuman: true,
			minKeyDelayMs: 0,
			maxKeyDelayMs: 0,
		});
		assert.equal(plain.result.typos, undefined);
		const code = await env.pool.run<any>(key, 'fill', {
			selector: '#typed-code',
			value: '4821',
			typeLikeHuman: true,
			typoChance: 1,
			minKeyDelayMs: 0,
			maxKeyDelayMs: 0,
		});
		assert.equal(code.result.typos, 4);
		assert.equal(await page.inputValue('#typed-code'), '4821');
		const keys = (await page.evaluate(() => (window as any).keyEvents as KeyEvent[])).map(
			(event) => `${event.field}:${event.key}`,
		);
		assert.ok(!keys.some((pressed) => pressed === 'typed-text:Backspace'), keys.join(' '));
		assert.equal(keys.filter((pressed) => pressed === 'typed-code:Backspace').length, 4);
	});

	it('still ends with the exact value when the page reacts to a typo', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/typing` });
		const page = await env.page(key);
		// After the first key, the page moves the caret to the start: the Backspace then erases nothing.
		await page.evaluate(() => {
			const field = document.querySelector<HTMLInputElement>('#typed-password')!;
			field.addEventListener('input', () => field.setSelectionRange(0, 0), { once: true });
		});
		await env.pool.run(key, 'fill', {
			selector: '#typed-password',
			value: 'secret',
			typeLikeHuman: true,
			typoChance: 1,
			minKeyDelayMs: 0,
			maxKeyDelayMs: 0,
		});
		assert.equal(await page.inputValue('#typed-password'), 'secret');
	});

	it('mistypes only neighbouring keys of a US QWERTY keyboard', () => {
		const neighbours: Record<string, string> = {
			// Beside it on its row, or one of the three keys nearest above or below it.
			a: 'sqwzx',
			g: 'fhrtyvbn',
			p: "o[90-l;'",
			'1': '2qw',
			'/': ".l;'",
		};
		for (const [character, near] of Object.entries(neighbours)) {
			const seen = new Set<string>();
			for (let draw = 0; draw < 400; draw++) seen.add(neighbourKey(character)!);
			for (const typo of seen)
				assert.ok(near.includes(typo), `${typo} is not next to ${character}`);
			assert.ok(seen.size >= 2, `${character}: ${[...seen].join('')}`);
		}
		assert.equal(
			neighbourKey('A', () => 0),
			'S',
		);
		for (const never of [' ', '!', 'é', '€', '\n']) assert.equal(neighbourKey(never), undefined);
	});

	it('never keeps the typed value in the session history', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/login` });
		await env.pool.run(key, 'fill', { selector: '#password', value: 'hunter2-secret' });
		const session = await env.pool.session(key);
		const recorded = JSON.stringify(session!.history);
		assert.ok(!recorded.includes('hunter2-secret'), recorded);
		assert.equal(session!.history.at(-1)!.input.value, '[redacted]');
	});

	it('fails with ELEMENT_NOT_FOUND for a missing field and INVALID_INPUT for a missing value', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const missing = await failureOf(
			env.pool.run(key, 'fill', { selector: '#nope', value: 'x', timeoutMs: 400 }),
		);
		assert.equal(missing.code, 'ELEMENT_NOT_FOUND');
		const noValue = await failureOf(env.pool.run(key, 'fill', { selector: '#name' }));
		assert.equal(noValue.code, 'INVALID_INPUT');
		assert.equal(noValue.field, 'value');
	});

	it('fills the field of a label, as Playwright does', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		await env.pool.run(key, 'fill', { selector: 'label[for="notes"]', value: 'from the label' });
		assert.equal(await (await env.page(key)).inputValue('#notes'), 'from the label');
	});

	// Decided from what the element is, not from a timeout: the default timeout leaves a busy machine
	// all the time it needs, and a regression to waiting would end in TIMEOUT, not ACTION_FAILED.
	it('fails clearly on an element that cannot take text', async () => {
		const key = env.key();
		await env.pool.run(key, 'navigate', { url: `${env.site.url}/form` });
		const button = await failureOf(env.pool.run(key, 'fill', { selector: '#counter', value: 'x' }));
		assert.equal(button.code, 'ACTION_FAILED');
		assert.match(
			button.message,
			/"#counter" is a <button>, not an <input>, <textarea> or editable element/,
		);
		const radio = await failureOf(env.pool.run(key, 'fill', { selector: '#plan-pro', value: 'x' }));
		assert.equal(radio.code, 'ACTION_FAILED');
		assert.match(radio.message, /is an <input type="radio">/);
		// Out of time before Playwright could tell (what a busy machine does): the element's kind still decides.
		const hurried = await failureOf(
			env.pool.run(key, 'fill', { selector: '#counter', value: 'x', timeoutMs: 1 }),
		);
		assert.equal(hurried.code, 'ACTION_FAILED', hurried.message);
		for (const typing of [{ typeLikeHuman: true }, { clearFirst: false }]) {
			const error = await failureOf(
				env.pool.run(key, 'fill', { selector: '#counter', value: 'x', ...typing }),
			);
			assert.equal(error.code, 'ACTION_FAILED', JSON.stringify(typing));
		}
	});
});
