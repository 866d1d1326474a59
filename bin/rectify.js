#!/usr/bin/env node
// The `rectify` command: runs the TypeScript CLI through the tsx loader, so `npx rectify`
// works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
