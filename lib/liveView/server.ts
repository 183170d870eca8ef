import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LiveLinks } from './links';

export interface LiveViewServerOptions {
	/** Loopback unless set: nothing new listens where others can reach it unless asked. */
	host?: string;
	/** 0 (default): a free port. */
	port?: number;
}

const MAX_BODY_BYTES = 64 * 1024;

/**
 * A small HTTP server for live-view links, for the runner without n8n (and for a queue-mode
 * worker, where the session lives): `/live/<token>` and the paths under it.
 */
export class LiveViewServer {
	private constructor(
		private readonly server: Server,
		/** Where links start, e.g. http://127.0.0.1:43125/live/ */
		readonly baseUrl: string,
	) {}

	static async start(
		links: LiveLinks,
		options: LiveViewServerOptions = {},
	): Promise<LiveViewServer> {
		const host = options.host ?? '127.0.0.1';
		const server = createServer((request, response) => {
			const { pathname } = new URL(request.url ?? '/', 'http://live.invalid');
			const match = /^\/live\/([\w-]+)(?:\/([a-z]*))?$/.exec(pathname);
			if (!match) {
				response.writeHead(404).end();
				return;
			}
			readJson(request)
				.then((body) =>
					links.handle(
						match[1],
						{ method: request.method ?? 'GET', subpath: match[2] ?? '', body },
						response,
					),
				)
				.catch((error: unknown) => {
					if (!response.headersSent)
						response.writeHead(400, { 'Content-Type': 'application/json' });
					response.end(
						JSON.stringify({ error: error instanceof Error ? error.message : String(error) }),
					);
				});
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, host, resolve);
		});
		const { port } = server.address() as AddressInfo;
		const shownHost = host.includes(':') ? `[${host}]` : host;
		return new LiveViewServer(server, `http://${shownHost}:${port}/live/`);
	}

	urlOf(token: string): string {
		return this.baseUrl + token;
	}

	close(): Promise<void> {
		return new Promise((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}
}

async function readJson(request: IncomingMessage): Promise<unknown> {
	if (request.method !== 'POST') return undefined;
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY_BYTES) throw new Error('The request is too large for the live view.');
		chunks.push(chunk as Buffer);
	}
	const text = Buffer.concat(chunks).toString('utf8');
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		throw new Error('The live view takes JSON.');
	}
}
