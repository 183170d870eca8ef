import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { RequestError, Server } from 'proxy-chain';

/** How a tenant's connection that its rules let through leaves the machine. */
export interface EgressRoute {
	/** Chain to this proxy (http, https, socks4, socks5; credentials in the URL). Default: connect directly. */
	upstreamProxyUrl?: string;
}

export type EgressDecision = { allowed: true; route?: EgressRoute } | { allowed: false };

/** What the proxy asks of the session a tenant belongs to, for every connection it makes. */
export interface EgressRules {
	/** Whether the browser context may connect to `host` (as the browser asked for it) and how. */
	decide(host: string): EgressDecision;
}

/** The session's own proxy: allowed connections leave through it unless its bypass list names the host. */
export interface UpstreamProxy {
	url: string;
	bypasses(host: string): boolean;
}

/**
 * The session's proxy setting (Playwright's form: server, username, password, bypass) as the
 * egress proxy's upstream. The bypass list reads as Chromium reads it: `example.com` is that host,
 * `.example.com` and `*.example.com` its subdomains, `<local>` names without a dot.
 */
export function upstreamProxyOf(proxy: {
	server: string;
	username?: string;
	password?: string;
	bypass?: string;
}): UpstreamProxy {
	const url = new URL(
		/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy.server) ? proxy.server : `http://${proxy.server}`,
	);
	if (proxy.username) url.username = encodeURIComponent(proxy.username);
	if (proxy.password) url.password = encodeURIComponent(proxy.password);
	const rules = (proxy.bypass ?? '')
		.split(',')
		.map((rule) => rule.trim().toLowerCase())
		.filter(Boolean);
	return {
		url: url.href.replace(/\/$/, ''),
		bypasses: (host) => {
			const name = host.toLowerCase();
			return rules.some((rule) => {
				if (rule === '<local>') return !name.includes('.') && !name.includes(':');
				const suffix = rule.startsWith('*.')
					? rule.slice(1)
					: rule.startsWith('.')
						? rule
						: undefined;
				return suffix ? name.endsWith(suffix) : name === rule;
			});
		},
	};
}

/** The proxy setting of one browser context: Playwright's `proxy` context option. */
export interface EgressProxySetting {
	server: string;
	username: string;
	password: string;
	/** Chromium sends loopback addresses past a proxy unless told not to. */
	bypass: string;
}

/**
 * One browser context's place on the egress proxy: its own proxy credentials, so that the proxy
 * knows whose connection it is. It refuses everything until `admit` gives it rules, so a context
 * prepared ahead of time (the spare) can take any session's rules later.
 */
export interface EgressTenant {
	readonly proxy: EgressProxySetting;
	admit(rules: EgressRules): void;
	/** Forgets the tenant: any connection it still tries is refused. */
	leave(): void;
}

const REFUSAL_STATUS = 403;

/**
 * The egress proxy of one browser: every connection of the contexts that use it (pages, frames,
 * workers, prefetch, redirect hops, WebSockets, CONNECT tunnels) asks it first, and it connects
 * only to hosts the tenant's rules allow. A refused host gets no connection and no byte.
 * Listens on loopback only; tenants are told apart by proxy credentials that never leave the process.
 */
export class EgressProxy {
	private readonly tenants = new Map<string, { password: Buffer; rules?: EgressRules }>();
	/** Plain-http requests reuse their connections to the server, as the browser would without a proxy. */
	private readonly httpAgent = new http.Agent({ keepAlive: true });

	private readonly server = new Server({
		port: 0,
		host: '127.0.0.1',
		authRealm: 'Browser Agent',
		prepareRequestFunction: ({ username, password, hostname }) =>
			this.prepare(username, password, hostname),
	});

	private constructor() {
		// A client that hangs up mid-request is normal (a tab closed); nothing to report.
		this.server.on('requestFailed', () => undefined);
	}

	static async start(): Promise<EgressProxy> {
		const proxy = new EgressProxy();
		await proxy.server.listen();
		return proxy;
	}

	get url(): string {
		return `http://127.0.0.1:${this.server.port}`;
	}

	newTenant(): EgressTenant {
		const username = randomBytes(12).toString('hex');
		const password = randomBytes(24).toString('hex');
		const entry: { password: Buffer; rules?: EgressRules } = { password: Buffer.from(password) };
		this.tenants.set(username, entry);
		return {
			proxy: { server: this.url, username, password, bypass: '<-loopback>' },
			admit: (rules) => {
				entry.rules = rules;
			},
			leave: () => {
				this.tenants.delete(username);
			},
		};
	}

	get tenantCount(): number {
		return this.tenants.size;
	}

	async close(): Promise<void> {
		this.tenants.clear();
		await this.server.close(true);
		this.httpAgent.destroy();
	}

	private prepare(
		username: string,
		password: string,
		hostname: string,
	): { requestAuthentication?: boolean; upstreamProxyUrl?: string; httpAgent?: http.Agent } {
		const tenant = this.tenants.get(username);
		const given = Buffer.from(password);
		if (
			!tenant ||
			given.length !== tenant.password.length ||
			!timingSafeEqual(given, tenant.password)
		)
			return { requestAuthentication: true };
		if (!tenant.rules)
			throw new RequestError(
				'Blocked by the Browser Agent policy: this browser context belongs to no session.',
				REFUSAL_STATUS,
			);
		const decision = tenant.rules.decide(hostname);
		if (!decision.allowed)
			throw new RequestError(
				`Blocked by the Browser Agent policy: ${hostname} is not an allowed host.`,
				REFUSAL_STATUS,
			);
		return { upstreamProxyUrl: decision.route?.upstreamProxyUrl, httpAgent: this.httpAgent };
	}
}
