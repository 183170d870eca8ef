import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostMatches, judgeUrl, parsePolicy, PolicyGuard } from '../../../lib';

describe('policy: host patterns and URL checks', () => {
	it('matches exact hosts, subdomain wildcards and any host', () => {
		assert.equal(hostMatches('example.com', 'example.com'), true);
		assert.equal(hostMatches('example.com', 'www.example.com'), false);
		assert.equal(hostMatches('*.example.com', 'a.b.example.com'), true);
		assert.equal(hostMatches('*.example.com', 'example.com'), false);
		assert.equal(hostMatches('*.example.com', 'evilexample.com'), false);
		assert.equal(hostMatches('*', '10.0.0.5'), true);
	});

	it('normalises patterns: case, URLs, ports, trailing dots and unicode names', () => {
		const policy = parsePolicy({
			allowedDomains: [' HTTPS://Portal.Example.com:8443/login ', 'bücher.de.', '*.Example.org'],
		});
		assert.deepEqual(policy.allowedDomains, [
			'portal.example.com',
			'xn--bcher-kva.de',
			'*.example.org',
		]);
		const error = (() => {
			try {
				parsePolicy({ blockedDomains: ['not a host'] });
			} catch (caught) {
				return caught as { code: string; field: string; message: string };
			}
		})();
		assert.equal(error?.code, 'INVALID_INPUT');
		assert.equal(error?.field, 'blockedDomains.0');
	});

	it('judges the host the browser would really contact', () => {
		const policy = parsePolicy({
			allowedDomains: ['portal.example.com'],
			blockedDomains: ['127.0.0.1'],
		});
		assert.deepEqual(
			judgeUrl(policy, 'https://PORTAL.example.com./x'),
			{ allowed: true },
			'trailing dot and case',
		);
		assert.equal(
			judgeUrl(policy, 'https://portal.example.com@evil.com/').allowed,
			false,
			'user info is not the host',
		);
		assert.deepEqual(
			judgeUrl(policy, 'http://2130706433/'),
			{ allowed: false, reason: 'host', host: '127.0.0.1', rule: 'blocked' },
			'numeric IPv4',
		);
		assert.equal(
			judgeUrl(policy, 'wss://evil.com/socket').allowed,
			false,
			'WebSockets follow the host rules',
		);
		assert.deepEqual(judgeUrl(policy, 'about:blank'), { allowed: true }, 'new tabs start there');
		assert.deepEqual(judgeUrl(policy, 'blob:https://portal.example.com/5c1e'), { allowed: true });
		assert.equal(judgeUrl(policy, 'blob:https://evil.com/5c1e').allowed, false);
	});

	it('allows http and https only by default', () => {
		const policy = parsePolicy(undefined);
		for (const url of [
			'file:///etc/passwd',
			'data:text/html,<h1>x</h1>',
			'javascript:alert(1)',
			'chrome://version',
			'about:version',
			'view-source:https://a.com',
			'mailto:a@b.c',
		]) {
			const verdict = judgeUrl(policy, url);
			assert.equal(verdict.allowed, false, url);
			assert.equal(verdict.allowed === false && verdict.reason, 'scheme', url);
		}
		assert.equal(judgeUrl(policy, 'https://anything.example/').allowed, true);
		assert.equal(
			judgeUrl(parsePolicy({ allowedSchemes: ['https', 'data'] }), 'data:text/plain,hi').allowed,
			true,
		);
		assert.equal(
			judgeUrl(parsePolicy({ allowedSchemes: ['https'] }), 'http://a.com/').allowed,
			false,
		);
		assert.equal(
			judgeUrl(parsePolicy({ allowedSchemes: ['https', 'javascript'] }), 'javascript:1').allowed,
			false,
			'javascript: also needs custom script',
		);
		assert.equal(
			judgeUrl(
				parsePolicy({ allowedSchemes: ['https', 'javascript'], allowCustomScript: true }),
				'javascript:1',
			).allowed,
			true,
		);
	});

	it('has safe defaults', () => {
		const policy = parsePolicy(undefined);
		assert.deepEqual(policy.allowedSchemes, ['http', 'https']);
		assert.equal(policy.allowCustomScript, false);
		assert.deepEqual(
			[policy.maxConcurrentSessions, policy.maxActionsPerSession, policy.maxActionsPerMinute],
			[undefined, 10_000, 600],
			'sessions: only the process limit',
		);
	});
});

describe('policy: action quotas', () => {
	it('counts actions per session', () => {
		const guard = new PolicyGuard(parsePolicy({ maxActionsPerSession: 2 }));
		guard.beforeAction();
		guard.beforeAction();
		assert.throws(() => guard.beforeAction(), {
			code: 'QUOTA_EXCEEDED',
			message: /2 actions, its limit \(Max Actions per Session\)/,
		});
	});

	it('counts actions over the last minute, and lets them through again once it has passed', () => {
		let now = 1_000_000;
		const guard = new PolicyGuard(parsePolicy({ maxActionsPerMinute: 2 }), () => now);
		guard.beforeAction();
		now += 30_000;
		guard.beforeAction();
		assert.throws(() => guard.beforeAction(), {
			code: 'QUOTA_EXCEEDED',
			message: /2 actions in the last minute, its limit \(Max Actions per Minute\)/,
		});
		now += 30_001;
		guard.beforeAction();
		assert.throws(() => guard.beforeAction(), { code: 'QUOTA_EXCEEDED' });
	});
});
