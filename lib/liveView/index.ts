export { LiveLinks, type LiveLink, type LiveLinkOptions, type LiveRequest } from './links';
export { LiveViewServer, type LiveViewServerOptions } from './server';
export type { LiveTarget } from './frames';
export { liveInputSchema, type LiveInput } from './input';
export { pickAt, type PickedElement } from './picker';
export { LiveViews, type HumanWaitResult } from './liveViews';
