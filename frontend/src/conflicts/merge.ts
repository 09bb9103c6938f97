/**
 * Three-way field-choice merge for conflicts. Paths use the server's syntax (see
 * `common/specPath.ts`).
 */
import type { JsonObject, JsonValue } from '../graphql/scalars';
import { isJsonObject } from '../graphql/scalars';
import { specSegments, type Segment } from '../common/specPath';

export type Side = 'base' | 'gui' | 'git';

function identityOf(item: JsonValue): string | null {
  if (item && typeof item === 'object' && !Array.isArray(item)) {
    if (typeof item.name === 'string') return item.name;
    return Object.keys(item).sort().join('+');
  }
  return null;
}

function findIdentity(list: JsonValue[], identity: string): number {
  return list.findIndex((it) => identityOf(it) === identity);
}

const isObj = isJsonObject;

export function getAt(root: JsonValue | undefined, segs: Segment[]): JsonValue | undefined {
  let cur: JsonValue | undefined = root;
  for (const s of segs) {
    if (cur === undefined || cur === null) return undefined;
    if ('key' in s) {
      if (!isObj(cur)) return undefined;
      cur = cur[s.key];
    } else if (!Array.isArray(cur)) {
      return undefined;
    } else if ('index' in s) {
      cur = cur[s.index];
    } else {
      const i = findIdentity(cur, s.identity);
      cur = i < 0 ? undefined : cur[i];
    }
  }
  return cur;
}

/** Returns a copy of `root` with the value at `segs` set (undefined deletes it). */
export function setAt(root: JsonValue | undefined, segs: Segment[], value: JsonValue | undefined): JsonValue | undefined {
  if (segs.length === 0) return value;
  const [s, ...rest] = segs;
  if ('key' in s) {
    const obj: JsonObject = isObj(root) ? { ...root } : {};
    const next = setAt(obj[s.key], rest, value);
    if (next === undefined) delete obj[s.key];
    else obj[s.key] = next;
    return obj;
  }
  const list: JsonValue[] = Array.isArray(root) ? [...root] : [];
  const idx = 'index' in s ? s.index : findIdentity(list, s.identity);
  if (idx < 0) {
    if (value !== undefined) list.push(setAt(undefined, rest, value) as JsonValue);
    return list;
  }
  const next = setAt(list[idx], rest, value);
  if (next === undefined) list.splice(idx, 1);
  else list[idx] = next;
  return list;
}

export function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== typeof b) return false;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (typeof a === 'object') {
    if (Array.isArray(b) || typeof b !== 'object') return false;
    const ka = Object.keys(a).filter((k) => a[k] !== null);
    const kb = Object.keys(b).filter((k) => b[k] !== null);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** Auto-merge: the side that changed wins; both changed (differently) keeps git (like the server). */
export function autoMerge(base: JsonValue | undefined, gui: JsonValue | undefined, git: JsonValue | undefined): JsonValue | undefined {
  if (deepEqual(gui, git)) return gui;
  if (deepEqual(gui, base)) return git;
  if (deepEqual(git, base)) return gui;
  if (isObj(gui) && isObj(git) && (base === undefined || base === null || isObj(base))) {
    const b = isObj(base) ? base : {};
    const out: JsonObject = {};
    for (const k of new Set([...Object.keys(gui), ...Object.keys(git)])) {
      const v = autoMerge(b[k], gui[k], git[k]);
      if (v !== undefined && v !== null) out[k] = v;
    }
    return out;
  }
  return git;
}

/**
 * The merged spec: the auto-merge of the three sides, then for each conflicting path the
 * value of the chosen side (absent on that side removes the field).
 */
export function mergeWithChoices(
  sides: { base: JsonValue | undefined; gui: JsonValue | undefined; git: JsonValue | undefined },
  paths: string[],
  choices: Record<string, Side>,
): JsonValue | undefined {
  let merged = autoMerge(sides.base, sides.gui, sides.git);
  for (const path of paths) {
    const side = choices[path] ?? 'git';
    const segs = specSegments(path);
    merged = setAt(merged, segs, getAt(sides[side], segs));
  }
  return merged;
}
