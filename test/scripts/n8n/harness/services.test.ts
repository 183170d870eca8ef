// The throwaway PostgreSQL and Redis of the queue-mode test: each answers on its own free port on
// 127.0.0.1 (PostgreSQL with n8n's password login over TCP, as n8n connects), and stop() leaves
// neither a process nor its folder behind.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import {
	postgresBinaries,
	startPostgres,
	startRedis,
} from '../../../../scripts/n8n/harness/services';
import { eventually, processesMentioning } from '../../../helpers/processes';

/** One Redis command over plain TCP; resolves to the first line of the answer. */
function redisCommand(port: number, command: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = connect(port, '127.0.0.1', () => socket.write(`${command}\r\n`));
		let answer = '';
		socket.on('data', (chunk) => {
			answer += chunk.toString();
			if (!answer.includes('\r\n')) return;
			socket.destroy();
			resolve(answer.split('\r\n')[0]);
		});
		socket.once('error', reject);
	});
}

describe('throwaway servers for queue mode', () => {
	it('PostgreSQL: n8n logs in over TCP with its password, and a wrong one is refused', async () => {
		const postgres = await startPostgres();
		const query = (password: string) =>
			spawnSync(
				postgresBinaries().psql,
				[
					'-h',
					postgres.host,
					'-p',
					String(postgres.port),
					'-U',
					postgres.user,
					'-d',
					postgres.database,
					'-qAtc',
					'SELECT current_user, current_database()',
				],
				{ encoding: 'utf8', env: { ...process.env, PGPASSWORD: password } },
			);
		try {
			const answer = query(postgres.password);
			assert.equal(answer.status, 0, answer.stderr);
			assert.equal(answer.stdout.trim(), `${postgres.user}|${postgres.database}`);
			assert.notEqual(query('wrong').status, 0);
		} finally {
			await postgres.stop();
		}
		assert.equal(existsSync(postgres.directory), false, 'its folder is removed');
		await eventually(
			() => processesMentioning(postgres.directory).length === 0,
			'no postgres process of it is left',
		);
	});

	it('Redis: answers PING and keeps what it is told, until stop()', async () => {
		const redis = await startRedis();
		try {
			assert.equal(await redisCommand(redis.port, 'PING'), '+PONG');
			assert.equal(await redisCommand(redis.port, 'SET greeting hello'), '+OK');
			assert.equal(await redisCommand(redis.port, 'GET greeting'), '$5');
		} finally {
			await redis.stop();
		}
		assert.equal(existsSync(redis.directory), false, 'its folder is removed');
		await assert.rejects(redisCommand(redis.port, 'PING'), 'nothing listens on its port');
	});
});
