// ESLint flat config for n8n-nodes-browser-agent.
//
// Follows what `@n8n/node-cli` generates for n8n-nodes-starter projects: ESLint and
// typescript-eslint recommended rules, n8n's
// `@n8n/eslint-plugin-community-nodes` recommended config, and the node/credential rules
// of `eslint-plugin-n8n-nodes-base`. Every rule switched off below says why.
import eslint from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { defineConfig, globalIgnores } from 'eslint/config';
import n8nNodesPlugin from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const communityNodes = n8nCommunityNodesPlugin.configs.recommended;

const NO_N8N_IN_LIB = {
	regex: '^n8n-(workflow|core)(/|$)',
	message: 'lib/ is the n8n-free runner library; n8n types belong in nodes/ and credentials/.',
};
const NO_RUNNER_IN_ACTIONS = {
	regex: '(^|/)runner(/|$)',
	message:
		'Actions and the policy must not import lib/runner: the runner imports them. Move what both need to lib/ (e.g. lib/policy, lib/dataDir).',
};
const NO_RUNTIME_IN_MIGRATE = {
	regex: '(^|/)(lib|nodes|credentials)(/|$)|^(playwright|puppeteer-core)(/|$)',
	message:
		'migrate/ converts workflow JSON on its own: importing the runner or the node would load Playwright (and n8n) into a command-line tool.',
};
const NO_TEST_IN_TOOLS = {
	regex: '(^|/)test(/|$)',
	message:
		'scripts/ and bench/ must not import test helpers; move shared code to lib/ or scripts/.',
};

export default defineConfig(
	globalIgnores(['dist', 'node_modules', '.runtime', '.test-output']),
	{
		files: ['**/*.ts'],
		// Not import-x (node-cli has it): its resolver pulls platform binaries this project's registry
		// lacks, which breaks `npm ci`; TypeScript already checks every import.
		extends: [eslint.configs.recommended, tseslint.configs.recommended, communityNodes],
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
			// `const { dropped: _dropped, ...rest } = obj` is how the code omits a key from a copy.
			'@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
		},
	},
	{
		plugins: { 'n8n-nodes-base': n8nNodesPlugin },
	},
	{
		// Not part of `npm run lint`; run `npx eslint package.json` to check the package manifest.
		files: ['package.json'],
		extends: [communityNodes],
		rules: {
			...n8nNodesPlugin.configs.community.rules,
			// Browser Agent drives a real browser: it needs playwright at run time, plus zod, pino,
			// tmp, p-retry and undici. n8n's rule is meant for nodes verified for n8n Cloud, which
			// this node cannot be (it launches or connects to Chromium), so it has runtime dependencies.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.credentials.rules,
			// Off as in @n8n/node-cli: documentationUrl may be a full URL, and its format is
			// checked by @n8n/community-nodes/credential-documentation-url instead.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// Off as in @n8n/node-cli: guesses "sensitive" fields by name; credential-password-field
			// of @n8n/community-nodes checks password fields instead.
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.nodes.rules,
			// Off as in @n8n/node-cli: these two want the old string form `['main']`, while
			// n8n-workflow 2 nodes use `[NodeConnectionTypes.Main]`.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// Off as in @n8n/node-cli: `maxValue` is a valid typeOptions key (e.g. Retries: 0–10).
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{
		// lib/ is the browser runner: it must not import n8n-workflow, and it is what drives the browser.
		files: ['lib/**/*.ts'],
		rules: {
			// These two are n8n Cloud restrictions (only n8n-workflow may be imported; no process,
			// setTimeout/clearTimeout, globalThis…). A browser-automation runner needs playwright,
			// node:fs/path/events/timers, its own timers for deadlines and idle timeouts, process.env
			// for configuration and a process-wide session pool on globalThis. The node is for
			// self-hosted n8n only, so they are off here; nodes/ and credentials/ still follow them.
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-restricted-globals': 'off',
			// NodeApiError/NodeOperationError come from n8n-workflow, which lib/ must not import.
			// lib/ throws its structured BrowserAgentError (code, advice, context); the node's router
			// turns it into a NodeOperationError.
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
	// Layers (the rule lives here, not in a hook; Playwright's DEPS.list is the model):
	//   lib/ is a library anyone can use without n8n;
	//   lib/actions and lib/policy see a page and a policy, never the pool that runs them (lib/runner);
	//   scripts/ and bench/ are tools, not tests, and must not depend on test helpers.
	{
		files: ['lib/**/*.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns: [NO_N8N_IN_LIB] }] },
	},
	{
		files: ['lib/actions/**/*.ts', 'lib/policy/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [NO_N8N_IN_LIB, NO_RUNNER_IN_ACTIONS] }],
		},
	},
	{
		files: ['scripts/**/*.ts', 'bench/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [NO_TEST_IN_TOOLS] }],
			// Command-line tools of this repository, never part of the package: they print, read
			// process.env and spawn processes; n8n's Cloud rules for node code do not apply.
			'no-console': 'off',
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
		},
	},
	{
		// migrate/ is the converter behind `npx n8n-nodes-browser-agent migrate`: it reads workflow
		// JSON and must run without n8n and without starting a browser.
		files: ['migrate/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [NO_N8N_IN_LIB, NO_RUNTIME_IN_MIGRATE] }],
		},
	},
	{
		// The converter's command line: it reads and writes files, prints and sets the exit code, in
		// the user's shell, not in n8n, so n8n's Cloud rules for node code do not apply.
		files: ['migrate/cli.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
	{
		// The action registry holds actions of different zod input shapes and result types, so these
		// two files type them as ActionDefinition<any, any>; inputs are validated by zod at the boundary.
		files: ['lib/actions/index.ts', 'lib/runner/session.ts'],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
		},
	},
);
