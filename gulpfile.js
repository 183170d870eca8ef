// Copies the icons next to the compiled node and credential, where n8n looks for them
// (`icon: 'file:../../icons/…'` is resolved relative to the built .js file).
const { src, dest, parallel } = require('gulp');

function copyIcons() {
	return src('icons/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/icons'));
}

function copyNodeAssets() {
	return src('nodes/**/*.{png,svg,json}', { encoding: false }).pipe(dest('dist/nodes'));
}

exports['build:icons'] = parallel(copyIcons, copyNodeAssets);
exports.default = exports['build:icons'];
