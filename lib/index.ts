/**
 * Browser Agent runner: a per-process pool of Playwright sessions and the atomic browser
 * actions they run. Knows nothing of n8n; the n8n node is one client of it.
 */
export * from './errors';
export * from './actions';
export {
	SessionPool,
	DEFAULT_SESSION_NAME,
	type SessionKey,
	type PoolOptions,
	type OpenRequest,
	type OpenResult,
	type SessionEnvironment,
} from './runner/pool';
export {
	Session,
	type SessionState,
	type EndState,
	type ActionRun,
	type ActionCall,
	type ActionRecord,
	type SessionStatus,
} from './runner/session';
export {
	sessionOptionsSchema,
	httpCredentialsSchema,
	SESSION_PERMISSIONS,
	BLOCKABLE_RESOURCE_TYPES,
	type SessionOptions,
	type SessionOptionsInput,
	type HttpCredentials,
	type HttpCredentialsInput,
} from './runner/sessionOptions';
export {
	BrowserManager,
	browserConnectionSchema,
	findExecutable,
	findHeadlessShell,
	localLaunchArguments,
	browserConnectionFromEnvironment,
	checkBrowserConnection,
	splitEndpoints,
	fleetMembers,
	DEFAULT_ENDPOINT_COOLDOWN_MS,
	redactUrl,
	EXECUTABLE_PATH_ENV,
	HEADLESS_SHELL_PATH_ENV,
	BROWSER_ENDPOINT_ENV,
	BROWSER_CONNECTION_ENV,
	PUPPETEER_ENDPOINT_ENVS,
	BROWSER_IDLE_MS_ENV,
	DEFAULT_BROWSER_IDLE_MS,
	MAX_BROWSER_IDLE_MS,
	browserIdleMsFromEnvironment,
	RECYCLE_BROWSER_AFTER_CONTEXTS_ENV,
	RECYCLE_BROWSER_AFTER_MS_ENV,
	DEFAULT_RECYCLE_BROWSER_AFTER_CONTEXTS,
	DEFAULT_RECYCLE_BROWSER_AFTER_MS,
	recycleBrowserAfterContextsFromEnvironment,
	recycleBrowserAfterMsFromEnvironment,
	type BrowserConnection,
	type BrowserConnectionInput,
	type BrowserCheck,
} from './runner/browsers';
export { createLogger } from './runner/logger';
export { sharedPool, prelaunchSharedBrowser, PRELAUNCH_ENV } from './runner/sharedPool';
export {
	installExitCleanup,
	DEFAULT_EXIT_GRACE_MS,
	EXIT_SIGNALS,
	type ExitCleanupOptions,
	type ClosablePool,
} from './runner/exit';
export { removeLeftovers, removeOwnLeftoversSync, type LeftoverOptions } from './runner/leftovers';
export {
	runSteps,
	stepsSchema,
	type StepInput,
	type StepResult,
	type StepsRun,
} from './runner/steps';
export {
	decodeBase32,
	freshTotp,
	hotp,
	totp,
	totpSettingsSchema,
	TOTP_ALGORITHMS,
	type TotpAlgorithm,
	type TotpCode,
	type TotpSettingsInput,
} from './secrets/totp';
export {
	siteLoginValue,
	SITE_LOGIN_PARTS,
	type SiteLogin,
	type SiteLoginPart,
} from './secrets/siteLogin';
export {
	getTimeline,
	renderTimelineHtml,
	type Timeline,
	type TimelineRow,
	type TimelineRequest,
} from './runner/audit/timeline';
export {
	auditSettingsSchema,
	type AuditSettings,
	type AuditSettingsInput,
} from './runner/audit/settings';
export {
	BLANK_PAGE_URL,
	failureOfRun,
	failurePage,
	failureScreenshot,
	failureScreenshotFile,
	type FailurePage,
} from './runner/failure';
export { ON_TIMEOUT, type OnTimeout } from './actions/action';
export { DATA_DIR_ENV, dataDirectory } from './dataDir';
export {
	captureLogin,
	DEFAULT_KEPT_LOGIN_MAX_AGE_MS,
	KeptLogins,
	keptLoginsFromEnvironment,
	type KeptLogin,
	type KeptLoginsOptions,
} from './runner/keptLogins';
export {
	policySchema,
	parsePolicy,
	judgeUrl,
	hostMatches,
	DEFAULT_POLICY,
	DEFAULT_QUOTAS,
	URL_SCHEMES,
	type SessionPolicy,
	type PolicyInput,
	type UrlScheme,
} from './policy/policy';
export { PolicyGuard, type PolicyBlockCount } from './runner/policy/guard';
export {
	SessionQuotas,
	MAX_SESSIONS_ENV,
	DEFAULT_MAX_SESSIONS_PER_PROCESS,
} from './runner/policy/quotas';
export {
	SharedQuotaStore,
	sharedQuotaSettingsSchema,
	sharedQuotaSettingsFromEnvironment,
	QUEUE_REDIS_ENVS,
	type SharedQuotaSettings,
	type SharedQuotaSettingsInput,
	type RedisConnectionInput,
} from './runner/policy/sharedQuotas';
export {
	act,
	actOptionsSchema,
	runTask,
	taskOptionsSchema,
	type ActOptions,
	type TaskOptions,
	type TaskResult,
	type TaskStep,
} from './agent/task';
export {
	extractOptionsSchema,
	extractWithModel,
	type ExtractOptions,
	type ExtractResult,
} from './agent/extract';
export type { ChatModel, ModelRole } from './agent/conversation';
export type { ChatMessage } from './agent/prompts';
export { TASK_ACTIONS } from './agent/taskActions';
export {
	scriptModulesFromEnvironment,
	scriptStdout,
	type PuppeteerScriptHost,
	type ScriptModules,
} from './puppeteer/script';
export * from './liveView';
