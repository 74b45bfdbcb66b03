/** Reference data every page needs — departments, categories, regions — loaded once per session. */
import { useEffect, useState } from 'react';
import type { CatalogNode, CategoryNode, DepartmentNode, Kind } from '../shared/types';
import { api } from './api';
import { onSessionChange } from './session';

export interface Reference {
  departments: DepartmentNode[];
  departmentById: Map<string, DepartmentNode>;
  categories: CategoryNode[];
  categoryByCode: Map<string, CategoryNode>;
  regions: CatalogNode[];
  regionByCode: Map<string, CatalogNode>;
}

function index<T extends { children: T[] }, K>(roots: T[], key: (node: T) => K): Map<K, T> {
  const map = new Map<K, T>();
  const walk = (nodes: T[]) =>
    nodes.forEach((node) => {
      map.set(key(node), node);
      walk(node.children);
    });
  walk(roots);
  return map;
}

let loading: Promise<Reference> | null = null;
let loaded: Reference | null = null;
onSessionChange(() => {
  loading = null;
  loaded = null;
});

function load(): Promise<Reference> {
  loading ??= Promise.all([api.departments(), api.categories(), api.regions()]).then(([departments, categories, regions]) => {
    loaded = {
      departments,
      departmentById: index(departments, (d) => d.id),
      categories,
      categoryByCode: index(categories, (c) => c.code),
      regions,
      regionByCode: index(regions, (r) => r.code),
    };
    return loaded;
  });
  loading.catch(() => (loading = null));
  return loading;
}

const subscribers = new Set<(reference: Reference) => void>();

/**
 * Reads the reference data again (after an administrator changed departments, categories or regions) and
 * hands the new copy to every mounted `useReference`; pages keep the old copy until the new one is in.
 */
export function reloadReference(): Promise<Reference> {
  loading = null;
  const next = load();
  next.then((r) => subscribers.forEach((s) => s(r)), () => undefined);
  return next;
}

/** After a failed load, asked again after this long, doubling up to a minute (a blip never leaves the pickers empty). */
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 60_000;

/** The reference data, or null while it loads (and, after a failure, while it is asked again). */
export function useReference(): Reference | null {
  const [value, setValue] = useState<Reference | null>(loaded);
  const [failures, setFailures] = useState(0);
  useEffect(() => {
    let live = true;
    let again: ReturnType<typeof setTimeout> | undefined;
    const take = (r: Reference) => live && setValue(r);
    subscribers.add(take);
    if (!value) {
      load().then(take, () => {
        if (live) again = setTimeout(() => setFailures((n) => n + 1), Math.min(RETRY_FIRST_MS * 2 ** failures, RETRY_MAX_MS));
      });
    }
    return () => {
      live = false;
      clearTimeout(again);
      subscribers.delete(take);
    };
  }, [value, failures]);
  return value;
}

/** `水务 / 供水` for `water.supply`. */
export function catalogPath(map: Map<string, CatalogNode> | undefined, code: string | null): string {
  if (!code) return '—';
  if (!map) return code;
  const names: string[] = [];
  for (let node = map.get(code); node; node = node.parentCode ? map.get(node.parentCode) : undefined) names.unshift(node.name);
  return names.length ? names.join(' / ') : code;
}

/** The codes from a root down to `code`, as a Cascader value. */
export function catalogTrail(map: Map<string, CatalogNode>, code: string): string[] {
  const trail: string[] = [];
  for (let node = map.get(code); node; node = node.parentCode ? map.get(node.parentCode) : undefined) trail.unshift(node.code);
  return trail;
}

/** The kind of request a category implies: its own `defaultKind`, or the nearest one up its tree; null when none does. */
export function impliedKind(map: Map<string, CategoryNode> | undefined, code: string | undefined): Kind | null {
  for (let node = code ? map?.get(code) : undefined; node; node = node.parentCode ? map?.get(node.parentCode) : undefined) {
    if (node.defaultKind) return node.defaultKind;
  }
  return null;
}
