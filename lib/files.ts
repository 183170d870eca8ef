/** File-name and MIME helpers shared by actions that produce files. */
import { extname } from 'node:path';

const MIME_BY_EXTENSION: Record<string, string> = {
	'.csv': 'text/csv',
	'.txt': 'text/plain',
	'.html': 'text/html',
	'.htm': 'text/html',
	'.json': 'application/json',
	'.xml': 'application/xml',
	'.pdf': 'application/pdf',
	'.zip': 'application/zip',
	'.gz': 'application/gzip',
	'.xls': 'application/vnd.ms-excel',
	'.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	'.doc': 'application/msword',
	'.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.svg': 'image/svg+xml',
};

export function mimeTypeFor(fileName: string): string {
	return MIME_BY_EXTENSION[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Makes a server- or user-supplied file name safe to use inside our own folder:
 * no directories, no traversal, no control or reserved characters, bounded length.
 */
export function sanitizeFileName(name: string, fallback = 'download'): string {
	const lastSegment = name.split(/[\\/]/).pop() ?? '';
	const cleaned = lastSegment
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
		.replace(/^[.\s]+/, '')
		.trim();
	if (!cleaned) return fallback;
	if (cleaned.length <= 200) return cleaned;
	const extension = extname(cleaned).slice(0, 20);
	return cleaned.slice(0, 200 - extension.length) + extension;
}

/** The file name a Content-Disposition header suggests (RFC 6266, with RFC 5987 `filename*`). */
export function fileNameFromContentDisposition(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
	if (extended) {
		try {
			return decodeURIComponent(extended[2].trim().replace(/^"|"$/g, ''));
		} catch {
			// Malformed percent-encoding: fall back to the plain parameter.
		}
	}
	const plain = /filename\s*=\s*("((?:\\.|[^"\\])*)"|[^;]+)/i.exec(header);
	if (!plain) return undefined;
	return (plain[2] ?? plain[1]).replace(/\\(.)/g, '$1').trim();
}

/** `report-20260131-142501` style stamp for generated file names. */
export function timestampForFileName(date = new Date()): string {
	return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}
