import { isNode, parse, parseDocument, stringify } from 'yaml';
import type { JsonObject, JsonValue } from '../graphql/scalars';
import { specSegments } from './specPath';

/** YAML text of a spec (an empty document for null/undefined). */
export function specToYaml(spec: JsonValue | undefined): string {
  if (spec === null || spec === undefined) return '';
  return stringify(spec, { indent: 2, lineWidth: 0 });
}

export type ParseResult = { ok: true; spec: JsonObject } | { ok: false; error: string };

/** Parses the YAML of a spec: a mapping (or `spec:` wrapping one); empty text is `{}`. */
export function yamlToSpec(text: string): ParseResult {
  let value: unknown;
  try {
    value = parse(text, { prettyErrors: true });
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  if (value === null || value === undefined) return { ok: true, spec: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: 'the spec must be a YAML mapping' };
  }
  // The YAML core schema yields JSON values only (strings, numbers, booleans, null, lists, maps).
  return { ok: true, spec: value as JsonObject };
}

/**
 * The 1-based line of the field at `path` (server path syntax, `spec.` prefix optional) in the
 * YAML text of a spec, or null. Keyed-list identities are resolved against the parsed value.
 */
export function lineOfPath(text: string, path: string): number | null {
  let doc;
  try {
    doc = parseDocument(text);
  } catch {
    return null;
  }
  const value = doc.toJS() as JsonValue;
  const keys: (string | number)[] = [];
  let cur: JsonValue | undefined = value;
  for (const s of specSegments(path)) {
    if ('key' in s) {
      keys.push(s.key);
      cur = cur && typeof cur === 'object' && !Array.isArray(cur) ? cur[s.key] : undefined;
    } else if (Array.isArray(cur)) {
      const list: JsonValue[] = cur;
      const idx =
        'index' in s
          ? s.index
          : list.findIndex((it) => {
              if (!it || typeof it !== 'object' || Array.isArray(it)) return false;
              return it.name === s.identity || Object.keys(it).sort().join('+') === s.identity;
            });
      if (idx < 0) break;
      keys.push(idx);
      cur = list[idx];
    } else break;
  }
  // The deepest existing node on the path.
  for (let n = keys.length; n > 0; n--) {
    const node = doc.getIn(keys.slice(0, n), true);
    if (isNode(node) && node.range) {
      // A scalar value sits on its key's line; a collection starts on the line after its key.
      const offset = node.range[0];
      let line = text.slice(0, offset).split('\n').length;
      if (!('value' in node) || typeof (node as { value: unknown }).value === 'object') {
        // Collection: point at the key line above.
        line = Math.max(1, line - 1);
      }
      return line;
    }
  }
  return null;
}

export interface YamlSyntaxError {
  /** Offset of the error in the text. */
  offset: number;
  /** 1-based line. */
  line: number;
  message: string;
}

/** YAML syntax errors of `text` with their position (first line of each message only). */
export function yamlSyntaxErrors(text: string): YamlSyntaxError[] {
  let doc;
  try {
    doc = parseDocument(text, { prettyErrors: true });
  } catch (e) {
    return [{ offset: 0, line: 1, message: e instanceof Error ? e.message : String(e) }];
  }
  return doc.errors.map((e) => {
    const offset = Math.max(0, Math.min(e.pos[0], text.length));
    return { offset, line: text.slice(0, offset).split('\n').length, message: e.message.split('\n')[0] };
  });
}
