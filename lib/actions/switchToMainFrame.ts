import type { Frame } from 'playwright';
import { defineAction } from './action';
import { frameInfo } from './support/frames';

export const switchToMainFrame = defineAction({
	name: 'switchToMainFrame',
	description:
		'Leave the frame that Switch Frame entered: later element actions work on the page itself again.',
	retryable: true,
	input: {},
	async run(context) {
		const left = context.scope === context.page ? null : frameInfo(context.scope as Frame);
		context.session.useFrame(undefined);
		context.scope = context.page;
		return { result: { left } };
	},
});
