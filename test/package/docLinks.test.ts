/**
 * Every link from the node and the credentials into the README lands on a heading. n8n shows these
 * links as "Docs" in the editor; the API credential's once pointed at an anchor that did not exist.
 * Anchors are computed as GitHub computes them for a README's headings.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { BrowserAgentApi } from '../../credentials/BrowserAgentApi.credentials';
import { BrowserAgentSiteLoginApi } from '../../credentials/BrowserAgentSiteLoginApi.credentials';

const REPO_ROOT = resolve(__dirname, '../..');
const { homepage } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
	homepage: string;
};
const REPOSITORY = homepage.replace(/#.*$/, '');
/** GitHub's anchor for the README as a whole, on the repository page. */
const README_ANCHOR = 'readme';

/** GitHub's heading anchors: lower case, punctuation and symbols dropped, spaces to hyphens, repeats numbered. */
function githubAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		const text = heading[1]
			.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
			.replace(/<[^>]+>/g, ''); // inline HTML tags
		const slug = text
			.toLowerCase()
			.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
			.replace(/ /g, '-');
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

function filesUnder(folder: string): string[] {
	return readdirSync(folder, { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile() && /\.(ts|json)$/.test(entry.name))
		.map((entry) => join(entry.parentPath, entry.name));
}

describe('documentation links', () => {
	it('computes anchors as GitHub does', () => {
		const anchors = githubAnchors(
			'# Try it: two commands\n## Browser Agent API credential\n```\n# not a heading\n```\n## Element → Fill (`#id`)\n## Notes\n## Notes\n',
		);
		assert.deepEqual(
			[...anchors],
			[
				'try-it-two-commands',
				'browser-agent-api-credential',
				'element--fill-id',
				'notes',
				'notes-1',
			],
		);
	});

	it('every README link in nodes/ and credentials/ lands on a heading of the README', () => {
		const anchors = githubAnchors(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
		const linkPattern = new RegExp(
			`${REPOSITORY.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#([^'"\\s)\`]+)`,
			'g',
		);
		const links: string[] = [];
		const broken: string[] = [];
		for (const file of [
			...filesUnder(join(REPO_ROOT, 'nodes')),
			...filesUnder(join(REPO_ROOT, 'credentials')),
		]) {
			for (const [, anchor] of readFileSync(file, 'utf8').matchAll(linkPattern)) {
				links.push(anchor);
				if (anchor !== README_ANCHOR && !anchors.has(anchor))
					broken.push(`${relative(REPO_ROOT, file)}: #${anchor}`);
			}
		}
		assert.deepEqual(broken, []);
		// The credentials' own links and the codex file's are among those checked.
		assert.ok(links.length >= 5, `found only ${links.length} links: ${links.join(', ')}`);
	});

	it('each credential links to its README section, and the codex file lists the same links', () => {
		const credentialLinks = [
			new BrowserAgentApi().documentationUrl,
			new BrowserAgentSiteLoginApi().documentationUrl,
		];
		for (const url of credentialLinks) assert.ok(url.startsWith(`${REPOSITORY}#`), url);
		const codex = JSON.parse(
			readFileSync(join(REPO_ROOT, 'nodes/BrowserAgent/BrowserAgent.node.json'), 'utf8'),
		) as {
			resources: { credentialDocumentation?: Array<{ url: string }> };
		};
		assert.deepEqual(
			codex.resources.credentialDocumentation?.map(({ url }) => url),
			credentialLinks,
		);
	});
});
