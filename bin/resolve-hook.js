// Model files import 'protocheck' and 'immutable'. Inside this package both resolve normally;
// a model file kept anywhere else (a student's own folder) gets this package's copies, so it
// runs with no install of its own and shares one Immutable with the checker.
const ROOT = new URL('../', import.meta.url);
const OWN = new Map([
  ['protocheck', new URL('src/index.ts', ROOT).href],
]);

export async function resolve(specifier, context, next) {
  const own = OWN.get(specifier);
  if (own) return next(own, context);
  try {
    return await next(specifier, context);
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && (specifier === 'immutable' || specifier.startsWith('immutable/'))) {
      return next(specifier, { ...context, parentURL: new URL('package.json', ROOT).href });
    }
    throw error;
  }
}
