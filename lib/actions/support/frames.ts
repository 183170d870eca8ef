import type { Frame } from 'playwright';

/** What the frame actions say about a frame. `depth` 1 = an iframe of the page, 2 = an iframe inside that… */
export interface FrameInfo {
	name: string;
	url: string;
	depth: number;
}

export function frameInfo(frame: Frame): FrameInfo {
	let depth = 0;
	for (let parent = frame.parentFrame(); parent; parent = parent.parentFrame()) depth++;
	return { name: frame.name(), url: frame.url(), depth };
}

/** "outer-frame (http://…/inner), inner-frame (…)": the page's frames, for error messages. */
export function describeFrames(frames: Frame[]): string {
	const list = frames
		.filter((frame) => frame.parentFrame())
		.map((frame) => `${frame.name() || '(no name)'} (${frame.url()})`);
	return list.length ? list.join(', ') : 'the page has no frames';
}
