import { describe, expect, it } from 'vitest';
import { outcomeNotes } from './outcome';

describe('outcomeNotes', () => {
  it('says nothing for a run that opened no conflict and merged nothing', () => {
    expect(outcomeNotes({ conflicts: 0, autoMerged: 0 })).toEqual([]);
    expect(outcomeNotes({ conflicts: 0 })).toEqual([]);
  });

  it('names conflicts opened and drafts auto-merged, singular and plural', () => {
    expect(outcomeNotes({ conflicts: 1, autoMerged: 1 }).map((n) => n.text)).toEqual(['1 conflict opened', '1 draft auto-merged']);
    expect(outcomeNotes({ conflicts: 3, autoMerged: 2 }).map((n) => n.text)).toEqual(['3 conflicts opened', '2 drafts auto-merged']);
  });

  it('marks conflicts as bad and merges as information', () => {
    expect(outcomeNotes({ conflicts: 2, autoMerged: 5 }).map((n) => [n.key, n.tone])).toEqual([
      ['conflicts', 'bad'],
      ['auto-merged', 'info'],
    ]);
  });
});
