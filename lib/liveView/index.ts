export { LiveLinks, type LiveLink, type LiveLinkOptions, type LiveRequest } from './links';
export { LiveViewServer, type LiveViewServerOptions } from './server';
export type { LiveTarget } from './frames';
export { liveInputSchema, type LiveInput } from './input';
export { pickAt, type PickedElement } from './picker';
export { LiveViews, type HumanWaitResult } from './liveViews';
export { sharedLiveViews } from './shared';
export {
	LiveRecorder,
	FILE_NOTE,
	PASSWORD_NOTE,
	type RecordedStep,
	type Recording,
} from './recorder';
export { ParkedWaits, pressDoneAt, type ParkedWait } from './parkedWaits';
export {
	LIVE_VIEW_HOST_ENV,
	LIVE_VIEW_PORT_ENV,
	LIVE_VIEW_URL_ENV,
	liveViewServerOptionsFromEnvironment,
} from './server';
