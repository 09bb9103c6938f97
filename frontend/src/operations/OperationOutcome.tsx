import { outcomeNotes } from './outcome';

/** The conflicts an operation opened and the drafts it auto-merged, beside its status badge. */
export function OperationOutcome({ conflicts, autoMerged }: { conflicts: number; autoMerged?: number | null }) {
  const notes = outcomeNotes({ conflicts, autoMerged });
  if (notes.length === 0) return null;
  return (
    <span className="operation-outcome" data-testid="operation-outcome">
      {notes.map((n) => (
        <span key={n.key} className={`outcome-note ${n.tone}`} data-outcome={n.key}>
          {' · '}
          {n.text}
        </span>
      ))}
    </span>
  );
}
