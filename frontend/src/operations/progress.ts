import type { OperationStatus } from '../graphql/generated/graphql';

/** State of one operation's live progress, fed by `syncProgress` events. */
export type OpStatus = OperationStatus;

export interface CountersLike {
  filesProcessed: number;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  conflicts: number;
}

export interface ProgressEvent {
  operationId: string;
  status: OpStatus;
  phase?: string | null;
  percent: number;
  message?: string | null;
  counters: CountersLike;
  at: string;
}

export interface ProgressState {
  operationId: string | null;
  label: string | null;
  status: OpStatus | null;
  phase: string | null;
  percent: number;
  message: string | null;
  counters: CountersLike | null;
  lastAt: string | null;
  done: boolean;
}

export type ProgressAction =
  | { type: 'start'; operationId: string; label: string; status?: OpStatus; percent?: number }
  | { type: 'event'; event: ProgressEvent }
  | { type: 'reset' };

export const initialProgress: ProgressState = {
  operationId: null,
  label: null,
  status: null,
  phase: null,
  percent: 0,
  message: null,
  counters: null,
  lastAt: null,
  done: false,
};

export const TERMINAL: ReadonlySet<OpStatus> = new Set(['SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED', 'CANCELLED']);

export function isTerminal(status: OpStatus | null | undefined): boolean {
  return !!status && TERMINAL.has(status);
}

export function progressReducer(state: ProgressState, action: ProgressAction): ProgressState {
  switch (action.type) {
    case 'reset':
      return initialProgress;
    case 'start': {
      const status = action.status ?? 'QUEUED';
      return {
        ...initialProgress,
        operationId: action.operationId,
        label: action.label,
        status,
        percent: clamp(action.percent ?? 0),
        done: isTerminal(status),
      };
    }
    case 'event': {
      const e = action.event;
      // Events of another operation, and anything after a terminal state, are ignored.
      if (state.operationId !== null && e.operationId !== state.operationId) return state;
      if (state.done) return state;
      // Out-of-order delivery: never go back in time.
      if (state.lastAt && Date.parse(e.at) < Date.parse(state.lastAt)) return state;
      const done = isTerminal(e.status);
      const percent = done && e.status === 'SUCCEEDED' ? 100 : Math.max(state.percent, clamp(e.percent));
      return {
        ...state,
        operationId: e.operationId,
        status: e.status,
        phase: e.phase ?? state.phase,
        percent,
        message: e.message ?? state.message,
        counters: e.counters,
        lastAt: e.at,
        done,
      };
    }
  }
}

function clamp(n: number): number {
  if (!Number.isFinite(n)) return 0;
  return Math.min(100, Math.max(0, Math.round(n)));
}
