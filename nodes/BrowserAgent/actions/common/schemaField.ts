import { z } from 'zod';
import type { INodeProperties, INodePropertyOptions, NodeParameterValueType } from 'n8n-workflow';

/**
 * Node fields built from the runner's zod schemas (lib/actions), so a default, a limit or a list of
 * choices is written once, in the action, and the editor states it too. The node adds only what
 * n8n shows: label, description, hint, placeholder, when to show the field.
 */

interface JsonField {
	type?: string;
	default?: unknown;
	minimum?: number;
	maximum?: number;
	enum?: unknown[];
	items?: JsonField;
}

/** The input side of a schema field: what a caller may send, with the default applied when omitted. */
function jsonOf(field: z.ZodType): JsonField {
	return z.toJSONSchema(field, { io: 'input' }) as JsonField;
}

/** zod's `.int()` bounds integers by the safe-integer range; that is no limit to show a person. */
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/** The schema's bounds of a number field as the editor's minValue and maxValue. */
export function schemaLimits(field: z.ZodType): { minValue?: number; maxValue?: number } {
	const { minimum, maximum } = jsonOf(field);
	return {
		...(minimum !== undefined && minimum > -NO_LIMIT && { minValue: minimum }),
		...(maximum !== undefined && maximum < NO_LIMIT && { maxValue: maximum }),
	};
}

/** How the editor names one allowed value: its label, or label and description. */
export type ChoiceLabel = string | Omit<INodePropertyOptions, 'value'>;

/**
 * Editor options for every value of a lib list, in the alphabetical order n8n's editor expects.
 * `labels` is typed by the list, so a value added in lib without a label here fails type-checking.
 */
export function choicesOf<Value extends string>(
	values: readonly Value[],
	labels: Record<Value, ChoiceLabel>,
): INodePropertyOptions[] {
	return values
		.map((value) => {
			const label: ChoiceLabel | undefined = labels[value];
			if (label === undefined) throw new Error(`No label for the choice "${value}".`);
			return typeof label === 'string' ? { name: label, value } : { ...label, value };
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

type Presentation = Omit<INodeProperties, 'type' | 'default' | 'options'> & {
	/** Only for a field whose schema has no default (an optional number, a required value). */
	default?: NodeParameterValueType;
	/** Labels of the allowed values, for a schema field that is an enum or a list of one. */
	labels?: Record<string, ChoiceLabel>;
};

/**
 * A node field from a schema field: its type, default, number limits and allowed values come
 * from the schema; everything a person reads comes from `presentation`.
 */
export function schemaField(
	field: z.ZodType,
	{ labels, ...presentation }: Presentation,
): INodeProperties {
	const json = jsonOf(field);
	const choices = json.enum ?? json.items?.enum;
	const type = json.enum
		? 'options'
		: json.items?.enum
			? 'multiOptions'
			: json.type === 'integer' || json.type === 'number'
				? 'number'
				: json.type === 'boolean'
					? 'boolean'
					: 'string';
	if (json.default !== undefined && presentation.default !== undefined) {
		throw new Error(
			`Field "${presentation.name}": its default comes from the schema (${JSON.stringify(json.default)}); do not give another.`,
		);
	}
	const property: INodeProperties = {
		...presentation,
		type,
		default: (json.default as NodeParameterValueType) ?? presentation.default ?? emptyValue(type),
	};
	if (type === 'number')
		property.typeOptions = { ...presentation.typeOptions, ...schemaLimits(field) };
	if (choices) {
		if (!labels)
			throw new Error(
				`Field "${presentation.name}": label each allowed value (${choices.join(', ')}).`,
			);
		property.options = choicesOf(choices as string[], labels);
	}
	return property;
}

function emptyValue(type: INodeProperties['type']): NodeParameterValueType {
	if (type === 'multiOptions') return [];
	if (type === 'boolean') return false;
	if (type === 'number') return 0;
	return '';
}
