/**
 * Builds the web app when its sources are newer than the last build (or it was never built):
 * `npm start` and the browser tests call it, so a fresh clone needs no separate build step.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const webDir = fileURLToPath(new URL('../web/', import.meta.url));
const builtIndex = path.join(webDir, 'dist', 'index.html');

function newestSourceTime(folder: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** True when web/dist is missing or older than any source file. */
export function isWebBuildStale(): boolean {
  if (!fs.existsSync(builtIndex)) return true;
  return newestSourceTime(webDir) > fs.statSync(builtIndex).mtimeMs;
}

export async function buildWebIfStale(options: { force?: boolean } = {}): Promise<boolean> {
  if (!options.force && !isWebBuildStale()) return false;
  process.stderr.write('正在构建网页前端 (building the web app)…\n');
  // Test runners set NODE_ENV=test, which would make Vite bundle React's development build.
  const previousNodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(webDir, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (previousNodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previousNodeEnv;
  }
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await buildWebIfStale({ force: process.argv.includes('--force') });
}
