import { OperationOutcome } from './OperationOutcome';
import type { ProgressState } from './progress';

export function ProgressBar({ state }: { state: ProgressState }) {
  if (!state.operationId) return null;
  return (
    <div className="progress-block" data-testid="sync-progress" data-status={state.status ?? ''} data-label={state.label ?? ''} data-done={state.done ? 'true' : 'false'} data-operation-id={state.operationId}>
      <div className="progress-label">
        <span>{state.label}</span> — <span className="progress-status">{state.status}</span>
        {state.phase && (
          <>
            {' '}
            · <span className="progress-phase">{state.phase}</span>
          </>
        )}
        {state.done && state.counters && <OperationOutcome conflicts={state.counters.conflicts} />}
      </div>
      <div
        className={`progress ${state.done ? 'progress-done' : ''}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={state.percent}
      >
        <div className="progress-fill" style={{ width: `${state.percent}%` }} />
      </div>
      <div className="progress-text">
        {state.percent}%{state.message ? ` — ${state.message}` : ''}
        {state.counters && (
          <span className="muted">
            {' '}
            (files {state.counters.filesProcessed}, +{state.counters.created} ~{state.counters.updated} −
            {state.counters.deleted}, conflicts {state.counters.conflicts})
          </span>
        )}
      </div>
    </div>
  );
}
