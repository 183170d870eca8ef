#!/usr/bin/env node
/**
 * npx n8n-nodes-browser-agent migrate <workflow.json | folder> [--out <folder>] [--report <file>]
 *
 * Converts n8n-nodes-puppeteer workflows (`n8n export:workflow`, one workflow per file or a list of
 * them in one file) to Browser Agent. Never changes its inputs: a converted file is written next
 * to its input as <name>.browser-agent.json, or with its own name into --out. A file with no
 * n8n-nodes-puppeteer node gets no output. A file that is not a workflow export is named with
 * what is wrong, gets no output, and makes the exit code 1.
 */
import {
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	renameSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { convertWorkflow } from './convert';
import { formatReport, type WorkflowReport } from './report';
import { isRecord, MalformedWorkflowError } from './workflow';

const USAGE = `Usage: n8n-nodes-browser-agent migrate <workflow.json | folder> [--out <folder>] [--report <file.json>]

Rewrites every n8n-nodes-puppeteer node of n8n workflow exports as Browser Agent nodes.

  <workflow.json>   one export (n8n export:workflow --id=… or --all: one workflow or a list)
  <folder>          every .json file in it (n8n export:workflow --all --separate --output=<folder>)
  --out <folder>    write converted files there, under their own names
                    (default: next to each input, as <name>.browser-agent.json)
  --report <file>   also write the report as JSON

The inputs are never changed. Only files with something converted are written.
Exit code: 0 done; 1 an input is not a workflow export (named on stderr, nothing written for it);
2 wrong arguments.`;

/** Suffix of the converted file written next to its input; such files are not inputs of a later run. */
export const OUTPUT_SUFFIX = '.browser-agent.json';

interface Arguments {
	input: string;
	out?: string;
	report?: string;
}

class UsageError extends Error {}

export function parseArguments(argv: string[]): Arguments | 'help' {
	if (argv.includes('--help') || argv.includes('-h')) return 'help';
	const [command, ...rest] = argv;
	if (command !== 'migrate') {
		throw new UsageError(
			command === undefined ? 'Say what to do: migrate.' : `Unknown command "${command}".`,
		);
	}
	const parsed: Partial<Arguments> = {};
	for (let i = 0; i < rest.length; i++) {
		const argument = rest[i];
		const flag = /^--(out|report)(?:=(.*))?$/.exec(argument);
		if (flag) {
			const value = flag[2] ?? rest[++i];
			if (!value) throw new UsageError(`--${flag[1]} needs a path.`);
			parsed[flag[1] as 'out' | 'report'] = value;
		} else if (argument.startsWith('-')) {
			throw new UsageError(`Unknown option ${argument}.`);
		} else if (parsed.input === undefined) {
			parsed.input = argument;
		} else {
			throw new UsageError(
				`One input only (a file or a folder); got "${parsed.input}" and "${argument}".`,
			);
		}
	}
	if (parsed.input === undefined) throw new UsageError('Give a workflow file or a folder of them.');
	return parsed as Arguments;
}

/** The .json files to convert: the file itself, or those in the folder (not earlier outputs). */
function inputFiles(input: string): string[] {
	if (!existsSync(input)) throw new UsageError(`${input} does not exist.`);
	if (!statSync(input).isDirectory()) return [input];
	return readdirSync(input)
		.filter((name) => name.toLowerCase().endsWith('.json') && !name.endsWith(OUTPUT_SUFFIX))
		.sort()
		.map((name) => join(input, name))
		.filter((file) => statSync(file).isFile());
}

function outputPath(file: string, out: string | undefined): string {
	if (out !== undefined) return join(out, basename(file));
	return join(dirname(file), basename(file).replace(/\.json$/i, '') + OUTPUT_SUFFIX);
}

interface FileResult {
	file: string;
	output?: string;
	workflows: Array<WorkflowReport & { index?: number }>;
	error?: string;
}

/** Converts one file: all its workflows, or (when one of them is malformed) none. */
function convertFile(file: string, out: string | undefined): FileResult {
	let data: unknown;
	try {
		data = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		return { file, workflows: [], error: `not valid JSON (${(error as Error).message})` };
	}
	const list = Array.isArray(data);
	const inputs = list ? (data as unknown[]) : [data];
	if (list && inputs.length === 0)
		return { file, workflows: [], error: 'an empty list, no workflow in it' };
	try {
		const conversions = inputs.map((workflow, index) =>
			convertWorkflow(workflow, {
				where: list
					? `workflow ${index + 1}${nameOf(workflow)}`
					: `the workflow${nameOf(workflow)}`,
			}),
		);
		const workflows = conversions.map((conversion, index) => ({
			...(list && { index }),
			...conversion.report,
		}));
		if (!conversions.some((conversion) => conversion.changed)) return { file, workflows };
		const output = outputPath(file, out);
		const converted = conversions.map((conversion) => conversion.workflow);
		writeAtomically(output, `${JSON.stringify(list ? converted : converted[0], null, 2)}\n`);
		return { file, output, workflows };
	} catch (error) {
		if (error instanceof MalformedWorkflowError)
			return { file, workflows: [], error: error.message };
		throw error;
	}
}

function nameOf(workflow: unknown): string {
	return isRecord(workflow) && typeof workflow.name === 'string' ? ` ("${workflow.name}")` : '';
}

/** Written whole or not at all: a failure midway leaves no half file. */
function writeAtomically(path: string, text: string): void {
	mkdirSync(dirname(path), { recursive: true });
	const temporary = `${path}.${process.pid}.tmp`;
	writeFileSync(temporary, text);
	renameSync(temporary, path);
}

function print(results: FileResult[]): void {
	const out = (line: string) => process.stdout.write(`${line}\n`);
	let converted = 0;
	let needsPerson = 0;
	for (const result of results) {
		if (result.error) {
			process.stderr.write(`error: ${result.file}: ${result.error}\n`);
			continue;
		}
		for (const report of result.workflows) {
			const name = report.workflow.name ? ` "${report.workflow.name}"` : '';
			out(`${result.file}${report.index !== undefined ? ` [${report.index}]` : ''}${name}`);
			for (const line of formatReport(report)) out(line);
			if (report.converted.length > 0) converted++;
			needsPerson += report.needsPerson.length;
		}
		out(result.output ? `  → written to ${result.output}` : '  → nothing written');
		out('');
	}
	const workflows = results.reduce((sum, result) => sum + result.workflows.length, 0);
	const errors = results.filter((result) => result.error).length;
	out(
		`${workflows} workflow${workflows === 1 ? '' : 's'}: ${converted} converted, ${workflows - converted} without n8n-nodes-puppeteer nodes; ${needsPerson} item${needsPerson === 1 ? '' : 's'} for a person; ${errors} file${errors === 1 ? '' : 's'} not readable as workflows.`,
	);
}

export function main(argv: string[]): number {
	let args: Arguments | 'help';
	let files: string[];
	try {
		args = parseArguments(argv);
		if (args === 'help') {
			process.stdout.write(`${USAGE}\n`);
			return 0;
		}
		files = inputFiles(args.input);
		if (files.length === 0) throw new UsageError(`${args.input} has no .json files.`);
		const out = args.out;
		if (out !== undefined && files.some((file) => resolve(dirname(file)) === resolve(out))) {
			throw new UsageError(
				`--out ${out} is the inputs' own folder: the converted files would replace them. Choose another folder, or leave out --out to write <name>${OUTPUT_SUFFIX} beside them.`,
			);
		}
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		process.stderr.write(`${error.message}\n\n${USAGE}\n`);
		return 2;
	}
	const results = files.map((file) => convertFile(file, args.out));
	print(results);
	if (args.report) {
		writeAtomically(
			args.report,
			`${JSON.stringify(
				{
					workflows: results.flatMap((result) =>
						result.workflows.map((report) => ({
							file: result.file,
							...(result.output && { output: result.output }),
							...report,
						})),
					),
					errors: results
						.filter((result) => result.error)
						.map((result) => ({ file: result.file, message: result.error })),
				},
				null,
				2,
			)}\n`,
		);
	}
	return results.some((result) => result.error) ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
