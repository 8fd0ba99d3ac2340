#!/usr/bin/env node
// Runs the build command given as arguments only when something it compiles changed since its last
// success, so `npm start` with nothing changed goes straight to `node dist/src/main.js`.
// Usage (from the project root): node scripts/build-if-stale.mjs npm run build --silent
//
// "Changed" is judged by content, not mtimes: a sha256 over every file under tsconfig.build.json's
// `include` (sources, .jsx components, locales, whatever lies there), plus the tsconfigs, package.json
// and package-lock.json. A git checkout that leaves contents alike does not rebuild; any edit does.
// The stamp is written into dist/ only after the build succeeded, so a failed build runs again.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const STAMP = join(root, 'dist', '.build-inputs.sha256');
/** Outputs that must exist for a skip to be safe (someone may have deleted part of dist/). */
const OUTPUTS = ['dist/src/main.js', 'dist/admin-bundle/bundle.js'];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

function buildIncludes() {
  const text = readFileSync(join(root, 'tsconfig.build.json'), 'utf8');
  // tsconfig allows comments and trailing commas; strip the simple forms before parsing.
  const json = text
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/,(\s*[}\]])/g, '$1');
  return JSON.parse(json).include ?? ['src'];
}

function listFiles(path, out) {
  if (!existsSync(path)) return;
  if (!statSync(path).isDirectory()) return void out.push(path);
  for (const entry of readdirSync(path).sort()) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    listFiles(join(path, entry), out);
  }
}

function inputsHash() {
  const files = [];
  for (const include of buildIncludes()) listFiles(join(root, include.replace(/\/\*\*.*$/, '')), files);
  for (const file of CONFIG_FILES) listFiles(join(root, file), files);
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.slice(root.length)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

function upToDate(hash) {
  return OUTPUTS.every((file) => existsSync(join(root, file))) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash;
}

const command = process.argv.slice(2);
if (command.length === 0) {
  process.stderr.write('usage: node scripts/build-if-stale.mjs <build command...>\n');
  process.exit(2);
}
const before = inputsHash();
if (upToDate(before)) {
  process.stdout.write('build is up to date (no source, tsconfig or lockfile changed), skipping it\n');
  process.exit(0);
}
const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit', shell: process.platform === 'win32' });
if (result.status !== 0) process.exit(result.status ?? 1);
// Hash as it was when the build started: an edit made during the build leaves the stamp stale.
writeFileSync(STAMP, before);
