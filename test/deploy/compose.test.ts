/**
 * deploy/docker-compose.yml and deploy/Dockerfile cannot be run here (no container registry), so
 * they are held to what the tests do run: the queue-mode settings of the harness
 * (queueModeEnv, the same the queue-mode e2e test starts n8n with), the newest n8n version
 * scripts/test.sh pins, the playwright this package installs, and the variables lib/ reads.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { load } from 'js-yaml';
import {
	BROWSER_CONNECTION_ENV,
	BROWSER_ENDPOINT_ENV,
	EXECUTABLE_PATH_ENV,
	browserConnectionFromEnvironment,
} from '../../lib/runner/browsers';
import { queueModeEnv } from '../../scripts/n8n/harness/n8n';

const REPO_ROOT = resolve(__dirname, '../..');
const DEPLOY = join(REPO_ROOT, 'deploy');
const read = (...path: string[]) => readFileSync(join(REPO_ROOT, ...path), 'utf8');

interface Service {
	image?: string;
	build?: string | { context?: string; dockerfile?: string };
	command?: string | string[];
	environment?: Record<string, string | number | boolean | null> | string[];
	volumes?: string[];
	deploy?: { replicas?: number };
}
interface Compose {
	services: Record<string, Service>;
	volumes?: Record<string, unknown>;
}

const compose = load(read('deploy', 'docker-compose.yml')) as Compose;
const dockerfile = read('deploy', 'Dockerfile');

/** A service's environment as a map of strings, whichever of the two forms the file uses. */
function environmentOf(service: Service): Record<string, string> {
	const { environment = {} } = service;
	if (Array.isArray(environment))
		return Object.fromEntries(
			environment.map((entry) => {
				const at = entry.indexOf('=');
				return [entry.slice(0, at), entry.slice(at + 1)];
			}),
		);
	return Object.fromEntries(
		Object.entries(environment).map(([name, value]) => [name, String(value ?? '')]),
	);
}

function service(name: string): Service {
	const found = compose.services[name];
	assert.ok(found, `docker-compose.yml has a service "${name}"`);
	return found;
}

/** The n8n versions scripts/test.sh installs and tests when N8N_E2E_VERSIONS is not set. */
function pinnedN8nVersions(): string[] {
	const pinned = /N8N_E2E_VERSIONS="\$\{N8N_E2E_VERSIONS:-([^}"]+)\}"/.exec(
		read('scripts', 'test.sh'),
	)?.[1];
	assert.ok(pinned, 'scripts/test.sh pins the n8n versions in N8N_E2E_VERSIONS');
	return pinned
		.split(/\s+/)
		.filter(Boolean)
		.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

const newestN8n = pinnedN8nVersions().at(-1)!;
const playwrightVersion = (
	JSON.parse(read('node_modules', 'playwright', 'package.json')) as { version: string }
).version;
const ourPackage = JSON.parse(read('package.json')) as { name: string; version: string };

const N8N_SERVICES = ['n8n', 'n8n-worker'];
const POSTGRES_PORT = 5432; // the postgres image's
const REDIS_PORT = 6379; // the redis image's

describe('deploy/docker-compose.yml', () => {
	it('runs n8n as one main process and two workers', () => {
		assert.equal(service('n8n').command, undefined, 'the main process runs `n8n` (start)');
		assert.equal(service('n8n-worker').command, 'worker');
		assert.equal(service('n8n-worker').deploy?.replicas, 2);
	});

	it('gives the main process and the workers the queue-mode settings of the e2e harness', () => {
		const postgres = environmentOf(service('postgres'));
		const expected = queueModeEnv(
			{
				host: 'postgres',
				port: POSTGRES_PORT,
				database: postgres.POSTGRES_DB,
				user: postgres.POSTGRES_USER,
				password: postgres.POSTGRES_PASSWORD,
			},
			{ host: 'redis', port: REDIS_PORT },
		);
		assert.ok(service('redis').image?.startsWith('redis:'), 'the redis service runs Redis');
		assert.ok(
			service('postgres').image?.startsWith('postgres:'),
			'the postgres service runs PostgreSQL',
		);
		for (const name of N8N_SERVICES) {
			const environment = environmentOf(service(name));
			for (const [key, value] of Object.entries(expected))
				assert.equal(environment[key], value, `${name}: ${key}`);
		}
	});

	it('makes every secret a required setting, and gives every n8n process the same key', () => {
		const required = (variable: string) => new RegExp(`^\\$\\{${variable}:\\?[^}]+\\}$`);
		assert.match(
			environmentOf(service('postgres')).POSTGRES_PASSWORD,
			required('POSTGRES_PASSWORD'),
		);
		const [main, worker] = N8N_SERVICES.map((name) => environmentOf(service(name)));
		assert.match(main.N8N_ENCRYPTION_KEY, required('N8N_ENCRYPTION_KEY'));
		assert.equal(worker.N8N_ENCRYPTION_KEY, main.N8N_ENCRYPTION_KEY);
	});

	it(`builds n8n from deploy/Dockerfile, tagged with the newest pinned n8n (${newestN8n})`, () => {
		for (const name of N8N_SERVICES) {
			const { build, image } = service(name);
			const context = typeof build === 'string' ? build : build?.context;
			const file = (typeof build === 'object' && build.dockerfile) || 'Dockerfile';
			assert.ok(context, `${name} is built here`);
			assert.equal(resolve(DEPLOY, context, file), join(DEPLOY, 'Dockerfile'));
			assert.equal(image, `n8n-browser-agent:${newestN8n}`, `${name}: image`);
		}
	});

	it(`runs a Playwright server of the installed playwright (${playwrightVersion})`, () => {
		const browser = service('browser');
		assert.equal(browser.image, `mcr.microsoft.com/playwright:v${playwrightVersion}-noble`);
		const command = Array.isArray(browser.command) ? browser.command.join(' ') : browser.command;
		const server = /\bplaywright@(\S+) run-server\b.*--port (\d+)/.exec(command ?? '');
		assert.ok(server, `the browser service runs \`playwright run-server --port …\`: ${command}`);
		assert.equal(server[1], playwrightVersion, 'the server is the client’s version');
		assert.match(command!, /--host 0\.0\.0\.0\b/, 'it listens beyond its own container');
		const port = server[2];

		for (const name of N8N_SERVICES) {
			const environment = environmentOf(service(name));
			assert.equal(
				environment[BROWSER_CONNECTION_ENV],
				'playwright',
				`${name}: ${BROWSER_CONNECTION_ENV}`,
			);
			// Read as the node reads it: a Playwright server on the browser service's port.
			const connection = browserConnectionFromEnvironment(environment);
			assert.equal(connection?.mode, 'playwright', `${name}: ${BROWSER_ENDPOINT_ENV}`);
			const endpoint = new URL(connection.wsEndpoint);
			assert.equal(endpoint.protocol, 'ws:');
			assert.equal(endpoint.hostname, 'browser');
			assert.equal(endpoint.port, port);
		}
	});

	it('keeps its data in named volumes', () => {
		const declared = Object.keys(compose.volumes ?? {});
		const mounted = (name: string) =>
			(service(name).volumes ?? []).map((volume) => volume.split(':').slice(0, 2));
		assert.deepEqual(mounted('postgres'), [['postgres_data', '/var/lib/postgresql/data']]);
		for (const name of N8N_SERVICES)
			assert.deepEqual(mounted(name), [['browser_agent_data', '/home/node/.n8n/browser-agent']]);
		assert.deepEqual(declared.sort(), ['browser_agent_data', 'postgres_data']);
	});
});

describe('deploy/Dockerfile', () => {
	/** The instructions of the final stage (after the last FROM), continuation lines joined. */
	const instructions = dockerfile
		.replace(/\\\n/g, ' ')
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line && !line.startsWith('#'));
	const lastFrom = instructions.findLastIndex((line) => /^FROM\s/i.test(line));
	const finalStage = instructions.slice(lastFrom);

	it(`starts from the official n8n image of the newest pinned n8n (${newestN8n})`, () => {
		assert.equal(finalStage[0], `FROM n8nio/n8n:${newestN8n}`);
	});

	it(`points ${EXECUTABLE_PATH_ENV} at the Chromium it installs`, () => {
		const env = finalStage
			.filter((line) => /^ENV\s/i.test(line))
			.map((line) => /^ENV\s+([A-Z0-9_]+)[=\s](\S+)$/i.exec(line)?.slice(1, 3));
		assert.deepEqual(env, [[EXECUTABLE_PATH_ENV, '/usr/bin/chromium-browser']]);
		assert.ok(
			finalStage.some((line) => /^RUN\s.*\bapk\.static add\b.*\schromium\s/.test(line)),
			'Chromium comes from Alpine’s package',
		);
	});

	it(`installs ${ourPackage.name} ${ourPackage.version} where n8n loads community packages`, () => {
		assert.ok(
			finalStage.includes(`ARG BROWSER_AGENT_VERSION=${ourPackage.version}`),
			'the package version is package.json’s',
		);
		const at = finalStage.indexOf('WORKDIR /home/node/.n8n/nodes');
		assert.ok(at > 0, 'the package goes to ~/.n8n/nodes');
		assert.match(
			finalStage.slice(at).join('\n'),
			new RegExp(
				`^RUN npm install --ignore-scripts .*"${ourPackage.name}@\\$\\{BROWSER_AGENT_VERSION\\}"`,
				'm',
			),
		);
	});

	it('runs as the node user, as the n8n image does', () => {
		const users = finalStage.filter((line) => /^USER\s/i.test(line));
		assert.equal(users.at(-1), 'USER node');
	});
});
