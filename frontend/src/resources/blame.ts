import { isNode, parseDocument } from 'yaml';
import { specSegments } from '../common/specPath';
import { specToYaml } from '../common/yamlSpec';
import type { JsonValue } from '../graphql/scalars';

// Field blame beside the desired spec: the spec's YAML lines, each leaf line with who last set
// it (`Resource.blame`: commit, author, date, GIT or GUI). Pure functions, tested in blame.test.ts.

export interface FieldBlame {
  path: string;
  commit?: string | null;
  author?: string | null;
  at?: string | null;
  source?: 'GIT' | 'GUI' | null;
}

export interface BlameLine {
  /** 1-based. */
  line: number;
  text: string;
  /** The leaf on this line, when it is one. */
  blame: FieldBlame | null;
  /** The leaf's commit is the one of the leaf on the line before (drawn lighter). */
  repeat: boolean;
}

export interface BlameView {
  lines: BlameLine[];
  /** Leaves whose line was not found in the text (shown apart, never dropped). */
  unplaced: FieldBlame[];
}

/** The 0-based character offset of the node at a server path in a parsed document, or null. */
function offsetOf(doc: ReturnType<typeof parseDocument>, value: JsonValue, path: string): number | null {
  const keys: (string | number)[] = [];
  let cur: JsonValue | undefined = value;
  for (const s of specSegments(path)) {
    if ('key' in s) {
      if (!cur || typeof cur !== 'object' || Array.isArray(cur) || !(s.key in cur)) return null;
      keys.push(s.key);
      cur = cur[s.key];
    } else if ('index' in s && Array.isArray(cur) && s.index < cur.length) {
      keys.push(s.index);
      cur = cur[s.index];
    } else {
      return null;
    }
  }
  const node = doc.getIn(keys, true);
  return isNode(node) && node.range ? node.range[0] : null;
}

/**
 * The YAML lines of `spec` with each leaf's blame on its line (a scalar sits on its key's line;
 * an empty map or list, `{}` / `[]`, too). One parse for all leaves.
 */
export function blameLines(spec: JsonValue | undefined, blame: FieldBlame[]): BlameView {
  const text = specToYaml(spec).replace(/\n$/, '');
  if (!text) return { lines: [], unplaced: blame };
  const doc = parseDocument(text);
  const value = doc.toJS() as JsonValue;
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const byLine = new Map<number, FieldBlame>();
  const unplaced: FieldBlame[] = [];
  for (const b of blame) {
    const offset = offsetOf(doc, value, b.path);
    const line = offset === null ? null : lineAt(offset);
    if (line === null || byLine.has(line)) unplaced.push(b);
    else byLine.set(line, b);
  }
  let previous: FieldBlame | null = null;
  const lines = text.split('\n').map((t, i) => {
    const b = byLine.get(i + 1) ?? null;
    const repeat = !!b && !!previous && !!b.commit && b.commit === previous.commit;
    if (b) previous = b;
    return { line: i + 1, text: t, blame: b, repeat };
  });
  return { lines, unplaced };
}

/** How many leaves each source set, and how many no recorded event covers. */
export function blameSummary(blame: FieldBlame[]): { git: number; gui: number; unknown: number } {
  const out = { git: 0, gui: 0, unknown: 0 };
  for (const b of blame) {
    if (b.source === 'GIT') out.git++;
    else if (b.source === 'GUI') out.gui++;
    else out.unknown++;
  }
  return out;
}
