/**
 * Three-way field-choice merge for conflicts. Paths use the server's syntax
 * (`spec.subnets.default.vlan`, `spec.labels["a.b/c"]`, `spec.list[0]`, `spec.permit[vpc-1+vpc-2]`).
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Side = 'base' | 'gui' | 'git';
export type Segment = { key: string } | { index: number } | { identity: string };

export function parsePath(path: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  let cur = '';
  const flush = () => {
    if (cur) out.push({ key: cur });
    cur = '';
  };
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      flush();
      i++;
    } else if (c === '[') {
      flush();
      if (path[i + 1] === '"') {
        // JSON-quoted key
        let j = i + 2;
        while (j < path.length && !(path[j] === '"' && path[j - 1] !== '\\')) j++;
        out.push({ key: JSON.parse(path.slice(i + 1, j + 1)) as string });
        i = path.indexOf(']', j) + 1;
      } else {
        const j = path.indexOf(']', i);
        const inner = path.slice(i + 1, j);
        if (/^\d+$/.test(inner)) out.push({ index: Number(inner) });
        else out.push({ identity: inner });
        i = j + 1;
      }
    } else {
      cur += c;
      i++;
    }
  }
  flush();
  return out;
}

/** Drops the leading `spec` segment (conflict paths are rooted at `spec`, specs are not). */
export function specSegments(path: string): Segment[] {
  const segs = parsePath(path);
  if (segs.length && 'key' in segs[0] && segs[0].key === 'spec') return segs.slice(1);
  return segs;
}

function identityOf(item: Json): string | null {
  if (item && typeof item === 'object' && !Array.isArray(item)) {
    if (typeof item.name === 'string') return item.name;
    return Object.keys(item).sort().join('+');
  }
  return null;
}

function findIdentity(list: Json[], identity: string): number {
  return list.findIndex((it) => identityOf(it) === identity);
}

function isObj(v: Json | undefined): v is { [k: string]: Json } {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function getAt(root: Json | undefined, segs: Segment[]): Json | undefined {
  let cur: Json | undefined = root;
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
export function setAt(root: Json | undefined, segs: Segment[], value: Json | undefined): Json | undefined {
  if (segs.length === 0) return value;
  const [s, ...rest] = segs;
  if ('key' in s) {
    const obj: { [k: string]: Json } = isObj(root) ? { ...root } : {};
    const next = setAt(obj[s.key], rest, value);
    if (next === undefined) delete obj[s.key];
    else obj[s.key] = next;
    return obj;
  }
  const list: Json[] = Array.isArray(root) ? [...root] : [];
  const idx = 'index' in s ? s.index : findIdentity(list, s.identity);
  if (idx < 0) {
    if (value !== undefined) list.push(setAt(undefined, rest, value) as Json);
    return list;
  }
  const next = setAt(list[idx], rest, value);
  if (next === undefined) list.splice(idx, 1);
  else list[idx] = next;
  return list;
}

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
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
export function autoMerge(base: Json | undefined, gui: Json | undefined, git: Json | undefined): Json | undefined {
  if (deepEqual(gui, git)) return gui;
  if (deepEqual(gui, base)) return git;
  if (deepEqual(git, base)) return gui;
  if (isObj(gui) && isObj(git) && (base === undefined || base === null || isObj(base))) {
    const b = isObj(base) ? base : {};
    const out: { [k: string]: Json } = {};
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
  sides: { base: Json | undefined; gui: Json | undefined; git: Json | undefined },
  paths: string[],
  choices: Record<string, Side>,
): Json | undefined {
  let merged = autoMerge(sides.base, sides.gui, sides.git);
  for (const path of paths) {
    const side = choices[path] ?? 'git';
    const segs = specSegments(path);
    merged = setAt(merged, segs, getAt(sides[side], segs));
  }
  return merged;
}
