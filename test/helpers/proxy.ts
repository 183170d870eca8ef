import { createServer as createHttpServer, request as httpRequest } from 'node:http';

/** A forwarding HTTP proxy on loopback that demands Basic proxy authentication. */
export async function startProxy(
	target: string,
	credentials: { username: string; password: string },
) {
	const seen: Array<{ url: string; authorization?: string; headers: Record<string, unknown> }> = [];
	const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
	const server = createHttpServer((request, response) => {
		seen.push({
			url: request.url ?? '',
			authorization: request.headers['proxy-authorization'],
			headers: request.headers,
		});
		if (request.headers['proxy-authorization'] !== expected) {
			response.writeHead(407, {
				'Proxy-Authenticate': 'Basic realm="test proxy"',
				'Content-Type': 'text/plain',
			});
			response.end('proxy authentication required');
			return;
		}
		// Every host name leads to the fixture site: the browser never resolves it itself.
		const url = new URL(request.url ?? '/');
		const { hostname, port } = new URL(target);
		const headers: Record<string, string | string[] | undefined> = {
			...request.headers,
			host: `${hostname}:${port}`,
		};
		delete headers['proxy-authorization'];
		delete headers['proxy-connection'];
		const forwarded = httpRequest(
			{ hostname, port, path: url.pathname + url.search, method: request.method, headers },
			(answer) => {
				response.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(response);
			},
		);
		forwarded.on('error', () => response.destroy());
		request.pipe(forwarded);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return { server, seen, url: `http://127.0.0.1:${port}` };
}
