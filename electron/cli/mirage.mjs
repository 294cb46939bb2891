#!/usr/bin/env node
// Runs the TypeScript CLI straight from a checkout (no build step): tsx compiles on the fly.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
