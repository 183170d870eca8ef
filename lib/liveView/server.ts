import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BrowserAgentError } from '../errors';
import type { LiveLinks } from './links';

export interface LiveViewServerOptions {
	/** Loopback unless set: nothing new listens where others can reach it unless asked. */
	host?: string;
	/** 0 (default): a free port. */
	port?: number;
	/**
	 * Where people reach the server when that is not http://host:port/live/ (a reverse proxy, a
	 * tunnel): links start with it, e.g. https://n8n.example.com/browser-live/.
	 */
	publicUrl?: string;
}

export const LIVE_VIEW_HOST_ENV = 'BROWSER_AGENT_LIVE_VIEW_HOST';
export const LIVE_VIEW_PORT_ENV = 'BROWSER_AGENT_LIVE_VIEW_PORT';
export const LIVE_VIEW_URL_ENV = 'BROWSER_AGENT_LIVE_VIEW_URL';

/** The server's address from the environment: loopback and a free port unless set. */
export function liveViewServerOptionsFromEnvironment(
	env: NodeJS.ProcessEnv = process.env,
): LiveViewServerOptions {
	const port = Number(env[LIVE_VIEW_PORT_ENV] ?? 0);
	if (!Number.isInteger(port) || port < 0 || port > 65_535)
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`${LIVE_VIEW_PORT_ENV} must be a port number (0–65535), not "${env[LIVE_VIEW_PORT_ENV]}".`,
			{
				field: LIVE_VIEW_PORT_ENV,
				advice: `Set ${LIVE_VIEW_PORT_ENV} to a free port, or leave it unset for any free port.`,
			},
		);
	return {
		...(env[LIVE_VIEW_HOST_ENV] && { host: env[LIVE_VIEW_HOST_ENV] }),
		port,
		...(env[LIVE_VIEW_URL_ENV] && { publicUrl: env[LIVE_VIEW_URL_ENV] }),
	};
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
		// A live view never keeps its process alive.
		server.unref();
		const { port } = server.address() as AddressInfo;
		const shownHost = host.includes(':') ? `[${host}]` : host;
		const publicUrl = options.publicUrl?.replace(/\/?$/, '/');
		return new LiveViewServer(server, publicUrl ?? `http://${shownHost}:${port}/live/`);
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
