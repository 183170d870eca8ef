/**
 * The live view's page: self-contained (no CDN, no files), it asks its own URL for frames, state,
 * input, pick and Done, keeping the URL's query (n8n signs resume URLs there).
 */
export function viewerPage(title: string): string {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
	body { margin: 0; font: 14px system-ui, sans-serif; background: #f4f4f5; color: #18181b; }
	header { display: flex; gap: 8px; align-items: center; padding: 8px 12px; background: #fff; border-bottom: 1px solid #e4e4e7; flex-wrap: wrap; }
	header h1 { font-size: 15px; margin: 0 12px 0 0; }
	#where { flex: 1; min-width: 200px; color: #52525b; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
	button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #d4d4d8; background: #fff; cursor: pointer; }
	button[aria-pressed="true"] { background: #dbeafe; border-color: #3b82f6; }
	#done { background: #16a34a; color: #fff; border-color: #15803d; font-weight: 600; }
	main { position: relative; margin: 12px auto; max-width: 1280px; }
	#view { display: block; width: 100%; background: #fff; box-shadow: 0 1px 4px #0002; outline: none; user-select: none; }
	#box { position: absolute; pointer-events: none; border: 2px solid #f97316; background: #f9731622; display: none; }
	#picked { margin: 0 auto 12px; max-width: 1280px; background: #fff; border: 1px solid #e4e4e7; border-radius: 6px; padding: 8px 12px; display: none; }
	#picked code { font: 13px ui-monospace, monospace; background: #f4f4f5; padding: 2px 4px; }
	#ended { margin: 12px auto; max-width: 1280px; padding: 12px; background: #fef3c7; border: 1px solid #f59e0b; border-radius: 6px; display: none; }
</style>
</head>
<body>
<header>
	<h1>${escapeHtml(title)}</h1>
	<span id="where">connecting…</span>
	<span id="mode"></span>
	<button id="pick" aria-pressed="false" title="Point at an element to get its selector">Pick element</button>
	<button id="record" aria-pressed="false" hidden title="Turn what you do into workflow steps">Record</button>
	<span id="steps"></span>
	<button id="done" hidden>Done</button>
</header>
<div id="ended" role="status"></div>
<div id="picked" role="status">
	<div>Selector: <code id="selector"></code> <button id="copy">Copy</button></div>
	<div>Locator: <code id="locator"></code> · <span id="matches"></span></div>
</div>
<main>
	<img id="view" alt="The browser session's page, live" tabindex="0">
	<div id="box"></div>
</main>
<script>
(() => {
	const base = location.pathname.replace(/\\/$/, '');
	const url = (part) => base + '/' + part + location.search;
	const view = document.getElementById('view');
	const box = document.getElementById('box');
	const pickButton = document.getElementById('pick');
	let interactive = false, picking = false, ended = false, buttonDown = false, lastMove = 0;

	const post = (part, body) => fetch(url(part), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
		.then((r) => r.json().then((json) => { if (r.status === 410) end(json.error); return json; }))
		.catch(() => ({}));
	// One event at a time, in the order the person made them: keys typed fast must not overtake each other.
	let queue = Promise.resolve();
	const send = (body) => { queue = queue.then(() => post('input', body)); };
	const at = (event) => {
		const rect = view.getBoundingClientRect();
		return { x: Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width)), y: Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height)) };
	};
	const buttonOf = (event) => ['left', 'middle', 'right'][event.button] || 'left';

	function end(why) {
		if (ended) return;
		ended = true;
		view.removeAttribute('src');
		const note = document.getElementById('ended');
		note.textContent = why || 'This live view has ended.';
		note.style.display = 'block';
		document.getElementById('done').hidden = true;
	}

	async function refresh() {
		const state = await fetch(url('state')).then((r) => r.json()).catch(() => undefined);
		if (!state) return;
		if (state.ended) return end('This live view has ended (' + state.endedBecause + ').');
		interactive = state.interactive;
		document.getElementById('where').textContent = (state.title ? state.title + ' — ' : '') + state.url;
		document.getElementById('mode').textContent = interactive ? 'You can click and type in the page.' : 'View only.';
		document.getElementById('done').hidden = !state.done;
		const record = document.getElementById('record');
		record.hidden = !(interactive && state.recordable);
		record.setAttribute('aria-pressed', String(Boolean(state.recording)));
		record.textContent = state.recording ? 'Stop recording' : 'Record';
		document.getElementById('steps').textContent = state.recordable && state.steps ? state.steps + (state.steps === 1 ? ' step' : ' steps') + ' recorded' : '';
	}

	function showBox(picked) {
		if (!picked || !picked.box) { box.style.display = 'none'; return; }
		const { x, y, width, height } = picked.box;
		Object.assign(box.style, { display: 'block', left: x * 100 + '%', top: y * 100 + '%', width: width * 100 + '%', height: height * 100 + '%' });
	}

	pickButton.onclick = () => {
		picking = !picking;
		pickButton.setAttribute('aria-pressed', String(picking));
		if (!picking) showBox(undefined);
	};
	document.getElementById('record').onclick = async () => {
		const on = document.getElementById('record').getAttribute('aria-pressed') !== 'true';
		await queue;
		await post('record', { on });
		await refresh();
	};
	document.getElementById('copy').onclick = () => navigator.clipboard.writeText(document.getElementById('selector').textContent);
	// What the person did before Done reaches the page first.
	document.getElementById('done').onclick = async () => { await queue; await post('done', {}); end('Done. The workflow goes on.'); };

	view.addEventListener('contextmenu', (event) => event.preventDefault());
	view.addEventListener('dragstart', (event) => event.preventDefault());
	view.addEventListener('mousedown', (event) => {
		view.focus();
		event.preventDefault();
		if (picking || !interactive) return;
		buttonDown = true;
		send({ type: 'down', ...at(event), button: buttonOf(event) });
	});
	window.addEventListener('mouseup', (event) => {
		if (!buttonDown) return;
		buttonDown = false;
		send({ type: 'up', ...at(event), button: buttonOf(event) });
	});
	view.addEventListener('mousemove', async (event) => {
		const now = Date.now();
		if (now - lastMove < (picking ? 150 : 40)) return;
		lastMove = now;
		if (picking) return showBox((await post('pick', at(event))).picked);
		if (interactive && buttonDown) send({ type: 'move', ...at(event) });
	});
	view.addEventListener('click', async (event) => {
		if (!picking) return;
		const { picked } = await post('pick', at(event));
		showBox(picked);
		if (!picked) return;
		document.getElementById('selector').textContent = picked.selector;
		document.getElementById('locator').textContent = picked.locator;
		document.getElementById('matches').textContent = picked.matches === 1 ? 'matches only this element' : 'matches ' + picked.matches + ' elements; the position picks this one';
		document.getElementById('picked').style.display = 'block';
	});
	view.addEventListener('wheel', (event) => {
		if (!interactive || picking) return;
		event.preventDefault();
		send({ type: 'wheel', ...at(event), deltaX: event.deltaX, deltaY: event.deltaY });
	}, { passive: false });
	view.addEventListener('keydown', (event) => {
		if (!interactive || picking) return;
		event.preventDefault();
		const modifiers = ['Control', 'Alt', 'Meta'].filter((name) => event.getModifierState(name));
		if (event.key.length === 1 && modifiers.length === 0) send({ type: 'type', text: event.key });
		else if (!['Control', 'Alt', 'Meta', 'Shift'].includes(event.key)) send({ type: 'key', key: [...modifiers, event.key].join('+') });
	});

	// The frames come as one multipart stream, read here part by part (an <img> would show only the
	// first part of it in today's Chromium).
	async function streamFrames() {
		const response = await fetch(url('frames')).catch(() => undefined);
		if (!response || !response.ok || !response.body) return;
		const reader = response.body.getReader();
		let buffer = new Uint8Array(0);
		let shown;
		const text = new TextDecoder('latin1');
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			const joined = new Uint8Array(buffer.length + value.length);
			joined.set(buffer);
			joined.set(value, buffer.length);
			buffer = joined;
			for (;;) {
				const head = text.decode(buffer.subarray(0, Math.min(buffer.length, 400)));
				const headerEnd = head.indexOf('\\r\\n\\r\\n');
				const length = /Content-Length: (\\d+)/i.exec(head);
				if (headerEnd < 0 || !length) break;
				const start = headerEnd + 4;
				const end = start + Number(length[1]);
				if (buffer.length < end) break;
				const blob = new Blob([buffer.slice(start, end)], { type: 'image/jpeg' });
				buffer = buffer.slice(end);
				const previous = shown;
				shown = URL.createObjectURL(blob);
				view.src = shown;
				if (previous) setTimeout(() => URL.revokeObjectURL(previous), 1000);
			}
		}
	}

	streamFrames();
	refresh();
	setInterval(() => { if (!ended) refresh(); }, 1000);
})();
</script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
