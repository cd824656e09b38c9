#!/usr/bin/env node
// Entry point: lets Node load TypeScript (protocheck's own sources and users' model files) with
// no build step, then hands over to the CLI.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('../model/resolve-hook.js', import.meta.url);
const { main } = await import('./main.ts');
await main(process.argv.slice(2));
