// What an operation's status line says beyond its status: the conflicts it opened and the
// drafts it merged automatically, so a green "SUCCEEDED" never hides either.

export interface OutcomeNote {
  /** `conflicts` or `auto-merged` (a stable key for tests and styling). */
  key: 'conflicts' | 'auto-merged';
  text: string;
  tone: 'bad' | 'info';
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The notes for an operation with `conflicts` opened and `autoMerged` resources merged. */
export function outcomeNotes({ conflicts, autoMerged }: { conflicts: number; autoMerged?: number | null }): OutcomeNote[] {
  const notes: OutcomeNote[] = [];
  if (conflicts > 0) notes.push({ key: 'conflicts', text: `${plural(conflicts, 'conflict', 'conflicts')} opened`, tone: 'bad' });
  if (autoMerged && autoMerged > 0) notes.push({ key: 'auto-merged', text: `${plural(autoMerged, 'draft', 'drafts')} auto-merged`, tone: 'info' });
  return notes;
}
