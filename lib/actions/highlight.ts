import { z } from 'zod';
import { defineAction, elementTarget, locate } from './action';

/** The overlay's id in the page; it lives in the document, so the next navigation removes it. */
export const HIGHLIGHT_OVERLAY_ID = '__browser-agent-highlights';

export const highlight = defineAction({
	name: 'highlight',
	description:
		'Draw a labelled box around every element the selector matches, for the next screenshot: shows what a selector really hits. The boxes stay until the page navigates.',
	retryable: true,
	input: {
		...elementTarget,
		index: elementTarget.index.describe(
			'Highlight only this match (0 = first). Leave empty to highlight every match.',
		),
		label: z
			.string()
			.trim()
			.max(200)
			.optional()
			.describe(
				'Text written on each box, followed by the match number. Default: the match number only.',
			),
		color: z
			.string()
			.trim()
			.regex(/^(#[0-9a-f]{3,8}|[a-z]{3,30})$/i, 'use a colour like #ff0066 or red')
			.default('#ff0066')
			.describe('Colour of the boxes: #rrggbb or a CSS colour name.'),
		clearPrevious: z
			.boolean()
			.default(false)
			.describe('Remove the boxes of earlier highlights first.'),
	},
	async run(context, { label, color, clearPrevious, ...target }) {
		const matches = locate(context, target);
		// Like other element actions, wait for the (first) element to be there; then mark all current matches.
		await (target.index === undefined ? matches.first() : matches).waitFor({
			state: 'attached',
			timeout: context.timeoutMs,
		});
		const { count, drawn } = await matches.evaluateAll(
			(elements, options) => {
				const document = elements[0]?.ownerDocument ?? window.document;
				let overlay = document.getElementById(options.overlayId);
				if (overlay && options.clearPrevious) overlay.replaceChildren();
				if (!overlay) {
					overlay = document.createElement('div');
					overlay.id = options.overlayId;
					overlay.setAttribute('aria-hidden', 'true');
					overlay.style.cssText =
						'position:absolute;left:0;top:0;width:0;height:0;overflow:visible;pointer-events:none;z-index:2147483647;';
					document.documentElement.appendChild(overlay);
				}
				const view = document.defaultView ?? window;
				let boxes = 0;
				elements.forEach((element, position) => {
					const rect = element.getBoundingClientRect();
					if (rect.width === 0 && rect.height === 0) return;
					const box = document.createElement('div');
					box.style.cssText = [
						'position:absolute',
						`left:${rect.left + view.scrollX - 2}px`,
						`top:${rect.top + view.scrollY - 2}px`,
						`width:${rect.width}px`,
						`height:${rect.height}px`,
						`border:2px solid ${options.color}`,
						`background:color-mix(in srgb, ${options.color} 12%, transparent)`,
						'box-sizing:content-box',
						'pointer-events:none',
					].join(';');
					const tag = document.createElement('span');
					tag.textContent = [options.label, String(options.firstIndex + position)]
						.filter(Boolean)
						.join(' ');
					tag.style.cssText = [
						'position:absolute',
						'left:-2px',
						// Above the box, or inside it when the box touches the top of the page.
						rect.top + view.scrollY < 18 ? 'top:0' : 'bottom:100%',
						`background:${options.color}`,
						'color:#fff',
						'font:bold 11px/1.4 sans-serif',
						'padding:0 4px',
						'white-space:nowrap',
						'border-radius:2px 2px 0 0',
					].join(';');
					box.appendChild(tag);
					overlay.appendChild(box);
					boxes++;
				});
				return { count: elements.length, drawn: boxes };
			},
			{
				overlayId: HIGHLIGHT_OVERLAY_ID,
				color,
				label: label ?? '',
				clearPrevious,
				firstIndex: target.index ?? 0,
			},
		);
		return { result: { count, drawn } };
	},
});
