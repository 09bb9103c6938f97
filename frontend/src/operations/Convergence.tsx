import { after, convergenceSteps, type ConvergenceData } from './convergence';

/** "Committed → In cluster → On switches" for a pushed write-back. */
export function Convergence({ convergence }: { convergence: ConvergenceData | null | undefined }) {
  if (!convergence) return null;
  const steps = convergenceSteps(convergence);
  return (
    <div className="card" data-testid="operation-convergence">
      <h2>Convergence</h2>
      <ol className="convergence">
        {steps.map((s, i) => (
          <li key={s.key} data-step={s.key} data-done={s.done} className={s.done ? 'done' : 'waiting'}>
            {i > 0 && <span className="convergence-arrow" aria-hidden="true">→ </span>}
            <strong>{s.label}</strong> {s.done ? '✓' : '…'}{' '}
            {s.at && s.done && (
              <span className="muted" title={s.at}>
                {after(s.afterSeconds)}
              </span>
            )}
            <div className="muted small">{s.detail}</div>
          </li>
        ))}
      </ol>
    </div>
  );
}
