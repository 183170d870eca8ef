import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths pino blanks out wherever they appear in a log line. */
export const REDACTED_PATHS = [
	'input.value',
	'input.password',
	'*.headers.authorization',
	'*.headers.Authorization',
	'*.headers.cookie',
	'*.headers.Cookie',
	'headers.authorization',
	'headers.cookie',
];

/**
 * The runner's logger: pino writing NDJSON to stderr, quiet by default (level `warn`,
 * or $BROWSER_AGENT_LOG_LEVEL) so it does not flood n8n's own log.
 */
export function createLogger(options: { level?: string } = {}): Logger {
	return pino(
		{
			name: 'browser-agent',
			level: options.level ?? process.env.BROWSER_AGENT_LOG_LEVEL ?? 'warn',
			redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
			base: undefined,
		},
		pino.destination({ dest: 2, sync: false }),
	);
}
