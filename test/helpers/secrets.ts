import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { getBinaryBuffer, type RunResult } from './n8n-engine';

/**
 * "Nothing leaks" checks: gather every text a run produced (output items, decoded binary files,
 * errors, logs, files left on disk) and search it for known secrets. To cover another place
 * (audit files, timeline reports), add its texts to the list, e.g. with `textsOfFiles(folder)`.
 */
export interface ProducedText {
	/** Where the text came from, for the failure message: `node "Fill" item 0 json`, `stderr`… */
	source: string;
	text: string;
}

/** Every text a workflow run put into n8n: each node's items (JSON and binary), node errors, the run's error. */
export async function textsOfRun(result: RunResult, label = 'run'): Promise<ProducedText[]> {
	const texts: ProducedText[] = [];
	for (const [nodeName, runs] of Object.entries(result.nodes)) {
		for (const [runIndex, nodeRun] of runs.entries()) {
			const where = `${label}: node "${nodeName}" run ${runIndex}`;
			for (const [outputIndex, items] of nodeRun.outputs.entries()) {
				for (const [itemIndex, item] of items.entries()) {
					texts.push({
						source: `${where} output ${outputIndex} item ${itemIndex} json`,
						text: JSON.stringify(item.json),
					});
					for (const [field, binary] of Object.entries(item.binary ?? {})) {
						const bytes = await getBinaryBuffer(binary);
						texts.push({
							source: `${where} item ${itemIndex} binary ${field}`,
							text: `${JSON.stringify(binary)}\n${bytes.toString('utf8')}\n${bytes.toString('latin1')}`,
						});
					}
				}
			}
			if (nodeRun.error)
				texts.push({
					source: `${where} error`,
					text: JSON.stringify(nodeRun.error.raw) + String(nodeRun.error.description ?? ''),
				});
			texts.push({ source: `${where} hints`, text: JSON.stringify(nodeRun.hints) });
		}
	}
	if (result.error)
		texts.push({
			source: `${label}: run error`,
			text: `${result.error.message}\n${result.error.description ?? ''}\n${JSON.stringify(result.error.raw)}`,
		});
	return texts;
}

/** The contents of every file under `folder` (recursively), e.g. audit files or what a run left in its temp folder. */
export function textsOfFiles(folder: string): ProducedText[] {
	const texts: ProducedText[] = [];
	const walk = (current: string) => {
		for (const entry of readdirSync(current, { withFileTypes: true })) {
			const full = path.join(current, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.isFile() && statSync(full).size < 50_000_000) {
				const bytes = readFileSync(full);
				texts.push({
					source: `file ${full}`,
					text: `${full}\n${bytes.toString('utf8')}\n${bytes.toString('latin1')}`,
				});
			}
		}
	};
	walk(folder);
	return texts;
}

/** The ways a secret could be written down: as is, URL-encoded, and (for TOTP secrets) without spaces. */
function spellings(secret: string): string[] {
	return [
		...new Set([
			secret,
			encodeURIComponent(secret),
			secret.replace(/\s+/g, ''),
			JSON.stringify(secret).slice(1, -1),
		]),
	];
}

/** Where each secret occurs; all-digit secrets (one-time codes) only count when not part of a longer number. */
export function findSecrets(texts: ProducedText[], secrets: string[]): string[] {
	const found: string[] = [];
	for (const secret of secrets) {
		for (const spelling of spellings(secret)) {
			const matches = /^\d+$/.test(spelling)
				? (text: string) => new RegExp(`(?<!\\d)${spelling}(?!\\d)`).test(text)
				: (text: string) => text.includes(spelling);
			for (const { source, text } of texts)
				if (matches(text)) found.push(`"${spelling}" in ${source}`);
		}
	}
	return found;
}

export function assertNoSecrets(texts: ProducedText[], secrets: string[]): void {
	if (texts.length === 0)
		throw new Error('No texts to search: the check would pass without looking at anything.');
	const found = findSecrets(texts, secrets);
	if (found.length) throw new Error(`Secrets leaked:\n  ${found.slice(0, 20).join('\n  ')}`);
}
