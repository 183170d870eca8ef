import { BrowserAgentError } from '../../../lib';
import { parseJsonParameter } from '../actions/typedErrors';

/**
 * A credential's "Headers (JSON)" field as name → value. The field holds JSON text (or an object,
 * when set by an expression); anything else is INVALID_INPUT naming the field.
 */
export function headersFromCredentialField(
	raw: unknown,
	field: { name: string; label: string; example: string },
): Record<string, string> {
	if (raw === undefined || raw === null || raw === '') return {};
	let value: unknown = raw;
	if (typeof raw === 'string') {
		value = parseJsonParameter(
			raw,
			() =>
				new BrowserAgentError(
					'INVALID_INPUT',
					`The credential’s ${field.label} are not valid JSON.`,
					{
						field: field.name,
						advice: `Write them as a JSON object, e.g. ${field.example}.`,
					},
				),
		);
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw new BrowserAgentError(
			'INVALID_INPUT',
			`The credential’s ${field.label} must be a JSON object.`,
			{ field: field.name },
		);
	}
	return Object.fromEntries(Object.entries(value).map(([name, header]) => [name, String(header)]));
}
