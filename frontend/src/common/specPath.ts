/**
 * Paths in the server's syntax (`spec.subnets.default.vlan`, `spec.labels["a.b/c"]`,
 * `spec.list[0]`, `spec.permit[vpc-1+vpc-2]`), as conflicts, drift and validation problems name
 * fields.
 */
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
