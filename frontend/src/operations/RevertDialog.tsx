import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useClient, type CombinedError } from 'urql';
import { ReviewDialog } from '../fabrics/ReviewDialog';
import { parseDryRun, withoutTrailers, type DryRunReport, type ReviewTarget } from '../fabrics/review';
import { RevertCommitMutation, RevertOperationMutation, SyncOperationQuery } from './operations';
import { isTerminal } from './progress';
import { revertConflicts, type RevertConflict, type RevertSubject } from './revert';

const POLL_MS = 400;
const DRY_RUN_TIMEOUT_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface State {
  loading: boolean;
  report?: DryRunReport;
  message?: string;
  conflicts: RevertConflict[];
  error?: CombinedError;
  errorText?: string;
  busy: boolean;
}

/**
 * "Revert": first the revert's dry run (its files and diffs in the Review changes dialog, the
 * commit message, and the fields it would not overwrite because they changed again since), then
 * the confirm button runs it and opens the new operation's page.
 */
export function RevertDialog({ subject, target, onClose }: { subject: RevertSubject; target: ReviewTarget; onClose: () => void }) {
  const client = useClient();
  const navigate = useNavigate();
  const [state, setState] = useState<State>({ loading: true, conflicts: [], busy: false });
  const alive = useRef(true);

  const run = (dryRun: boolean) =>
    subject.kind === 'operation'
      ? client
          .mutation(RevertOperationMutation, { operationId: subject.operationId, dryRun })
          .toPromise()
          .then((r) => ({ op: r.data?.revertOperation, error: r.error }))
      : client
          .mutation(RevertCommitMutation, { fabricId: subject.fabricId, commit: subject.commit, dryRun })
          .toPromise()
          .then((r) => ({ op: r.data?.revertCommit, error: r.error }));

  useEffect(() => {
    alive.current = true;
    const update = (patch: Partial<State>) => {
      if (alive.current) setState((s) => ({ ...s, ...patch }));
    };
    void (async () => {
      const started = await run(true);
      if (!started.op) return update({ loading: false, error: started.error });
      let op: { id: string; status: string; details?: unknown; commitMessage?: string | null; message?: string | null } = started.op;
      const deadline = Date.now() + DRY_RUN_TIMEOUT_MS;
      while (alive.current && !isTerminal(op.status as never)) {
        if (Date.now() > deadline) return update({ loading: false, errorText: `The dry run (operation ${op.id}) did not finish in time.` });
        await sleep(POLL_MS);
        const r = await client.query(SyncOperationQuery, { id: op.id }, { requestPolicy: 'network-only' }).toPromise();
        if (r.error) return update({ loading: false, error: r.error });
        if (r.data?.syncOperation) op = r.data.syncOperation;
      }
      if (!alive.current) return;
      if (op.status === 'FAILED' || op.status === 'CANCELLED') {
        return update({ loading: false, errorText: `The dry run ${op.status.toLowerCase()}: ${op.message || 'no reason given'}` });
      }
      const details = (op.details ?? null) as Parameters<typeof parseDryRun>[0];
      update({
        loading: false,
        // The fields in conflict are listed below, as the revert's (not as a sync's conflicts).
        report: { ...parseDryRun(details), conflicts: 0 },
        conflicts: revertConflicts(details),
        message: op.commitMessage ? withoutTrailers(op.commitMessage) : undefined,
      });
    })();
    return () => {
      alive.current = false;
    };
    // The dry run runs once per dialog.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const confirm = async () => {
    setState((s) => ({ ...s, busy: true }));
    const r = await run(false);
    if (!r.op) {
      setState((s) => ({ ...s, busy: false, error: r.error }));
      return;
    }
    navigate(`/operations/${r.op.id}`);
    onClose();
  };

  return (
    <ReviewDialog
      action={`Revert ${subject.label}`}
      // A revert opens a pull request of its own: the fabric's open one is not updated.
      target={{ ...target, openPullRequestUrl: null }}
      loading={state.loading}
      report={state.report}
      message={state.message}
      error={state.error}
      errorText={state.errorText}
      busy={state.busy}
      confirmText="Revert"
      nothingText="Nothing to revert: Git already holds what the change replaced."
      onConfirm={() => void confirm()}
      onCancel={onClose}
    >
      {state.conflicts.length > 0 && (
        <div className="warn-box" data-testid="revert-conflicts">
          <strong>Not reverted: changed again since</strong>
          <p className="small">The revert opens a conflict for these fields (resolve it as usual) and reverts the rest.</p>
          <ul>
            {state.conflicts.map((c) => (
              <li key={`${c.kind}/${c.namespace}/${c.name}`}>
                {c.kind} {c.namespace}/{c.name}: {c.paths.map((p) => <code key={p}>{p} </code>)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </ReviewDialog>
  );
}
