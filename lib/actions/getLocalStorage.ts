import { defineAction } from './action';
import { readWebStorage } from './support/webStorage';

export const getLocalStorage = defineAction({
	name: 'getLocalStorage',
	description:
		'Read the localStorage and sessionStorage of the current page’s site (origin), each as an object of key → text value. In a frame the flow switched into, the frame’s site.',
	retryable: true,
	input: {},
	async run(context) {
		const snapshot = await readWebStorage(context);
		return {
			result: {
				...snapshot,
				localStorageCount: Object.keys(snapshot.localStorage).length,
				sessionStorageCount: Object.keys(snapshot.sessionStorage).length,
			},
		};
	},
});
