import { useEffect, useId, useRef, type ReactNode } from 'react';
import { trapFocus } from '../common/trapFocus';
import type { CombinedError } from 'urql';
import { ErrorBox } from '../common/ErrorBox';
import { confirmLabel, type DryRunReport, type ReviewTarget } from './review';

export interface ReviewDialogProps {
  /** What is reviewed, e.g. "Sync to Git". */
  action: string;
  target: ReviewTarget;
  /** The dry run's report; undefined while it runs (or when the action has no dry run). */
  report?: DryRunReport;
  /** The dry run is still running. */
  loading?: boolean;
  /** The commit message (subject and body), when known. */
  message?: string;
  /** Shown instead of the file list when the action has no dry run. */
  note?: string;
  /** The dry run failed (or the write could not be started). */
  error?: CombinedError | null;
  errorText?: string | null;
  /** The write is being started. */
  busy?: boolean;
  /** The action does more than write (Sync Bidirectional also reads Git): it may run with nothing to write. */
  allowEmpty?: boolean;
  /** The confirm button's label, when not the target's (`Commit and push`, `Open pull request`). */
  confirmText?: string;
  /** Said when the dry run would write nothing (default: the pending drafts change no file). */
  nothingText?: string;
  /** Shown after the report (e.g. a revert's fields in conflict). */
  children?: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
}

/** One unified diff, each line tinted by its kind. */
export function UnifiedDiff({ diff }: { diff: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <pre className="unified-diff">
      {lines.map((l, i) => {
        const cls = l.startsWith('+++') || l.startsWith('---') ? 'hdr' : l.startsWith('@@') ? 'hunk' : l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : '';
        return (
          <span key={i} className={`diff-line ${cls}`}>
            {l}
            {'\n'}
          </span>
        );
      })}
    </pre>
  );
}

/**
 * "Review changes": every file a write to Git would change with its unified diff, the commit
 * message and the target; nothing is written until the confirm button is pressed.
 */
export function ReviewDialog({ action, target, report, loading, message, note, error, errorText, busy, allowEmpty, confirmText, nothingText, children, onConfirm, onCancel }: ReviewDialogProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    opener.current = document.activeElement;
    ref.current?.focus();
    return () => {
      const el = opener.current;
      if (el instanceof HTMLElement) el.focus();
    };
  }, []);
  const nothing = !!report && report.files.length === 0;
  const failed = !!error || !!errorText;
  const canConfirm = !busy && !loading && !failed && (note !== undefined || (!!report && (!nothing || !!allowEmpty)));
  const label = confirmText ?? confirmLabel(target);

  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        ref={ref}
        data-testid="review-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onCancel();
          } else trapFocus(e);
        }}
      >
        <h2 id={titleId}>Review changes</h2>
        <p className="muted">
          {action} — nothing is written to Git until you press <strong>{label}</strong>.
        </p>
        <dl className="facts">
          <dt>Target</dt>
          <dd data-testid="review-target">
            {target.pullRequest ? (
              <>
                pull request into <code>{target.branch}</code>
                {target.openPullRequestUrl && (
                  <>
                    {' '}
                    (updates <a href={target.openPullRequestUrl}>the open pull request</a>)
                  </>
                )}
              </>
            ) : (
              <>
                branch <code>{target.branch}</code>
              </>
            )}
          </dd>
        </dl>
        {loading && (
          <p role="status" data-testid="review-loading">
            Running a dry run…
          </p>
        )}
        <ErrorBox error={error} title="Dry run failed" />
        {errorText && (
          <div className="error" role="alert">
            {errorText}
          </div>
        )}
        {note !== undefined && <p className="warn-box">{note}</p>}
        {message !== undefined && message !== '' && (
          <>
            <h3>Commit message</h3>
            <pre className="commit-message" data-testid="review-message">
              {message}
            </pre>
            <p className="muted small">The server adds the HNP-Operation and HNP-User trailers when it commits.</p>
          </>
        )}
        {report && (
          <>
            <h3>
              Files ({report.files.length})
            </h3>
            {nothing && (
              <p data-testid="review-nothing">
                {nothingText ?? 'Nothing to write: the pending drafts change no file in Git.'}
                {allowEmpty && ' The sync still reads Git into the GUI.'}
              </p>
            )}
            <ul className="review-files">
              {report.files.map((f) => (
                <li key={f.path} data-testid="review-file" data-path={f.path}>
                  <div>
                    <code>{f.path}</code> <span className="muted">({f.action})</span>
                  </div>
                  <UnifiedDiff diff={f.diff} />
                </li>
              ))}
            </ul>
            {report.skipped.length > 0 && (
              <div className="warn-box">
                <strong>Not written</strong>
                <ul>
                  {report.skipped.map((s) => (
                    <li key={`${s.kind}/${s.namespace}/${s.name}`}>
                      {s.kind} {s.namespace}/{s.name}: {s.reason}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {report.warnings.length > 0 && (
              <div className="warn-box">
                <strong>Warnings</strong>
                <ul>
                  {report.warnings.map((w, i) => (
                    <li key={i}>
                      {w.kind} {w.namespace}/{w.name} <code>{w.path}</code>: {w.message}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {report.conflicts > 0 && (
              <p className="warn-box">The dry run found {report.conflicts} conflict(s) with Git; conflicted drafts are not written.</p>
            )}
          </>
        )}
        {children}
        <div className="buttons modal-buttons">
          <button type="button" disabled={!canConfirm} onClick={onConfirm}>
            {label}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
