import { useEffect, useRef } from 'react';
import { basicSetup, EditorView } from 'codemirror';
import { Compartment, EditorState, RangeSetBuilder, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, type DecorationSet } from '@codemirror/view';
import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { yamlSyntaxErrors } from '../yamlSpec';

const highlightMark = Decoration.line({ class: 'cm-conflict-line' });

/** Replaces the highlighted lines (1-based) without touching the document. */
const setHighlights = StateEffect.define<number[]>();

function decorate(state: EditorState, lines: number[]): DecorationSet {
  const b = new RangeSetBuilder<Decoration>();
  for (const n of [...new Set(lines)].sort((x, y) => x - y)) {
    if (n >= 1 && n <= state.doc.lines) {
      const line = state.doc.line(n);
      b.add(line.from, line.from, highlightMark);
    }
  }
  return b.finish();
}

const highlightField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects) if (e.is(setHighlights)) return decorate(tr.state, e.value);
    return deco.map(tr.changes);
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** YAML syntax errors as diagnostics at their line (a red underline and a gutter marker). */
export const yamlLinter: Extension = [
  linter(
    (view): Diagnostic[] =>
      yamlSyntaxErrors(view.state.doc.toString()).map((e) => {
        const from = Math.min(e.offset, view.state.doc.length);
        const line = view.state.doc.lineAt(from);
        return { from, to: Math.max(from, Math.min(line.to, view.state.doc.length)), severity: 'error', source: 'YAML', message: e.message };
      }),
    { delay: 300 },
  ),
  lintGutter(),
];

export interface YamlEditorProps {
  value: string;
  onChange?: (text: string) => void;
  readOnly?: boolean;
  /** 1-based line numbers to highlight. */
  highlight?: number[];
  testId?: string;
  label?: string;
  /** Mark YAML syntax errors at their line. */
  lint?: boolean;
}

/**
 * A CodeMirror 6 YAML editor, created once per mount. `value` is applied only when it differs
 * from the document (an outside change such as Reset); the mode, label and highlights are
 * reconfigured in place, so typing never re-creates the editor or resets its document.
 */
export function YamlEditor({ value, onChange, readOnly, highlight, testId, label, lint }: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  const compartments = useRef({ mode: new Compartment(), label: new Compartment(), lint: new Compartment() });
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);
  const highlightKey = (highlight ?? []).join(',');
  const initial = useRef({ value, readOnly, label, lint, highlight });

  useEffect(() => {
    if (!host.current) return;
    const c = compartments.current;
    const init = initial.current;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: init.value,
        extensions: [
          basicSetup,
          yaml(),
          EditorView.lineWrapping,
          c.mode.of(modeExtension(!!init.readOnly)),
          c.label.of(EditorView.contentAttributes.of(init.label ? { 'aria-label': init.label } : {})),
          c.lint.of(init.lint ? yamlLinter : []),
          highlightField,
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current?.(u.state.doc.toString());
          }),
        ],
      }),
    });
    v.dispatch({ effects: setHighlights.of(init.highlight ?? []) });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.mode.reconfigure(modeExtension(!!readOnly)) });
  }, [readOnly]);
  useEffect(() => {
    view.current?.dispatch({
      effects: compartments.current.label.reconfigure(EditorView.contentAttributes.of(label ? { 'aria-label': label } : {})),
    });
  }, [label]);
  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.lint.reconfigure(lint ? yamlLinter : []) });
  }, [lint]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    const lines = highlightKey ? highlightKey.split(',').map(Number) : [];
    view.current?.dispatch({ effects: setHighlights.of(lines) });
  }, [highlightKey]);

  return <div className={`yaml-editor ${readOnly ? 'readonly' : ''}`} ref={host} data-testid={testId} />;
}

function modeExtension(readOnly: boolean): Extension {
  return [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)];
}

export default YamlEditor;
