import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import {
	BrowserAgentError,
	type ChatMessage,
	type ChatModel,
	type TaskResult,
} from '../../../../lib';

/**
 * The chat model connected to the node's Model input (any model n8n offers: OpenAI, Anthropic,
 * Ollama…), as the runner's model function. n8n hands over a LangChain chat model; it is called
 * through `invoke` with plain role/content messages, so the package needs no LangChain of its own.
 */
interface ConnectedChatModel {
	/** LangChain's call options: `signal` cancels the provider request. */
	invoke(messages: unknown[], options?: { signal?: AbortSignal }): Promise<{ content?: unknown }>;
}

export async function connectedModel(
	context: IExecuteFunctions,
	itemIndex: number,
	operation: string,
): Promise<ChatModel> {
	const hasModelInput = context
		.getNodeInputs()
		.some((input) => input.type === NodeConnectionTypes.AiLanguageModel);
	if (!hasModelInput) {
		throw new BrowserAgentError(
			'NOT_ALLOWED',
			`AI → ${operation} cannot run as an AI Agent's tool: n8n gives a tool no Model input.`,
			{
				field: 'resource',
				advice:
					'Let the agent itself be the model: give it Page → Snapshot, Element → Click, Element → Fill and the other operations as tools.',
			},
		);
	}
	const connected: unknown = await context
		.getInputConnectionData(NodeConnectionTypes.AiLanguageModel, itemIndex)
		.catch((error: unknown) => {
			// A failing model sub-node is reported on that sub-node, as n8n's own AI nodes leave it.
			if ((error as { functionality?: string })?.functionality === 'configuration-node')
				throw error;
			throw noModel(error instanceof Error ? error.message : String(error));
		});
	const model = (Array.isArray(connected) ? connected[0] : connected) as
		| ConnectedChatModel
		| undefined;
	if (typeof model?.invoke !== 'function')
		throw noModel(
			`AI → ${operation} needs a chat model, and none is connected to its Model input.`,
		);
	return async (messages, { signal }) =>
		replyText(await model.invoke(messages.map(asChatModelMessage), { signal }));
}

function noModel(message: string): BrowserAgentError {
	return new BrowserAgentError('INVALID_INPUT', message, {
		field: 'model',
		advice:
			'Connect a chat model sub-node (e.g. OpenAI Chat Model, Ollama Chat Model) to the Model input below the node, and enable it.',
	});
}

/** A runner message as LangChain's chat models take it: text parts, images as data URLs. */
function asChatModelMessage(message: ChatMessage): { role: string; content: unknown } {
	if (typeof message.content === 'string') return message;
	return {
		role: message.role,
		content: message.content.map((part) =>
			part.type === 'text'
				? { type: 'text', text: part.text }
				: { type: 'image_url', image_url: { url: `data:${part.mimeType};base64,${part.data}` } },
		),
	};
}

/** The text of a reply: a string, or the text parts of a list of parts. */
function replyText(reply: { content?: unknown } | undefined): string {
	const content = reply?.content;
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content
			.map((part: unknown) =>
				typeof part === 'string'
					? part
					: typeof (part as { text?: unknown })?.text === 'string'
						? (part as { text: string }).text
						: '',
			)
			.join('');
	return '';
}

export const ON_FAILURE = ['fail', 'returnResult'] as const;

/** What happens when the model cannot finish: fail like any operation, or return what was done. */
export function onFailureField(subject: string): INodeProperties {
	return {
		displayName: `When the ${subject} Fails`,
		name: 'onFailure',
		type: 'options',
		default: 'fail',
		options: [
			{
				name: 'Fail the Node',
				value: 'fail',
				description:
					'Stop with the error code (MAX_STEPS, MAX_FAILURES, MODEL_OUTPUT_INVALID…); with On Error set to continue, the error item lists the steps done',
			},
			{
				name: 'Return the Result',
				value: 'returnResult',
				description: 'Output ok: false with the error and the steps done, and go on',
			},
		],
	};
}

/** A task that stopped without its answer: the node fails with its code; the error item keeps the steps done. */
class TaskFailedError extends BrowserAgentError {
	constructor(
		failure: NonNullable<TaskResult['error']>,
		action: string,
		private readonly steps: TaskResult['steps'],
	) {
		super(failure.code, failure.message, {
			action,
			advice: [
				failure.advice,
				steps.length
					? `${steps.length} action${steps.length === 1 ? '' : 's'} ran before it stopped: set When the Task Fails to Return the Result (or Settings → On Error to continue) to see them.`
					: undefined,
			]
				.filter(Boolean)
				.join(' '),
		});
	}

	override toJSON() {
		return { ...super.toJSON(), steps: this.steps };
	}
}

export function taskFailure(
	result: Pick<TaskResult, 'error'> & Partial<TaskResult>,
	action: string,
): BrowserAgentError {
	return new TaskFailedError(result.error!, action, result.steps ?? []);
}

/** A JSON Schema parameter: empty is none; anything else must be a JSON object. */
export function jsonSchemaParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
): Record<string, unknown> | undefined {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (raw === '' || raw === undefined || raw === null) return undefined;
	let parsed: unknown = raw;
	let notJson: string | undefined;
	if (typeof raw === 'string') {
		if (!raw.trim()) return undefined;
		try {
			parsed = JSON.parse(raw);
		} catch (error) {
			notJson = (error as Error).message;
		}
	}
	if (notJson !== undefined)
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`"${name}" is not valid JSON: ${notJson} (item ${itemIndex + 1}).`,
			{
				field: name,
				advice:
					'Give a JSON Schema, e.g. {"type": "object", "properties": {"total": {"type": "number"}}}',
			},
		);
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`"${name}" must be a JSON Schema object (item ${itemIndex + 1}).`,
			{ field: name, advice: 'Give an object, e.g. {"type": "object", "properties": {…}}.' },
		);
	return parsed as Record<string, unknown>;
}

/** Files a task downloaded as binary fields download1, download2…, and their list for the JSON. */
export async function downloadedFiles(
	context: IExecuteFunctions,
	files: TaskResult['files'],
): Promise<{ binary?: INodeExecutionData['binary']; list: IDataObject[] }> {
	if (!files.length) return { list: [] };
	const binary: NonNullable<INodeExecutionData['binary']> = {};
	for (const [index, file] of files.entries())
		binary[`download${index + 1}`] = await context.helpers.prepareBinaryData(
			file.bytes,
			file.fileName,
			file.mimeType,
		);
	return {
		binary,
		list: files.map((file, index) => ({
			field: `download${index + 1}`,
			fileName: file.fileName,
			mimeType: file.mimeType,
			size: file.bytes.length,
		})),
	};
}
