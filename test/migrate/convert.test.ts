/**
 * The converter on realistic n8n exports (fixtures/) and on single nodes: what each old operation
 * and option becomes, how the workflow is rewired and its expressions rewritten, what the report
 * leaves to a person, and that nothing else of the workflow changes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	BROWSER_AGENT_TOOL_TYPE,
	BROWSER_AGENT_TYPE,
	convertWorkflow,
} from '../../migrate/convert';
import { MalformedWorkflowError, type Workflow, type WorkflowNode } from '../../migrate/workflow';
import type { WorkflowReport } from '../../migrate/report';
import { MAX_PARALLEL_ITEMS } from '../../migrate/operations';
import { fixture, node, nodeNamed, puppeteerNode, sequentialIds, workflowWith } from './helpers';

function convert(workflow: unknown) {
	return convertWorkflow(workflow, { newId: sequentialIds() });
}

/** The messages about one node (or about the workflow, for `undefined`). */
function about(findings: WorkflowReport['needsPerson'], name: string | undefined): string[] {
	return findings.filter((finding) => finding.node === name).map((finding) => finding.message);
}

function one(workflow: Workflow, name = 'Old'): WorkflowNode[] {
	return workflow.nodes.filter((each) => each.name === name || each.name.startsWith(`${name} (`));
}

describe('converting a workflow export', () => {
	describe('price-check.json: Get Page Content and Get Screenshot between other nodes', () => {
		const input = fixture('price-check.json');
		const untouched = structuredClone(input);
		const { workflow, report, changed } = convert(input);

		it('leaves its input as it was', () => {
			assert.deepEqual(input, untouched);
			assert.equal(changed, true);
		});

		it('replaces each Puppeteer node by Browser Agent nodes, in its place, the last with its name', () => {
			assert.deepEqual(
				workflow.nodes.map((each) => [each.name, each.type.replace(/^.*\./, '')]),
				[
					['When clicking ‘Execute workflow’', 'manualTrigger'],
					['Pages to Check', 'set'],
					['Get Page Content (Open Session)', 'browserAgent'],
					['Get Page Content (Navigate)', 'browserAgent'],
					['Get Page Content', 'browserAgent'],
					['Extract Prices', 'html'],
					['Page OK?', 'if'],
					['Keep Result', 'set'],
					['Get Screenshot (Open Session)', 'browserAgent'],
					['Get Screenshot (Navigate)', 'browserAgent'],
					['Get Screenshot', 'browserAgent'],
					['Send Email', 'emailSend'],
					['Page Failed', 'noOp'],
				],
			);
			const created = workflow.nodes.filter((each) => each.type === BROWSER_AGENT_TYPE);
			assert.deepEqual(
				created.map((each) => each.id),
				['id-1', 'id-2', 'id-3', 'id-4', 'id-5', 'id-6'],
				'fresh ids',
			);
			assert.ok(created.every((each) => each.typeVersion === 1));
		});

		it('maps URL, query parameters, Wait Until, timeout, page caching and headers', () => {
			assert.deepEqual(nodeNamed(workflow, 'Get Page Content (Open Session)').parameters, {
				resource: 'session',
				operation: 'open',
				options: {
					userAgent: 'Mozilla/5.0 (X11; Linux x86_64) PriceBot/2.1',
					extraHTTPHeaders: { header: [{ name: 'Accept-Language', value: 'de-DE,de;q=0.9' }] },
					sessionName: 'Get Page Content',
				},
			});
			assert.deepEqual(nodeNamed(workflow, 'Get Page Content (Navigate)').parameters, {
				resource: 'page',
				operation: 'navigate',
				// After Session → Open, $json would be that node's output: the input is read by name.
				url: "={{ $('Pages to Check').item.json.url }}",
				waitUntil: 'networkidle2',
				queryParameters: {
					parameters: [
						{ name: 'currency', value: 'EUR' },
						{ name: 'ref', value: "={{ $('Pages to Check').item.json.url.length }}" },
					],
				},
				options: {
					timeoutMs: 60000,
					useCache: false,
					failOnHttpError: true,
					sessionName: 'Get Page Content',
				},
			});
			assert.deepEqual(nodeNamed(workflow, 'Get Page Content').parameters, {
				resource: 'extract',
				operation: 'html',
				part: 'outer',
				options: { sessionName: 'Get Page Content' },
			});
		});

		it('maps the screenshot: device, format, quality, full page, binary field, file name', () => {
			assert.deepEqual(nodeNamed(workflow, 'Get Screenshot (Open Session)').parameters, {
				resource: 'session',
				operation: 'open',
				options: { device: 'other', deviceName: 'iPhone X', sessionName: 'Get Screenshot' },
			});
			assert.deepEqual(nodeNamed(workflow, 'Get Screenshot').parameters, {
				resource: 'page',
				operation: 'screenshot',
				fullPage: true,
				binaryPropertyName: 'screenshot',
				options: {
					format: 'jpeg',
					quality: 70,
					fileName: 'price.jpg',
					sessionName: 'Get Screenshot',
				},
			});
			assert.equal(
				nodeNamed(workflow, 'Get Screenshot (Navigate)').parameters.url,
				"={{ $('Pages to Check').item.json.url }}",
			);
		});

		it('rewires: into the first new node, through each, out of the last as before', () => {
			assert.deepEqual(workflow.connections, {
				'When clicking ‘Execute workflow’': {
					main: [[{ node: 'Pages to Check', type: 'main', index: 0 }]],
				},
				'Pages to Check': {
					main: [[{ node: 'Get Page Content (Open Session)', type: 'main', index: 0 }]],
				},
				'Get Page Content (Open Session)': {
					main: [[{ node: 'Get Page Content (Navigate)', type: 'main', index: 0 }]],
				},
				'Get Page Content (Navigate)': {
					main: [[{ node: 'Get Page Content', type: 'main', index: 0 }]],
				},
				'Get Page Content': { main: [[{ node: 'Extract Prices', type: 'main', index: 0 }]] },
				'Extract Prices': { main: [[{ node: 'Page OK?', type: 'main', index: 0 }]] },
				'Page OK?': {
					main: [
						[{ node: 'Keep Result', type: 'main', index: 0 }],
						[{ node: 'Page Failed', type: 'main', index: 0 }],
					],
				},
				'Keep Result': {
					main: [[{ node: 'Get Screenshot (Open Session)', type: 'main', index: 0 }]],
				},
				'Get Screenshot (Open Session)': {
					main: [[{ node: 'Get Screenshot (Navigate)', type: 'main', index: 0 }]],
				},
				'Get Screenshot (Navigate)': {
					main: [[{ node: 'Get Screenshot', type: 'main', index: 0 }]],
				},
				'Get Screenshot': { main: [[{ node: 'Send Email', type: 'main', index: 0 }]] },
			});
		});

		it('rewrites what later nodes read of the old output: body, statusCode, headers', () => {
			assert.equal(nodeNamed(workflow, 'Extract Prices').parameters.dataPropertyName, 'html');
			const ifNode = nodeNamed(workflow, 'Page OK?').parameters as any;
			assert.equal(
				ifNode.conditions.conditions[0].leftValue,
				"={{ $('Get Page Content (Navigate)').item.json.status }}",
			);
			const values = (
				nodeNamed(workflow, 'Keep Result').parameters as any
			).assignments.assignments.map((assignment: { value: string }) => assignment.value);
			assert.deepEqual(values, [
				'={{ $json.price }}',
				"={{ $('Get Page Content').item.json.html.length }}",
				"={{ $('Get Page Content (Navigate)').item.json.headers['content-type'] }}",
				'={{ $node["Get Page Content"].json["url"] }}',
			]);
			assert.equal(
				nodeNamed(workflow, 'Send Email').parameters.subject,
				"=Price {{ $('Keep Result').item.json.price }} (HTTP {{ $('Get Screenshot (Navigate)').item.json.status }})",
			);
			assert.equal(
				nodeNamed(workflow, 'Send Email').parameters.text,
				'=Checked {{ $json.url }} at {{ $now.toISO() }}',
				'url is in the new output too',
			);
			assert.deepEqual(
				report.rewritten.map((rewrite) => `${rewrite.node}: ${rewrite.parameter}`).sort(),
				[
					'Get Page Content (Navigate): url',
					'Get Page Content (Navigate): queryParameters.parameters[1].value',
					'Page OK?: conditions.conditions[0].leftValue',
					'Keep Result: assignments.assignments[1].value',
					'Keep Result: assignments.assignments[2].value',
					'Extract Prices: dataPropertyName',
					'Send Email: subject',
				].sort(),
			);
		});

		it('keeps every other node, the settings, pinned data, tags and ids as they were', () => {
			for (const name of ['When clicking ‘Execute workflow’', 'Pages to Check', 'Page Failed']) {
				assert.deepEqual(nodeNamed(workflow, name), nodeNamed(untouched, name));
			}
			const { parameters, ...email } = nodeNamed(workflow, 'Send Email');
			const { parameters: oldParameters, ...oldEmail } = nodeNamed(untouched, 'Send Email');
			assert.deepEqual(email, oldEmail, 'credentials, webhookId, position');
			assert.deepEqual({ ...parameters, subject: '' }, { ...oldParameters, subject: '' });
			for (const key of [
				'name',
				'id',
				'settings',
				'pinData',
				'meta',
				'tags',
				'versionId',
				'active',
			]) {
				assert.deepEqual(workflow[key], untouched[key], key);
			}
		});

		it('carries run settings to every new node, notes only to the last', () => {
			for (const name of [
				'Get Page Content (Open Session)',
				'Get Page Content (Navigate)',
				'Get Page Content',
			]) {
				assert.equal(nodeNamed(workflow, name).retryOnFail, true, name);
				assert.equal(nodeNamed(workflow, name).maxTries, 2, name);
			}
			assert.equal(nodeNamed(workflow, 'Get Page Content').notes, untouched.nodes[2].notes);
			assert.equal(nodeNamed(workflow, 'Get Page Content (Navigate)').notes, undefined);
		});

		it('places the new nodes on free spots, the last where the old node was', () => {
			assert.deepEqual(nodeNamed(workflow, 'Get Page Content').position, [440, 0]);
			assert.deepEqual(nodeNamed(workflow, 'Get Screenshot').position, [1320, -100]);
			const positions = workflow.nodes.map((each) => each.position!);
			for (const [i, [x, y]] of positions.entries()) {
				for (const [j, [otherX, otherY]] of positions.entries()) {
					if (i < j) {
						assert.ok(
							Math.abs(x - otherX) >= 160 || Math.abs(y - otherY) >= 100,
							`${workflow.nodes[i].name} and ${workflow.nodes[j].name} overlap`,
						);
					}
				}
			}
		});

		it('reports what needs a person: the saved file, the pinned data', () => {
			assert.deepEqual(
				report.converted.map((each) => [
					each.node,
					each.operation,
					each.into.map((step) => step.action),
				]),
				[
					[
						'Get Page Content',
						'getPageContent',
						['Session → Open', 'Page → Navigate', 'Extract → HTML'],
					],
					[
						'Get Screenshot',
						'getScreenshot',
						['Session → Open', 'Page → Navigate', 'Page → Screenshot'],
					],
				],
			);
			assert.equal(report.needsPerson.length, 2, JSON.stringify(report.needsPerson, null, 1));
			assert.match(
				about(report.needsPerson, 'Get Screenshot')[0],
				/save the file on the n8n machine/,
			);
			assert.match(
				about(report.needsPerson, 'Get Page Content')[0],
				/pinned data in the old output shape/,
			);
			assert.equal(report.credential, undefined, 'no credential needed');
			assert.deepEqual(report.workflow, { name: 'Competitor price check', id: 'Xb7kQ2mP9rT4vW1z' });
		});

		it('is done once: converting the result changes nothing', () => {
			const again = convert(workflow);
			assert.equal(again.changed, false);
			assert.deepEqual(again.workflow, workflow);
		});
	});

	describe('invoice-pdf.json: a custom script, then a PDF with an error output', () => {
		const { workflow, report } = convert(fixture('invoice-pdf.json'));

		it('turns the script into Run Puppeteer Script with the same code and query', () => {
			const old = nodeNamed(fixture('invoice-pdf.json'), 'Log In and List Invoices');
			assert.deepEqual(nodeNamed(workflow, 'Log In and List Invoices').parameters, {
				resource: 'script',
				operation: 'runPuppeteerScript',
				scriptCode: old.parameters.scriptCode,
				query: old.parameters.query,
				// Batch Size 2: two items at once, each on its own new tab, as each had its own page.
				options: { parallelItems: 2 },
			});
			assert.equal(one(workflow, 'Log In and List Invoices').length, 1, 'no node in front');
		});

		it('says what of the script’s options needs a person', () => {
			const messages = about(report.needsPerson, 'Log In and List Invoices');
			assert.equal(messages.length, 2, messages.join('\n'));
			assert.match(messages[0], /extra headers, stealth .*reads its input/);
			assert.match(messages[1], /Capture Downloads/);
			const notes = about(report.notes, 'Log In and List Invoices').join('\n');
			assert.match(notes, /ignored timeout/);
			assert.match(notes, /Protocol Timeout/);
			assert.match(notes, /Batch Size 2 became Parallel Items 2/);
			assert.match(notes, /2 minutes/);
		});

		it('prints the PDF as the old node did, its defaults included', () => {
			assert.deepEqual(nodeNamed(workflow, 'Get PDF').parameters, {
				resource: 'page',
				operation: 'pdf',
				format: 'A3',
				binaryPropertyName: 'invoice',
				options: {
					landscape: true,
					printBackground: true,
					displayHeaderFooter: true,
					headerTemplate:
						'<div style="font-size:8px;margin-left:1cm">Invoice <span class="title"></span></div>',
					margin: '1cm 0 1cm 15mm',
					pageRanges: '1-2',
					scale: 0.8,
					omitBackground: true,
					fileName: "={{ $('Pick Latest').item.json.number }}.pdf",
					sessionName: 'Get PDF',
				},
			});
			assert.deepEqual(nodeNamed(workflow, 'Get PDF (Open Session)').parameters.options, {
				proxy: { settings: { server: 'http://proxy.internal:3128' } },
				sessionName: 'Get PDF',
			});
			assert.equal(nodeNamed(workflow, 'Get PDF (Navigate)').parameters.waitUntil, 'networkidle0');
			assert.match(about(report.needsPerson, 'Get PDF').join('\n'), /without a Footer Template/);
		});

		it('sends every new node’s errors down the old error output', () => {
			for (const name of ['Get PDF (Open Session)', 'Get PDF (Navigate)', 'Get PDF']) {
				assert.equal(nodeNamed(workflow, name).onError, 'continueErrorOutput', name);
				assert.deepEqual(
					workflow.connections[name].main[1],
					[{ node: 'Stop on Failure', type: 'main', index: 0 }],
					name,
				);
			}
			assert.deepEqual(workflow.connections['Get PDF'].main[0], [
				{ node: 'Save Invoice', type: 'main', index: 0 },
			]);
		});

		it('asks for one credential with what the old nodes launched the browser with', () => {
			assert.deepEqual(
				report.credential?.settings.map((setting) => [setting.label, setting.value]),
				[
					['Browser', 'Launch Chromium on the n8n Machine'],
					['Executable Path', '/usr/bin/chromium'],
					['Extra Launch Arguments', '--lang=de-DE --window-size=1280,800'],
					['Allow Custom JavaScript', true],
				],
			);
			assert.deepEqual(report.credential?.nodes, [
				'Log In and List Invoices',
				'Get PDF (Open Session)',
				'Get PDF (Navigate)',
				'Get PDF',
			]);
			assert.match(about(report.needsPerson, undefined)[0], /need a Browser Agent API credential/);
		});
	});

	describe('browserless.json: a remote browser, a device Playwright lacks, a Code node reading the output', () => {
		const { workflow, report } = convert(fixture('browserless.json'));

		it('asks for a credential that connects over CDP to the old endpoint', () => {
			assert.deepEqual(
				report.credential?.settings.map((setting) => [setting.label, setting.value]),
				[
					['Browser', 'Connect over CDP'],
					['CDP URL', 'ws://browserless:3000?token=6R0W53R135510'],
				],
			);
			assert.match(
				about(report.notes, 'Puppeteer').join('\n'),
				/ignored launchArguments, headless/,
			);
		});

		it('gives the session the screen and user agent of a device Playwright does not know', () => {
			assert.deepEqual(nodeNamed(workflow, 'Puppeteer (Open Session)').parameters.options, {
				userAgent:
					'Mozilla/5.0 (iPad; CPU OS 11_0 like Mac OS X) AppleWebKit/604.1.34 (KHTML, like Gecko) Version/11.0 Mobile/15A5341f Safari/604.1',
				viewportWidth: 1024,
				viewportHeight: 1366,
				sessionName: 'Puppeteer',
			});
			assert.match(about(report.needsPerson, 'Puppeteer')[0], /no "iPad Pro"/);
		});

		it('wires a node fed by two converted ones, and reports code it cannot follow', () => {
			assert.deepEqual(workflow.connections.Puppeteer.main[0], [
				{ node: 'Puppeteer1 (Navigate)', type: 'main', index: 0 },
				{ node: 'Check Status', type: 'main', index: 0 },
			]);
			assert.match(about(report.needsPerson, 'Check Status')[0], /mentions statusCode, body/);
			assert.match(about(report.needsPerson, 'Puppeteer1')[0], /no URL/);
		});
	});

	describe('agent-tools.json: Puppeteer as an AI Agent’s tool', () => {
		const input = fixture('agent-tools.json');
		const { workflow, report } = convert(input);

		it('turns a script tool into the Browser Agent tool, with its description and wire', () => {
			const browse = nodeNamed(workflow, 'Browse');
			assert.equal(browse.type, BROWSER_AGENT_TOOL_TYPE);
			assert.deepEqual(browse.parameters, {
				descriptionType: 'manual',
				toolDescription: 'Opens the URL given as query and returns the visible text of the page.',
				resource: 'script',
				operation: 'runPuppeteerScript',
				scriptCode: nodeNamed(input, 'Browse').parameters.scriptCode,
				query: "={{ $fromAI('url', 'The full URL of the page to read', 'string') }}",
			});
			assert.deepEqual(workflow.connections, input.connections);
			assert.match(about(report.needsPerson, 'Browse')[0], /device Pixel 5 .*AI tool is one node/);
		});

		it('leaves a screenshot tool as it is, and says why', () => {
			assert.deepEqual(nodeNamed(workflow, 'Screenshot Tool'), nodeNamed(input, 'Screenshot Tool'));
			assert.match(about(report.needsPerson, 'Screenshot Tool')[0], /cannot become two nodes/);
		});
	});

	it('no-puppeteer.json: nothing to do, nothing changed', () => {
		const input = fixture('no-puppeteer.json');
		const { workflow, report, changed } = convert(input);
		assert.equal(changed, false);
		assert.deepEqual(workflow, input);
		assert.deepEqual([report.converted, report.needsPerson, report.notes], [[], [], []]);
	});
});

describe('converting one old node', () => {
	it('Get PDF left at its defaults: landscape A4 (or the page’s CSS size), no background, no margin', () => {
		const { workflow } = convert(
			workflowWith(puppeteerNode('Old', { operation: 'getPDF', url: 'https://example.com' })),
		);
		assert.deepEqual(nodeNamed(workflow, 'Old').parameters, {
			resource: 'page',
			operation: 'pdf',
			format: 'A4',
			binaryPropertyName: 'data',
			options: {
				landscape: true,
				printBackground: false,
				displayHeaderFooter: false,
				preferCSSPageSize: true,
			},
		});
		assert.deepEqual(
			one(workflow).map((each) => each.name),
			['Old (Navigate)', 'Old'],
		);
	});

	it('Get PDF with Width and Height: A4 as before, and a person decides', () => {
		const pdf = (parameters: Record<string, unknown>) =>
			convert(
				workflowWith(
					puppeteerNode('Old', {
						operation: 'getPDF',
						url: 'https://x.test',
						preferCSSPageSize: false,
						...parameters,
					}),
				),
			);
		const both = pdf({ width: '10cm', height: '15cm', format: 'A5' });
		assert.equal(nodeNamed(both.workflow, 'Old').parameters.format, 'A4');
		assert.match(about(both.report.needsPerson, 'Old')[0], /puppeteer prefers: its PDFs were A4/);
		const width = pdf({ width: '10cm' });
		assert.equal(
			nodeNamed(width.workflow, 'Old').parameters.format,
			'Letter',
			'their default format',
		);
		assert.match(about(width.report.notes, 'Old')[0], /only one of Width and Height/);
		const margin = pdf({ margin: { top: '1', left: 'auto' } });
		assert.equal((nodeNamed(margin.workflow, 'Old').parameters.options as any).margin, undefined);
		assert.match(about(margin.report.needsPerson, 'Old')[0], /margin .* not four plain lengths/);
		const even = pdf({ margin: { top: '2mm', right: '2mm', bottom: '2mm', left: '2mm' } });
		assert.equal((nodeNamed(even.workflow, 'Old').parameters.options as any).margin, '2mm');
	});

	it('Get Screenshot: PNG without quality, WebP with theirs (100 unless set)', () => {
		const shot = (parameters: Record<string, unknown>) =>
			nodeNamed(
				convert(
					workflowWith(
						puppeteerNode('Old', {
							operation: 'getScreenshot',
							url: 'https://x.test',
							...parameters,
						}),
					),
				).workflow,
				'Old',
			).parameters;
		assert.deepEqual(shot({}), {
			resource: 'page',
			operation: 'screenshot',
			fullPage: false,
			binaryPropertyName: 'data',
			options: { format: 'png' },
		});
		assert.deepEqual(shot({ imageType: 'webp' }).options, { format: 'webp', quality: 100 });
	});

	it('a timeout of 0 (no limit) becomes the longest Navigate takes', () => {
		const { workflow, report } = convert(
			workflowWith(puppeteerNode('Old', { url: 'https://x.test', options: { timeout: 0 } })),
		);
		assert.equal(
			(nodeNamed(workflow, 'Old (Navigate)').parameters.options as any).timeoutMs,
			3_600_000,
		);
		assert.match(about(report.notes, 'Old')[0], /0 \(no limit\)/);
	});

	it('a script left as it came gets the old default script', () => {
		const { workflow } = convert(
			workflowWith(puppeteerNode('Old', { operation: 'runCustomScript' })),
		);
		assert.match(String(nodeNamed(workflow, 'Old').parameters.scriptCode), /httpbin\.org\/ip/);
	});

	it('a script with a device that does not read its input gets a session of its own in front', () => {
		const { workflow, report } = convert(
			workflowWith(
				puppeteerNode('Old', {
					operation: 'runCustomScript',
					scriptCode:
						"await $page.goto('https://x.test');\nreturn [{ title: await $page.title() }];",
					options: { device: 'iPhone 5', stealth: true },
				}),
			),
		);
		assert.deepEqual(nodeNamed(workflow, 'Old (Open Session)').parameters.options, {
			device: 'other',
			deviceName: 'iPhone SE',
			stealth: true,
			sessionName: 'Old',
		});
		assert.deepEqual(nodeNamed(workflow, 'Old').parameters.options, { sessionName: 'Old' });
		assert.match(about(report.notes, 'Old').join('\n'), /"iPhone SE" has the same screen size/);
		assert.match(about(report.notes, 'Old').join('\n'), /Stealth/);
	});

	it('Batch Size: a script’s becomes Parallel Items (at most 20, with its own session kept); a one-shot’s is noted', () => {
		const { workflow, report } = convert(
			workflowWith(
				puppeteerNode('Many', {
					operation: 'runCustomScript',
					scriptCode:
						"await $page.goto('https://x.test');\nreturn [{ title: await $page.title() }];",
					options: { device: 'iPhone 5', batchSize: 50 },
				}),
				puppeteerNode('Shots', {
					operation: 'getScreenshot',
					url: 'https://x.test',
					options: { batchSize: 4 },
				}),
			),
		);
		assert.deepEqual(nodeNamed(workflow, 'Many').parameters.options, {
			sessionName: 'Many',
			parallelItems: MAX_PARALLEL_ITEMS,
		});
		const notes = about(report.notes, 'Many').join('\n');
		assert.match(notes, /Batch Size 50 became Parallel Items 20/);
		assert.match(notes, /Batch Size was 50; Parallel Items goes up to 20/);
		assert.equal(
			(nodeNamed(workflow, 'Shots').parameters.options as Record<string, unknown> | undefined)
				?.parallelItems,
			undefined,
		);
		assert.match(about(report.notes, 'Shots').join('\n'), /Batch Size was 4: .*one after another/);
		const odd = convert(
			workflowWith(
				puppeteerNode('Odd', { operation: 'runCustomScript', options: { batchSize: 2.5 } }),
			),
		);
		assert.equal(
			nodeNamed(odd.workflow, 'Odd').parameters.options,
			undefined,
			'as the old node read it: 1',
		);
	});

	it('Use Chrome Headless Shell: the credential’s Headless Mode', () => {
		const { report } = convert(
			workflowWith(puppeteerNode('Old', { url: 'https://x.test', options: { shell: true } })),
		);
		assert.deepEqual(
			report.credential?.settings.map((setting) => [setting.label, setting.value]),
			[
				['Browser', 'Launch Chromium on the n8n Machine'],
				['Headless Mode', 'Headless Shell'],
			],
		);
	});

	it('WebDriver BiDi, launch arguments with spaces, clashing endpoints: a person decides', () => {
		const { report } = convert(
			workflowWith(
				puppeteerNode('A', {
					url: 'https://x.test',
					options: { browserWSEndpoint: 'ws://a:3000', protocol: 'webDriverBiDi' },
				}),
				puppeteerNode('B', {
					url: 'https://x.test',
					options: { browserWSEndpoint: 'ws://b:3000' },
				}),
				puppeteerNode('C', {
					url: 'https://x.test',
					options: { browserWSEndpoint: 'ws://c:3000' },
				}),
				puppeteerNode('D', {
					url: 'https://x.test',
					options: { launchArguments: { args: [{ arg: '--user-agent=Mozilla/5.0 (X11)' }] } },
				}),
			),
		);
		assert.match(about(report.needsPerson, 'A')[0], /WebDriver BiDi/);
		assert.match(about(report.needsPerson, 'D')[0], /has a space in it/);
		const general = about(report.needsPerson, undefined).join('\n');
		assert.match(general, /different CDP URL values \(ws:\/\/b:3000 in B; ws:\/\/c:3000 in C\)/);
	});

	it('names new nodes apart from existing ones', () => {
		const { workflow } = convert(
			workflowWith(
				node('Old (Navigate)', 'n8n-nodes-base.noOp'),
				puppeteerNode('Old', { url: 'https://x.test' }),
			),
		);
		assert.deepEqual(
			workflow.nodes.map((each) => each.name),
			['Start', 'Old (Navigate)', 'Old (Navigate) 2', 'Old'],
		);
	});

	it('an operation that is an expression, or unknown, is left as it is', () => {
		const input = workflowWith(puppeteerNode('Old', { operation: '={{ $json.op }}' }));
		const { workflow, report, changed } = convert(input);
		assert.equal(changed, false);
		assert.deepEqual(workflow, input);
		assert.match(about(report.needsPerson, 'Old')[0], /not one of n8n-nodes-puppeteer 1\.5\.0's/);
	});
});

describe('rewriting reads of the old output', () => {
	/** Old (Get Page Content) → Reader, with `value` as the reader's expression. */
	function readWith(value: string, reader = node('Reader', 'n8n-nodes-base.set', { value })) {
		const { workflow, report } = convert(
			workflowWith(puppeteerNode('Old', { url: 'https://x.test' }), reader),
		);
		return { parameters: nodeNamed(workflow, reader.name).parameters, report };
	}

	it('every way an expression names the node and a field', () => {
		const cases: Array<[string, string]> = [
			["={{ $('Old').item.json.body }}", "={{ $('Old').item.json.html }}"],
			['={{ $("Old").first().json["body"] }}', '={{ $("Old").first().json["html"] }}'],
			["={{ $('Old').all()[2]?.json?.body }}", "={{ $('Old').all()[2]?.json?.html }}"],
			[
				"={{ $('Old').itemMatching($itemIndex).json.statusCode }}",
				"={{ $('Old (Navigate)').itemMatching($itemIndex).json.status }}",
			],
			['={{ $node["Old"].json.statusCode }}', '={{ $node["Old (Navigate)"].json.status }}'],
			['={{ $node.Old.json.headers.etag }}', '={{ $node["Old (Navigate)"].json.headers.etag }}'],
			[
				"={{ $items('Old', 0)[1].json.statusCode }}",
				"={{ $items('Old (Navigate)', 0)[1].json.status }}",
			],
			[
				'={{ $json.body.length + $json["statusCode"] }}',
				'={{ $json.html.length + $(\'Old (Navigate)\').item.json["status"] }}',
			],
			['={{ $input.first().json.statusCode }}', "={{ $('Old (Navigate)').first().json.status }}"],
			['={{ $input.item.json.headers }}', "={{ $('Old (Navigate)').item.json.headers }}"],
			['={{ $json.url }} {{ $json.title }}', '={{ $json.url }} {{ $json.title }}'],
			['$json.body (not an expression)', '$json.body (not an expression)'],
		];
		for (const [before, after] of cases)
			assert.equal(readWith(before).parameters.value, after, before);
	});

	it('reads through nodes that pass items on unchanged (If, Filter…)', () => {
		const { workflow } = convert(
			workflowWith(
				puppeteerNode('Old', { url: 'https://x.test' }),
				node('Only OK', 'n8n-nodes-base.filter', { value: '={{ $json.statusCode }}' }),
				node('Reader', 'n8n-nodes-base.set', { value: '={{ $json.body }}' }),
			),
		);
		assert.equal(
			nodeNamed(workflow, 'Only OK').parameters.value,
			"={{ $('Old (Navigate)').item.json.status }}",
		);
		assert.equal(nodeNamed(workflow, 'Reader').parameters.value, '={{ $json.html }}');
	});

	it('the JavaScript of a Code node, and what it cannot follow', () => {
		const code = node('Reader', 'n8n-nodes-base.code', {
			jsCode:
				'const first = $input.first().json.body;\nconst status = items[0].json.statusCode;\nreturn $input.all().map((item) => ({ json: { size: item.json.body.length } }));',
		});
		const { parameters, report } = readWith('', code);
		assert.equal(
			parameters.jsCode,
			"const first = $input.first().json.html;\nconst status = $('Old (Navigate)').all()[0].json.status;\nreturn $input.all().map((item) => ({ json: { size: item.json.body.length } }));",
		);
		assert.match(about(report.needsPerson, 'Reader')[0], /mentions body/);
	});

	it('reads it cannot parse, anywhere in the workflow, are reported; what it rewrote is not', () => {
		const { workflow, report } = convert(
			workflowWith(
				puppeteerNode('Old', { url: 'https://x.test' }),
				node('Reader', 'n8n-nodes-base.code', {
					jsCode: 'return [{ json: { etag: $input.first().json.headers.etag } }];',
				}),
				node('Later', 'n8n-nodes-base.set', {
					all: "={{ $('Old').all().map((item) => item.json.body).join('') }}",
					fine: "={{ $('Old').first().json.body }} {{ $('Other').item.json.headers }}",
				}),
				node('Python', 'n8n-nodes-base.code', {
					language: 'python',
					pythonCode: "return [{'size': len(_('Old').first().json['body'])}]",
				}),
			),
		);
		assert.equal(
			nodeNamed(workflow, 'Reader').parameters.jsCode,
			"return [{ json: { etag: $('Old (Navigate)').first().json.headers.etag } }];",
		);
		assert.equal(
			nodeNamed(workflow, 'Later').parameters.fine,
			"={{ $('Old').first().json.html }} {{ $('Other').item.json.headers }}",
		);
		assert.deepEqual(about(report.needsPerson, 'Reader'), []);
		assert.deepEqual(
			about(report.needsPerson, 'Later').map((message) => message.split(' reads')[0]),
			['all'],
		);
		assert.match(about(report.needsPerson, 'Later')[0], /cannot follow and mentions body/);
		assert.match(about(report.needsPerson, 'Python')[0], /^pythonCode reads "Old"/);
	});

	it('the whole item, or a field name typed as text: reported, not changed', () => {
		const whole = readWith('={{ JSON.stringify($json) }}');
		assert.equal(whole.parameters.value, '={{ JSON.stringify($json) }}');
		assert.match(
			about(whole.report.needsPerson, 'Reader')[0],
			/whole output item of "Old".*body is html/,
		);
		const split = readWith(
			'',
			node('Reader', 'n8n-nodes-base.splitOut', { fieldToSplitOut: 'headers' }),
		);
		assert.match(about(split.report.needsPerson, 'Reader')[0], /fieldToSplitOut is "headers"/);
	});

	it('a node fed by the old node and another: $json is not rewritten, a person checks', () => {
		const input = workflowWith(
			puppeteerNode('Old', { url: 'https://x.test' }),
			node('Merge', 'n8n-nodes-base.merge', { value: '={{ $json.body }}' }),
		);
		input.connections.Start.main[0]!.push({ node: 'Merge', type: 'main', index: 1 });
		const { workflow, report } = convert(input);
		assert.equal(nodeNamed(workflow, 'Merge').parameters.value, '={{ $json.body }}');
		assert.match(about(report.needsPerson, 'Merge')[0], /reads body of its input/);
	});

	it('two converted nodes in a row: the second reads the first’s new output', () => {
		const { workflow } = convert(
			workflowWith(
				puppeteerNode('First', { url: 'https://x.test' }),
				puppeteerNode('Second', {
					operation: 'getScreenshot',
					url: '={{ $json.url }}',
					options: {
						device: 'Pixel 5',
						fileName: '={{ $json.statusCode }}-{{ $json.body.length }}.png',
					},
				}),
			),
		);
		assert.equal(
			nodeNamed(workflow, 'Second (Navigate)').parameters.url,
			"={{ $('First').item.json.url }}",
		);
		assert.equal(
			(nodeNamed(workflow, 'Second').parameters.options as any).fileName,
			"={{ $('First (Navigate)').item.json.status }}-{{ $('First').item.json.html.length }}.png",
		);
	});
});

describe('malformed input', () => {
	const cases: Array<[string, unknown, RegExp]> = [
		['a list', [], /is not an n8n workflow: expected a JSON object .* found a list/],
		['no nodes', { name: 'W', connections: {} }, /has no "nodes" list/],
		['nodes not a list', { nodes: {} }, /has no "nodes" list \("nodes" is an object\)/],
		[
			'a node without parameters',
			{ nodes: [{ name: 'A', type: 't' }] },
			/node "A" has no "parameters" object/,
		],
		['a node without a name', { nodes: [{ type: 't', parameters: {} }] }, /node 0 has no name/],
		['a node without a type', { nodes: [{ name: 'A', parameters: {} }] }, /node "A" has no type/],
		[
			'two nodes of one name',
			{
				nodes: [
					{ name: 'A', type: 't', parameters: {} },
					{ name: 'A', type: 't', parameters: {} },
				],
			},
			/two nodes are named "A"/,
		],
		['connections not an object', { nodes: [], connections: [] }, /"connections" is a list/],
		[
			'a wire without a node',
			{ nodes: [], connections: { A: { main: [[{ type: 'main' }]] } } },
			/"main" connections of "A"/,
		],
	];
	for (const [label, input, message] of cases) {
		it(`${label}: a MalformedWorkflowError that says what is wrong`, () => {
			assert.throws(
				() => convertWorkflow(input, { where: 'the workflow' }),
				(error: unknown) => {
					assert.ok(error instanceof MalformedWorkflowError);
					assert.match(error.message, message);
					return true;
				},
			);
		});
	}
});
