/**
 * Where the shared corpus lives (../shared/corpus beside the repository, read in place, never
 * copied in). In a user's clone it is absent: tests that need it print one loud line and skip.
 * Under CI its absence is a failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Absolute path of the corpus folder. */
export const corpusDir = path.resolve(repositoryRoot, '../shared/corpus');

/** True when the corpus is present; prints a loud line (or throws under CI) when it is not. */
export function isCorpusAvailable(): boolean {
  if (fs.existsSync(corpusDir)) return true;
  if (process.env.CI) throw new Error(`CORPUS MISSING under CI: expected ${corpusDir}`);
  console.warn(`!!! CORPUS ABSENT (${corpusDir}): skipping the tests that read it`);
  return false;
}

/** The gold parses, as [name, absolute path] pairs. */
export function listGoldFiles(): Array<[string, string]> {
  return fs
    .readdirSync(corpusDir)
    .filter((name) => name.endsWith('.gold.json'))
    .sort()
    .map((name) => [name, path.join(corpusDir, name)]);
}
