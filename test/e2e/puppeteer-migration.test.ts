/**
 * Differential test of the migration from n8n-nodes-puppeteer: every workflow of the corpus
 * (test/e2e/fixtures/puppeteer-corpus) runs under the real n8n-nodes-puppeteer 1.5.0 and, converted
 * by this package's own `migrate` bin, under Browser Agent, in the same real n8n (execute-batch: each
 * workflow its own execution). The items of the node the converter keeps the name of must agree;
 * every difference that stays is listed in DIFFERENCES with its reason.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFixtureSite, type FixtureSite } from '../../scripts/fixture-site/server';
import {
	createN8nInstance,
	e2eVersions,
	packThisPackage,
	type BinaryMeta,
	type ExecutionResult,
	type N8nInstance,
	type OutputItem,
} from '../../scripts/n8n/harness/n8n';
import {
	baselineEnvironment,
	importCorpus,
	installBaseline,
	prepareCorpus,
	type CorpusCase,
} from '../../scripts/n8n/harness/puppeteerCorpus';

/** What a file in an item is, as far as both nodes must agree: kind, name and picture size or page count. */
interface FileFacts {
	mimeType?: string;
	fileName?: string;
	width?: number;
	height?: number;
	pages?: number;
}

interface Comparable {
	json: Array<Record<string, unknown>>;
	files: Array<Record<string, FileFacts>>;
}

type Normalize = (side: Comparable, which?: 'puppeteer' | 'browserAgent') => Comparable;

/** The response's headers without the one that changes with the clock. */
function stableHeaders(headers: unknown): Record<string, unknown> {
	const { date: _date, ...rest } = (headers ?? {}) as Record<string, unknown>;
	return rest;
}

/** A one-shot node's page-load fields, whichever node they come from: compared without the Date header. */
const pageLoadFields: Normalize = (side) => ({
	...side,
	json: side.json.map((item) => ({ ...item, headers: stableHeaders(item.headers) })),
});

/** The request headers /echo/headers shows, without the User-Agent and the client hints that go with it. */
function withoutUserAgent(body: unknown): unknown {
	return String(body).replace(/<pre>(.*)<\/pre>/s, (_match, json: string) => {
		const headers = JSON.parse(json) as Record<string, string>;
		for (const name of Object.keys(headers))
			if (name === 'user-agent' || name.startsWith('sec-ch-ua')) delete headers[name];
		return `<pre>${JSON.stringify(headers)}</pre>`;
	});
}

/** An error item: what went wrong must still be said, in the old words; Browser Agent adds its code, advice and a screenshot. */
function errorSaying(words: RegExp): Normalize {
	return (side) => ({
		json: side.json.map((item) => ({ error: words.test(String(item.error)) })),
		files: side.files.map(() => ({})),
	});
}

/**
 * The differences that stay, per corpus case, each with its reason. `normalize` brings both sides
 * to what must still agree; everything not named here must be equal as it is.
 */
const DIFFERENCES: Record<string, { reason: string; normalize: Normalize }> = {
	'17-throws': {
		reason:
			'The error item keeps the thrown message, prefixed "The puppeteer script failed:", and adds code SCRIPT_FAILED, advice and the failure screenshot as binary `screenshot`.',
		normalize: errorSaying(/Invoice 2024-17 not found/),
	},
	'18-non-array': {
		reason:
			'Both refuse a script that returns no array; Browser Agent says what it returned instead ("…but returned an object") with code SCRIPT_RESULT_INVALID and a failure screenshot.',
		normalize: errorSaying(/must return an array of items/),
	},
	'20-page-content': {
		reason:
			'n8n-nodes-puppeteer sends a fixed Chrome 73 User-Agent on every page unless told otherwise; Browser Agent sends Chromium’s own, and with it the client hints (sec-ch-ua…). The page shows the request headers, so those and its Content-Length differ; the rest of the page, the status and the other response headers agree.',
		normalize: (side) => {
			const normalized = pageLoadFields(side);
			return {
				...normalized,
				json: normalized.json.map(({ headers, ...item }) => {
					// The echoed headers are the body, so its length differs with them.
					const { 'content-length': _length, ...rest } = headers as Record<string, unknown>;
					return { ...item, headers: rest, body: withoutUserAgent(item.body) };
				}),
			};
		},
	},
	'21-screenshot': {
		reason:
			'n8n-nodes-puppeteer’s pages are 800 px wide (puppeteer’s default viewport); Browser Agent’s are 1280 px (its default, or Set Viewport / Session → Open). The full-page height, the file name and type agree.',
		normalize: (side) => ({
			...pageLoadFields(side),
			files: side.files.map((files) =>
				Object.fromEntries(
					Object.entries(files).map(([field, facts]) => [field, { ...facts, width: undefined }]),
				),
			),
		}),
	},
	'22-pdf': {
		reason: 'Only the Date response header differs (the clock).',
		normalize: pageLoadFields,
	},
	'23-not-found': {
		reason:
			"With On Error → Continue, the old node’s one item was the error. Converted, the failing node is Navigate (Fail on HTTP Error): its error item goes on to Extract HTML, which reads the 404 page, as n8n’s Continue does. The error is at $('Get Missing Page (Navigate)').item.json.error, and the converter’s report says so.",
		normalize: (side, which) =>
			which === 'puppeteer'
				? { json: [{ failedWith404: /404/.test(String(side.json[0].error)) }], files: [{}] }
				: {
						json: [{ failedWith404: /status 404/.test(String(side.json[0].navigationError)) }],
						files: [{}],
					},
	},
};

/**
 * The newest installed n8n only: both nodes run in n8n's engine alike in every pinned version, and
 * what differs between versions (editor REST calls, hooks) is tested in n8n.test.ts and
 * editor.test.ts. Set N8N_E2E_VERSIONS to run it under another.
 */
const versions = e2eVersions().slice(-1);

describe('migrating n8n-nodes-puppeteer workflows: the corpus under both nodes', () => {
	let site: FixtureSite;
	let packed: ReturnType<typeof packThisPackage> | undefined;

	before(async () => {
		assert.ok(versions.length > 0, 'no n8n installed: run scripts/test.sh');
		site = await startFixtureSite();
		packed = packThisPackage();
	});
	after(async () => {
		await site?.close();
		packed?.remove();
	});

	for (const version of versions) {
		describe(`n8n ${version}`, () => {
			let n8n: N8nInstance;
			let cases: CorpusCase[];
			let results: Map<string, ExecutionResult>;

			before(async () => {
				n8n = await createN8nInstance({ version, env: baselineEnvironment() });
				await installBaseline(n8n);
				await n8n.installCommunityPackage(packed!.tarball);
				cases = prepareCorpus(n8n, site.url);
				await importCorpus(n8n, cases);
				results = await n8n.executeBatch(
					cases.flatMap((one) => [one.puppeteer.id, one.browserAgent.id]),
				);
			});
			after(() => n8n?.cleanup());

			it('runs every workflow of the corpus under n8n-nodes-puppeteer and converted, with the same items', () => {
				const report: string[] = [];
				for (const one of cases) {
					const theirs = results.get(one.puppeteer.id);
					const ours = results.get(one.browserAgent.id);
					if (!theirs?.ok || !ours?.ok) {
						report.push(
							`${one.slug} did not run through: n8n-nodes-puppeteer ${JSON.stringify(theirs?.error ?? 'ok')}, Browser Agent ${JSON.stringify(ours?.error ?? 'ok')}`,
						);
						continue;
					}
					const difference = DIFFERENCES[one.slug];
					const left = comparable(n8n, theirs!, one.compared);
					const right = browserAgentSide(n8n, ours!, one);
					const expected = difference ? difference.normalize(left, 'puppeteer') : left;
					const actual = difference ? difference.normalize(right, 'browserAgent') : right;
					try {
						assert.deepEqual(actual, expected);
					} catch {
						report.push(
							`${one.slug}:\n  n8n-nodes-puppeteer: ${JSON.stringify(expected).slice(0, 1500)}\n  Browser Agent:       ${JSON.stringify(actual).slice(0, 1500)}`,
						);
					}
				}
				assert.deepEqual(report, [], report.join('\n'));
			});
		});
	}
});

/**
 * The converted workflow's output in the old node's shape. A script's items are what it returned. A
 * one-shot operation became Navigate + one node: the old `statusCode`, `headers` and `url` are
 * Navigate's `status`, `headers` and `url`, the old `body` is Extract HTML's `html` (the converter
 * rewrites expressions that way), and the last node's own fields are left out.
 */
function browserAgentSide(n8n: N8nInstance, result: ExecutionResult, one: CorpusCase): Comparable {
	const last = one.browserAgent.nodes.find((node) => node.name === one.compared)!;
	if (last.parameters.operation === 'runPuppeteerScript')
		return comparable(n8n, result, one.compared);
	const own = comparable(n8n, result, one.compared);
	const navigation = comparable(n8n, result, `${one.compared} (Navigate)`).json[0];
	return {
		json: own.json.map((item) =>
			navigation.error
				? { navigationError: navigation.error }
				: {
						...(item.html !== undefined && { body: item.html }),
						headers: navigation.headers,
						statusCode: navigation.status,
						url: navigation.url,
					},
		),
		files: own.files,
	};
}

/** A node's items: JSON and what each file is. */
function comparable(n8n: N8nInstance, result: ExecutionResult, node: string): Comparable {
	const runs = result.nodes[node];
	assert.ok(
		runs?.length,
		`node "${node}" did not run; ran: ${Object.keys(result.nodes).join(', ')}`,
	);
	const items: OutputItem[] = runs[runs.length - 1].items;
	return {
		json: items.map((item) => item.json),
		files: items.map((item) =>
			Object.fromEntries(
				Object.entries(item.binary ?? {}).map(([field, meta]) => [field, fileFacts(n8n, meta)]),
			),
		),
	};
}

function fileFacts(n8n: N8nInstance, meta: BinaryMeta): FileFacts {
	const bytes = n8n.readBinary(meta);
	const facts: FileFacts = { mimeType: meta.mimeType, fileName: meta.fileName };
	if (meta.mimeType === 'image/png') {
		facts.width = bytes.readUInt32BE(16);
		facts.height = bytes.readUInt32BE(20);
	}
	if (meta.mimeType === 'application/pdf')
		facts.pages = (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
	return facts;
}
