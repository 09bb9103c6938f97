import { useEffect, useRef } from 'react';
import { basicSetup, EditorView } from 'codemirror';
import { EditorState, RangeSetBuilder, StateField, type Extension } from '@codemirror/state';
import { Decoration, type DecorationSet } from '@codemirror/view';
import { yaml } from '@codemirror/lang-yaml';

const highlightMark = Decoration.line({ class: 'cm-conflict-line' });

function highlightLines(lines: number[]): Extension {
  return StateField.define<DecorationSet>({
    create(state) {
      const b = new RangeSetBuilder<Decoration>();
      for (const n of [...new Set(lines)].sort((x, y) => x - y)) {
        if (n >= 1 && n <= state.doc.lines) {
          const line = state.doc.line(n);
          b.add(line.from, line.from, highlightMark);
        }
      }
      return b.finish();
    },
    update(deco, tr) {
      return deco.map(tr.changes);
    },
    provide: (f) => EditorView.decorations.from(f),
  });
}

export interface YamlEditorProps {
  value: string;
  onChange?: (text: string) => void;
  readOnly?: boolean;
  /** 1-based line numbers to highlight. */
  highlight?: number[];
  testId?: string;
  label?: string;
}

/** A CodeMirror 6 YAML editor. `value` is applied when it changes from outside. */
export function YamlEditor({ value, onChange, readOnly, highlight, testId, label }: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);
  const highlightKey = (highlight ?? []).join(',');

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          yaml(),
          EditorView.lineWrapping,
          EditorState.readOnly.of(!!readOnly),
          EditorView.editable.of(!readOnly),
          EditorView.contentAttributes.of(label ? { 'aria-label': label } : {}),
          highlightLines(highlight ?? []),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current?.(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // Re-created only when the mode or highlights change; text changes are dispatched below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [readOnly, highlightKey, label]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);

  return <div className={`yaml-editor ${readOnly ? 'readonly' : ''}`} ref={host} data-testid={testId} />;
}

export default YamlEditor;
