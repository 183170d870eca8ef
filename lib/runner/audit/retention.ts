import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Audit day folders are named by their UTC date, so name order is age order. */
export const DAY_FOLDER = /^\d{4}-\d{2}-\d{2}$/;

export interface RetentionLimits {
	retentionDays: number;
	maxTotalSizeMb: number;
}

/** The UTC date of a moment, as the audit names its day folders: 2026-01-31. */
export function dayOf(moment: Date | number = Date.now()): string {
	return new Date(moment).toISOString().slice(0, 10);
}

/**
 * Deletes whole day folders of the audit trail, oldest first: those older than `retentionDays`,
 * then more while the trail is larger than `maxTotalSizeMb`. Today's folder is never deleted (its
 * files are open for writing); other files in the folder are left alone. Returns the deleted days.
 */
export async function enforceRetention(
	directory: string,
	limits: RetentionLimits,
	now: Date = new Date(),
): Promise<string[]> {
	const today = dayOf(now);
	const oldestKept = dayOf(now.getTime() - (limits.retentionDays - 1) * 86_400_000);
	const days = (await readdir(directory).catch(() => [] as string[]))
		.filter((name) => DAY_FOLDER.test(name))
		.sort();
	const deleted: string[] = [];
	const remaining: Array<{ day: string; bytes: number }> = [];
	for (const day of days) {
		if (day < oldestKept && day !== today) {
			await rm(join(directory, day), { recursive: true, force: true });
			deleted.push(day);
		} else {
			remaining.push({ day, bytes: await sizeOf(join(directory, day)) });
		}
	}
	let total = remaining.reduce((sum, entry) => sum + entry.bytes, 0);
	const limit = limits.maxTotalSizeMb * 1024 * 1024;
	for (const { day, bytes } of remaining) {
		if (total <= limit) break;
		if (day >= today) continue;
		await rm(join(directory, day), { recursive: true, force: true });
		deleted.push(day);
		total -= bytes;
	}
	return deleted;
}

async function sizeOf(path: string): Promise<number> {
	const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
	let total = 0;
	for (const entry of entries) {
		const child = join(path, entry.name);
		if (entry.isDirectory()) total += await sizeOf(child);
		else
			total += await stat(child).then(
				(info) => info.size,
				() => 0,
			);
	}
	return total;
}
