/**
 * A page function that passes `helpers` to `main` after its own two arguments.
 *
 * Playwright sends a page function to the page as source text, so the function cannot call
 * functions declared beside it in Node. This joins the sources into one function instead: the
 * result is what Playwright's `evaluate`/`evaluateAll` take, and calling it in Node is an error.
 * Each helper must itself be self-contained, like any page function.
 */
export function withPageHelpers<
	Target,
	Arg,
	Result,
	Helpers extends Array<(...args: never[]) => unknown>,
>(
	main: (target: Target, arg: Arg, ...helpers: Helpers) => Result,
	...helpers: Helpers
): (target: Target, arg: Arg) => Result {
	const source = `(target, arg) => (${main})(target, arg, ${helpers
		.map((helper) => `(${helper})`)
		.join(', ')})`;
	const pageFunction = (): Result => {
		throw new Error(`${main.name} runs in the page: pass it to evaluate()`);
	};
	// Playwright reads a page function's source with String(fn).
	pageFunction.toString = () => source;
	return pageFunction;
}
