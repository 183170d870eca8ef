import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Servers for the containment suite. The allowed site serves the escape pages; each forbidden
 * server logs every TCP connection, request, WebSocket upgrade and UDP packet it receives. That log,
 * not the runner's counters, is the ground truth of what left the browser.
 */

/** What one forbidden server received. */
export interface ForbiddenLog {
	connections: number;
	requests: string[];
	udpPackets: number;
}

export interface ForbiddenServer {
	/** How pages address it, e.g. `127.0.0.2`, `localhost`, `[::1]`. */
	host: string;
	origin: string;
	/** A UDP port on the same address (STUN). */
	udpPort: number;
	log: ForbiddenLog;
	reset(): void;
	close(): Promise<void>;
}

/** Text every forbidden page and response holds, so a test can tell whether any of it was read. */
export const FORBIDDEN_MARK = 'FORBIDDEN-CONTENT-7f3a';

/**
 * A server that must never be reached. `bind` is the address it listens on, `host` the name pages
 * use (localhost is 127.0.0.1 under a name the policy does not allow).
 */
export async function startForbiddenServer(bind: string, host: string): Promise<ForbiddenServer> {
	const log: ForbiddenLog = { connections: 0, requests: [], udpPackets: 0 };
	const server = http.createServer((req, res) => {
		log.requests.push(`${req.method} ${req.url}`);
		res.setHeader('access-control-allow-origin', '*');
		if (req.url?.startsWith('/worker.js')) {
			res.setHeader('content-type', 'text/javascript');
			res.end(`postMessage(${JSON.stringify(FORBIDDEN_MARK)});`);
			return;
		}
		if (req.url?.startsWith('/data')) {
			res.setHeader('content-type', 'text/plain');
			res.end(FORBIDDEN_MARK);
			return;
		}
		if (req.url?.startsWith('/events')) {
			res.setHeader('content-type', 'text/event-stream');
			res.end(`data: ${FORBIDDEN_MARK}\n\n`);
			return;
		}
		res.setHeader('content-type', 'text/html');
		res.end(
			`<!doctype html><title>${FORBIDDEN_MARK}</title><p id="forbidden">${FORBIDDEN_MARK}</p>`,
		);
	});
	server.on('connection', () => log.connections++);
	server.on('upgrade', (req, socket) => {
		log.requests.push(`UPGRADE ${req.url}`);
		socket.destroy();
	});
	await new Promise<void>((resolve) => server.listen(0, bind, resolve));
	const udp: UdpSocket = createSocket(bind.includes(':') ? 'udp6' : 'udp4');
	udp.on('message', () => log.udpPackets++);
	await new Promise<void>((resolve) => udp.bind(0, bind, resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		host,
		origin: `http://${host}:${port}`,
		udpPort: udp.address().port,
		log,
		reset() {
			log.connections = 0;
			log.requests = [];
			log.udpPackets = 0;
		},
		async close() {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
			udp.close();
		},
	};
}

export interface AllowedSite {
	origin: string;
	/** Serves `html` at `path` from now on. */
	page(path: string, html: string): void;
	close(): Promise<void>;
}

/**
 * The allowed host: serves the pages tests register, `/redirect?to=` (302, an open redirector), and
 * `/chain/<n>?to=`: n hops on this host, then the target.
 */
export async function startAllowedSite(): Promise<AllowedSite> {
	const pages = new Map<string, string>();
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://allowed');
		const to = url.searchParams.get('to') ?? '/';
		if (url.pathname === '/redirect') {
			res.writeHead(302, { location: to }).end();
			return;
		}
		const chain = /^\/chain\/(\d+)$/.exec(url.pathname);
		if (chain) {
			const left = Number(chain[1]);
			const next = left > 1 ? `/chain/${left - 1}?to=${encodeURIComponent(to)}` : to;
			res.writeHead(302, { location: next }).end();
			return;
		}
		if (url.pathname === '/refresh-header') {
			res
				.writeHead(200, { 'content-type': 'text/html', refresh: `0;url=${to}` })
				.end('<title>refresh</title>');
			return;
		}
		const html = pages.get(url.pathname);
		if (html === undefined) {
			res.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
			return;
		}
		res.writeHead(200, { 'content-type': 'text/html' }).end(html);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		page: (path, html) => pages.set(path, html),
		async close() {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
