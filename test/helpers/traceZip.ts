import { gunzipSync, unzipSync } from 'fflate';
import { encodedForms } from './secretForms';

/** Every entry of a trace zip, decompressed. */
export function traceEntries(zip: Uint8Array): Record<string, Buffer> {
	return Object.fromEntries(
		Object.entries(unzipSync(zip)).map(([name, data]) => [name, Buffer.from(data)]),
	);
}

/** The JSON events of every `*.trace` entry (every chunk of a merged trace), in order. */
export function traceEvents(entries: Record<string, Buffer>): Array<Record<string, any>> {
	return Object.entries(entries)
		.filter(([name]) => name.endsWith('.trace'))
		.flatMap(([, data]) => data.toString('utf8').split('\n'))
		.filter((line) => line.trim())
		.map((line) => JSON.parse(line) as Record<string, any>);
}

/** The titles of the Browser Agent actions in a trace (one tracing group per action). */
export function tracedActions(entries: Record<string, Buffer>): string[] {
	return traceEvents(entries)
		.filter((event) => event.type === 'before' && event.method === 'tracingGroup')
		.map((event) => String(event.title));
}

/**
 * Where any spelling of the secret (raw, URL, HTML, JSON, base64: see secretForms.ts) turns up in
 * the entries: read as UTF-8 and byte for byte (latin1), and inside gzip data after unpacking it.
 * `extra` adds texts to look for (e.g. a value half typed).
 */
export function secretInTrace(
	entries: Record<string, Buffer>,
	secret: string,
	extra: string[] = [],
): string[] {
	const forms = [...new Set([...Object.values(encodedForms(secret)), ...extra])];
	const found: string[] = [];
	for (const [name, data] of Object.entries(entries)) {
		const views = [data.toString('utf8'), data.toString('latin1')];
		if (data[0] === 0x1f && data[1] === 0x8b) views.push(Buffer.from(gunzipSync(data)).toString());
		for (const form of forms)
			if (views.some((view) => view.includes(form)))
				found.push(`${JSON.stringify(form)} in ${name}`);
	}
	return found;
}
