import { useEffect, useRef } from 'react';
import { basicSetup, EditorView } from 'codemirror';
import { EditorState } from '@codemirror/state';
import { MergeView } from '@codemirror/merge';
import { yaml } from '@codemirror/lang-yaml';

/** Side-by-side read-only diff of two YAML texts (CodeMirror merge view). */
export function DiffView({ a, b, labelA, labelB, testId }: { a: string; b: string; labelA: string; labelB: string; testId?: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const ext = [basicSetup, yaml(), EditorState.readOnly.of(true), EditorView.editable.of(false)];
    const mv = new MergeView({
      a: { doc: a, extensions: ext },
      b: { doc: b, extensions: ext },
      parent: host.current,
      collapseUnchanged: { margin: 3, minSize: 6 },
    });
    return () => mv.destroy();
  }, [a, b]);
  return (
    <div className="diff" data-testid={testId}>
      <div className="diff-labels">
        <span>{labelA}</span>
        <span>{labelB}</span>
      </div>
      {a === b ? <p className="muted">No differences.</p> : <div ref={host} />}
    </div>
  );
}

export default DiffView;
