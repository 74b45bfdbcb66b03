/**
 * What a browser fetches to show a page of the console for the first time, read from the build itself:
 * the scripts and styles the served HTML names (its entry, `modulepreload` and stylesheet links), then the
 * landing page's own chunk and every chunk it imports statically, from Vite's manifest
 * (`web/dist/.vite/manifest.json`). Chunks a page loads later (`import()`) are not part of it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export function readManifest(webDir: string): Manifest {
  return JSON.parse(readFileSync(join(webDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
}

/** The URLs (`/assets/...`) a served HTML page loads by itself: its module script, preloads and styles. */
export function urlsInHtml(html: string): string[] {
  const found = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) found.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\brel="(?:modulepreload|stylesheet)"[^>]*\bhref="([^"]+)"/g)) found.add(m[1]);
  return [...found];
}

/** The URLs of a lazily loaded page's chunk (by its source file, e.g. `src/staff/pages/IntakePage.tsx`) and its static imports, with their CSS. */
export function urlsOfPage(manifest: Manifest, source: string): string[] {
  const found = new Set<string>();
  const walk = (key: string) => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the Vite manifest`);
    const url = `/${chunk.file}`;
    if (found.has(url)) return;
    found.add(url);
    for (const css of chunk.css ?? []) found.add(`/${css}`);
    for (const imported of chunk.imports ?? []) walk(imported);
  };
  walk(source);
  return [...found];
}
