import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Rules = ReturnType<Storage['getTargetValidationMetadatas']>;

const CACHED = Symbol('validation metadata cached');

/**
 * class-validator resolves a class's rules on every validation: it scans every decorated class of the
 * app for the class's ancestors, filters the rules by the options, then groups them by property anew
 * (typestack/class-validator#2686, open). For intake that was a fifth of the bytes a request
 * allocated, in the bench's allocation profile. A class's own and inherited rules are all registered
 * when it is loaded, before anything can validate it, so the answer for a class and a set of options
 * never changes afterwards: both steps are kept, per class (weakly) and per options.
 */
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const marked = storage as Storage & { [CACHED]?: true };
  if (marked[CACHED]) return;
  marked[CACHED] = true;

  const resolve = storage.getTargetValidationMetadatas.bind(storage);
  const resolved = new WeakMap<object, Map<string, Rules>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = JSON.stringify([schema, always, strictGroups, groups ?? null]);
    let byOptions = resolved.get(target);
    if (!byOptions) resolved.set(target, (byOptions = new Map()));
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = resolve(target, schema, always, strictGroups, groups)));
    return rules;
  };

  // Called with the array above, which is now the same array for the same class and options.
  const group = storage.groupByPropertyName.bind(storage);
  const grouped = new WeakMap<Rules, ReturnType<Storage['groupByPropertyName']>>();
  storage.groupByPropertyName = (rules) => {
    let byProperty = grouped.get(rules);
    if (!byProperty) grouped.set(rules, (byProperty = group(rules)));
    return byProperty;
  };
}
