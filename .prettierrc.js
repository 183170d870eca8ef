// The settings of n8n's node starter (n8n-io/n8n-nodes-starter), so this package reads like
// other n8n nodes. Option reference: https://prettier.io/docs/options
module.exports = {
	semi: true,
	trailingComma: 'all',
	bracketSpacing: true,
	useTabs: true,
	tabWidth: 2,
	arrowParens: 'always',
	singleQuote: true,
	quoteProps: 'as-needed',
	endOfLine: 'lf',
	printWidth: 100,
};
