import type { ProgressState } from '../operations/progress';

/**
 * What the polite live region says about an operation's progress: its label, status and phase
 * (not the percentage, so a screen reader hears each phase change once, not every tick).
 */
export function announcement(p: ProgressState): string {
  if (!p.operationId || !p.label) return '';
  const status = (p.status ?? 'QUEUED').toLowerCase().replace(/_/g, ' ');
  if (p.done) return `${p.label} finished: ${status}${p.message ? `. ${p.message}` : ''}`;
  return `${p.label}: ${status}${p.phase ? `, ${p.phase}` : ''}`;
}
