#!/usr/bin/env node
/**
 * `npm start`'s build step: builds the server (`nest build`) and the web console (`npm run build:web`)
 * only when what each is built from changed since its last build, so a start with nothing changed goes
 * straight to the last build. "Changed" is by content — a hash of every input file, kept next to the
 * output (`dist/.inputs-sha256`, `web/dist/.inputs-sha256`) — so a checkout, a stash or a copy that keeps
 * old timestamps cannot fool it, and a touched but unchanged file costs nothing. Plain Node, no
 * dependencies: it runs before anything is compiled.
 *
 *   node scripts/build-changed.mjs          build what changed
 *   node scripts/build-changed.mjs --check  only say what would be built (exit 1 when something would)
 */
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** What each part is built from, what proves a build is there, and how to build it. */
const PARTS = [
  {
    name: 'server',
    inputs: ['src', 'migrations', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json'],
    output: 'dist/src/main.js',
    stamp: 'dist/.inputs-sha256',
    command: 'npx nest build',
  },
  {
    name: 'web console',
    inputs: ['web/src', 'web/index.html', 'web/citizen/index.html', 'web/vite.config.ts', 'web/tsconfig.json', 'web/package.json', 'package-lock.json'],
    output: 'web/dist/index.html',
    stamp: 'web/dist/.inputs-sha256',
    command: 'npm run build:web',
  },
];

/** Every file under the inputs, sorted, so the hash does not depend on the order the disk lists them. */
function files(inputs) {
  const found = [];
  const walk = (path) => {
    const full = join(root, path);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full)) walk(join(path, entry));
    } else {
      found.push(path);
    }
  };
  inputs.forEach(walk);
  return found.sort();
}

function inputsHash(part) {
  const hash = createHash('sha256');
  for (const file of files(part.inputs)) {
    hash.update(relative(root, join(root, file)) + '\0');
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const check = process.argv.includes('--check');
let stale = 0;
for (const part of PARTS) {
  const hash = inputsHash(part);
  const stampPath = join(root, part.stamp);
  const built = existsSync(join(root, part.output)) && existsSync(stampPath) && readFileSync(stampPath, 'utf8').trim() === hash;
  if (built) {
    console.log(`${part.name}: unchanged since its last build (${part.output})`);
    continue;
  }
  stale++;
  if (check) {
    console.log(`${part.name}: changed, would run \`${part.command}\``);
    continue;
  }
  console.log(`${part.name}: changed, running \`${part.command}\``);
  const started = Date.now();
  execSync(part.command, { cwd: root, stdio: 'inherit' });
  // Written only after a build that succeeded (a failed one throws above and leaves no stamp).
  writeFileSync(stampPath, hash + '\n');
  console.log(`${part.name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
if (check && stale > 0) process.exitCode = 1;
