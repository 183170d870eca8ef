import { defineAction } from './action';
import { checkInput, setChecked } from './check';

export const uncheck = defineAction({
	name: 'uncheck',
	description:
		'Untick a checkbox (nothing happens if it already is unticked). Returns the checked state.',
	retryable: true,
	input: checkInput,
	run: (context, { force, ...target }) => setChecked(context, target, false, force),
});
