import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { LiveFrames, type LiveTarget } from './frames';
import { inputKind, liveInputSchema, playInput } from './input';
import { pickAt } from './picker';
import { viewerPage } from './viewer';
import type { LiveRecorder } from './recorder';

export interface LiveLinkOptions {
	/** The person's clicks, typing and scrolling go to the page; otherwise they only watch. */
	interactive: boolean;
	/** When the link dies by itself (epoch ms); it dies earlier on revoke() or Done. */
	expiresAt?: number;
	/** Shows a Done button; called once when the person presses it. */
	onDone?: () => void;
	/** Shown above the view, e.g. what the person is asked to do. */
	title?: string;
	/** Offers Record (interactive links only): what the person does becomes steps here. */
	recorder?: LiveRecorder;
}

/** One live-view link: an unguessable token for one target, until it ends. */
export interface LiveLink {
	readonly token: string;
	readonly options: LiveLinkOptions;
	readonly ended: boolean;
}

/** What the viewer page sends: the path after the link (`frames`, `input`…), the method, a parsed JSON body. */
export interface LiveRequest {
	method: string;
	/** '' for the page itself, else one of frames, state, input, pick, done. */
	subpath: string;
	body?: unknown;
}

const pickSchema = z.object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) });
const recordSchema = z.object({ on: z.boolean() });
const FRAME_BOUNDARY = 'live-frame';

/** The flow kept the page busy with its own step for longer than a person's input may wait. */
export class LiveViewBusy extends Error {}

interface LinkState extends LiveLink {
	target: LiveTarget;
	frames: LiveFrames;
	ended: boolean;
	endedBecause?: string;
	expiry?: NodeJS.Timeout;
	/** Open frame streams, closed when the link ends. */
	streams: Set<ServerResponse>;
	/** The person's input so far, played one event after another. */
	inputs: Promise<unknown>;
}

/**
 * The live-view links of a process and what their viewer page asks: frames (MJPEG), the page's
 * state, a person's input, the picker, Done. It serves requests handed to it by any HTTP server
 * (its own on loopback, or n8n's webhook), so the view works behind whatever URL n8n has.
 */
export class LiveLinks {
	private readonly links = new Map<string, LinkState>();
	private readonly framesByTarget = new WeakMap<LiveTarget, LiveFrames>();

	create(target: LiveTarget, options: LiveLinkOptions): LiveLink {
		const token = randomBytes(24).toString('base64url');
		let frames = this.framesByTarget.get(target);
		if (!frames) {
			frames = new LiveFrames(target);
			this.framesByTarget.set(target, frames);
		}
		const link: LinkState = {
			token,
			options,
			target,
			frames,
			ended: false,
			streams: new Set(),
			inputs: Promise.resolve(),
		};
		if (options.expiresAt !== undefined) {
			link.expiry = setTimeout(
				() => this.end(link, 'expired'),
				Math.max(0, options.expiresAt - Date.now()),
			);
			link.expiry.unref();
		}
		this.links.set(token, link);
		return link;
	}

	/** Ends a link: its page says so, its streams close, its input is refused. */
	revoke(token: string, because = 'ended'): void {
		const link = this.links.get(token);
		if (link) this.end(link, because);
	}

	/** Ends every link of a target (its session closed). */
	revokeTarget(target: LiveTarget, because = 'the session ended'): void {
		for (const link of this.links.values()) if (link.target === target) this.end(link, because);
	}

	/** Done, as if the person pressed it: false when the link has no Done or has ended. */
	pressDone(token: string): boolean {
		const link = this.links.get(token);
		if (!link?.options.onDone || link.ended) return false;
		link.options.onDone();
		this.end(link, 'Done was pressed');
		return true;
	}

	/** Answers one request of the viewer; `token` comes from the URL. */
	async handle(token: string, request: LiveRequest, response: ServerResponse): Promise<void> {
		const link = this.links.get(token);
		const { method, subpath } = request;
		if (!link)
			return reply(response, 404, {
				error: 'No live view here: the link is wrong, or its session is long gone.',
			});
		if (subpath === '' && method === 'GET')
			return html(response, viewerPage(link.options.title ?? 'Live view'));
		if (subpath === 'state' && method === 'GET') return this.state(link, response);
		if (link.ended)
			return reply(response, 410, {
				error: `This live view has ended (${link.endedBecause}).`,
				ended: true,
			});
		if (subpath === 'frames' && method === 'GET') return this.stream(link, response);
		if (method !== 'POST')
			return reply(response, 405, { error: `${method} ${subpath} is not part of the live view.` });
		try {
			if (subpath === 'input') return await this.input(link, request.body, response);
			if (subpath === 'pick') {
				const point = pickSchema.parse(request.body);
				const page = await link.target.currentPage();
				return reply(response, 200, {
					picked: page ? ((await pickAt(page, point.x, point.y)) ?? null) : null,
				});
			}
			if (subpath === 'record') return await this.record(link, request.body, response);
			if (subpath === 'done') {
				if (!this.pressDone(token))
					return reply(response, 404, { error: 'This live view has no Done.' });
				return reply(response, 200, { ended: true });
			}
		} catch (error) {
			if (error instanceof z.ZodError)
				return reply(response, 400, { error: z.prettifyError(error) });
			return reply(response, 500, {
				error: error instanceof Error ? error.message : String(error),
			});
		}
		return reply(response, 404, { error: `${subpath} is not part of the live view.` });
	}

	private async state(link: LinkState, response: ServerResponse): Promise<void> {
		const page = link.ended ? undefined : await link.target.currentPage().catch(() => undefined);
		reply(response, 200, {
			ended: link.ended,
			...(link.ended && { endedBecause: link.endedBecause }),
			interactive: link.options.interactive,
			done: Boolean(link.options.onDone),
			recordable: Boolean(link.options.recorder),
			recording: link.options.recorder?.recording ?? false,
			steps: link.options.recorder?.stepCount ?? 0,
			url: page && !page.isClosed() ? page.url() : '',
			title: page && !page.isClosed() ? await page.title().catch(() => '') : '',
		});
	}

	private async input(link: LinkState, body: unknown, response: ServerResponse): Promise<void> {
		if (!link.options.interactive)
			return reply(response, 403, { error: 'This live view is view-only.' });
		const input = liveInputSchema.parse(body);
		// Played in arrival order, one at a time, whatever the viewer sends at once.
		const played = link.inputs.then(async () => {
			// A click in the middle of the flow's own step would race it: it waits for the step to end.
			await link.target.untilIdle?.();
			const page = await link.target.currentPage();
			if (!page || page.isClosed()) return false;
			await link.options.recorder?.before(page, input);
			await playInput(page, input);
			await link.options.recorder?.after(page, input);
			link.target.personActed?.(inputKind(input));
			return true;
		});
		link.inputs = played.catch(() => undefined);
		const outcome = await played.catch((error: unknown) =>
			error instanceof LiveViewBusy ? error : Promise.reject(error),
		);
		if (outcome instanceof LiveViewBusy) return reply(response, 409, { error: outcome.message });
		if (!outcome) return reply(response, 409, { error: 'The session has no open tab.' });
		reply(response, 200, { ok: true });
	}

	private async record(link: LinkState, body: unknown, response: ServerResponse): Promise<void> {
		const { recorder, interactive } = link.options;
		if (!recorder || !interactive)
			return reply(response, 403, { error: 'This live view does not record.' });
		const { on } = recordSchema.parse(body);
		// After the input already sent, in its order.
		const switched = link.inputs.then(async () => {
			const page = await link.target.currentPage();
			if (on && page && !page.isClosed()) await recorder.start(page);
			else if (!on) await recorder.stop();
		});
		link.inputs = switched.catch(() => undefined);
		await switched;
		reply(response, 200, { recording: recorder.recording, steps: recorder.stepCount });
	}

	private stream(link: LinkState, response: ServerResponse): void {
		response.writeHead(200, {
			'Content-Type': `multipart/x-mixed-replace; boundary=${FRAME_BOUNDARY}`,
			'Cache-Control': 'no-store',
			Connection: 'close',
		});
		link.streams.add(response);
		// Each part ends with the next boundary: a browser shows a part once its end is seen, so a
		// frame that waited for the next one would show a page that no longer changes one step late.
		response.write(`--${FRAME_BOUNDARY}\r\n`);
		const unwatch = link.frames.watch((jpeg) => {
			response.write(`Content-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
			response.write(jpeg);
			response.write(`\r\n--${FRAME_BOUNDARY}\r\n`);
		});
		response.on('close', () => {
			link.streams.delete(response);
			unwatch();
		});
	}

	private end(link: LinkState, because: string): void {
		if (link.ended) return;
		link.ended = true;
		link.endedBecause = because;
		clearTimeout(link.expiry);
		for (const stream of link.streams) stream.end();
		// Kept a while so its page can still say why it ended, then forgotten.
		setTimeout(() => this.links.delete(link.token), 10 * 60_000).unref();
	}
}

function reply(response: ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
	response.end(JSON.stringify(body));
}

function html(response: ServerResponse, page: string): void {
	response.writeHead(200, {
		'Content-Type': 'text/html; charset=utf-8',
		'Cache-Control': 'no-store',
		// The page loads nothing from elsewhere; say so to the browser too.
		'Content-Security-Policy':
			"default-src 'none'; img-src 'self' blob:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'",
	});
	response.end(page);
}
