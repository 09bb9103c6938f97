import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useQuery, useSubscription } from 'urql';
import { SyncOperationQuery, SyncProgressSubscription } from './operations';
import { ErrorBox } from '../common/ErrorBox';
import { OperationOutcome } from './OperationOutcome';
import { Convergence } from './Convergence';
import { Badge } from '../common/Badge';
import { shortSha, timeAgo } from '../common/time';
import { commitUrl } from '../common/links';
import { usePageTitle } from '../common/usePageTitle';
import { UnifiedDiff } from '../fabrics/ReviewDialog';
import { duration, parseDetails, phaseTimings } from './details';
import { canOperate, useSession } from '../auth/session';
import { RevertDialog } from './RevertDialog';
import { operationRevert } from './revert';
import { reviewTargetOf } from '../fabrics/review';

const TERMINAL = ['SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED', 'CANCELLED'];

interface SeenProgress {
  phase?: string | null;
  at: string;
  status: string;
}

/** One sync operation: trigger, user, timings, files with diffs, merges, conflicts, skips, errors, commit. */
export function OperationDetailPage() {
  const { id = '' } = useParams();
  usePageTitle(`Operation ${id.slice(0, 8)}`);
  const [{ data, error, fetching }, refetch] = useQuery({ query: SyncOperationQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const { user } = useSession();
  const [reverting, setReverting] = useState(false);
  const op = data?.syncOperation;
  const running = !!op && !TERMINAL.includes(op.status);
  const [progress] = useSubscription<unknown, SeenProgress[]>(
    { query: SyncProgressSubscription, variables: { operationId: id }, pause: !running },
    (seen = [], event) => {
      const p = (event as { syncProgress: SeenProgress }).syncProgress;
      return [...seen, { phase: p.phase, at: p.at, status: p.status }];
    },
  );
  const seen = progress.data ?? [];
  const ended = seen.some((p) => TERMINAL.includes(p.status));
  useEffect(() => {
    if (ended) refetch({ requestPolicy: 'network-only' });
  }, [ended, refetch]);

  if (!op) {
    return (
      <section>
        <h1>Operation</h1>
        <ErrorBox error={error} />
        {fetching ? <p>Loading…</p> : !error && <p>Operation {id} not found.</p>}
      </section>
    );
  }
  const fabric = data?.fabrics.find((f) => f.id === op.fabricId);
  const repo = fabric?.gitRepository;
  const link = (sha: string) => (repo ? commitUrl(repo.url, repo.provider, sha) : undefined);
  const report = parseDetails(op.details);
  const pr = op.pullRequestUrl ?? report.pullRequestUrl;
  const revert = canOperate(user?.role) ? operationRevert({ ...op, pushed: report.pushed }) : null;
  // Recorded phases (the server appends each as the operation enters it, `done` last) and the
  // ones seen live since the page was read.
  const all = [...op.phases, ...seen];
  const end = op.phases.find((p) => p.phase === 'done')?.at ?? op.finishedAt;
  const phases = phaseTimings(
    all.filter((p) => p.phase !== 'done'),
    end,
  );
  return (
    <section data-testid="operation-detail" data-operation-id={op.id} data-status={op.status}>
      <p>
        <Link to="/operations">← Operations</Link>
      </p>
      <h1>
        Operation <code>{op.id.slice(0, 8)}</code> <Badge value={op.status} />
        {op.dryRun && <span className="badge badge-muted">dry run</span>}
        <OperationOutcome conflicts={op.counters.conflicts} autoMerged={op.autoMerged} />
      </h1>
      {revert && fabric?.gitRepository && (
        <div className="buttons">
          <button type="button" className="secondary" onClick={() => setReverting(true)} data-testid="operation-revert">
            Revert…
          </button>
          <span className="muted small">
            {revert.kind === 'operation' ? 'Undo what this operation committed, field by field, in a new commit.' : 'Undo the commit this ingestion read, field by field, in a new commit.'} You see the diff
            first.
          </span>
        </div>
      )}
      {reverting && revert && fabric?.gitRepository && (
        <RevertDialog subject={revert} target={reviewTargetOf(fabric)} onClose={() => setReverting(false)} />
      )}
      <div className="card">
        <dl className="facts" data-testid="operation-summary">
          <dt>Fabric</dt>
          <dd>{fabric ? <Link to={`/fabrics/${fabric.id}`}>{fabric.name}</Link> : op.fabricId}</dd>
          <dt>Direction</dt>
          <dd>{op.direction.replace(/_/g, ' ')}</dd>
          <dt>Trigger</dt>
          <dd data-testid="operation-trigger">{op.trigger}</dd>
          <dt>User</dt>
          <dd data-testid="operation-user">{op.requestedBy ?? <span className="muted">—</span>}</dd>
          <dt>Queued</dt>
          <dd title={op.createdAt}>{timeAgo(op.createdAt)}</dd>
          <dt>Waited</dt>
          <dd>{duration(op.createdAt, op.startedAt)}</dd>
          <dt>Ran</dt>
          <dd data-testid="operation-ran">{duration(op.startedAt, op.finishedAt)}</dd>
          <dt>Phase</dt>
          <dd>
            {op.phase ?? '—'} ({op.percent}%)
          </dd>
          <dt>Counters</dt>
          <dd>
            files {op.counters.filesProcessed} · +{op.counters.created} ~{op.counters.updated} −{op.counters.deleted} ={op.counters.unchanged} · conflicts{' '}
            {op.counters.conflicts}
          </dd>
          <dt>Commit</dt>
          <dd data-testid="operation-commit">
            {op.commitSha ? (
              link(op.commitSha) ? (
                <a href={link(op.commitSha)} target="_blank" rel="noreferrer">
                  <code title={op.commitSha}>{shortSha(op.commitSha)}</code>
                </a>
              ) : (
                <code title={op.commitSha}>{op.commitSha}</code>
              )
            ) : (
              <span className="muted">—</span>
            )}
            {report.pushed === false && op.commitSha && <span className="muted"> (not pushed)</span>}
            {report.attempts != null && report.attempts > 1 && <span className="muted"> · {report.attempts} push attempts</span>}
          </dd>
          {op.commitMessage && (
            <>
              <dt>Commit message</dt>
              <dd>
                <pre className="commit-message" data-testid="operation-commit-message">
                  {op.commitMessage}
                </pre>
              </dd>
            </>
          )}
          <dt>Pull request</dt>
          <dd>
            {pr ? (
              <a href={pr} target="_blank" rel="noreferrer">
                {pr}
              </a>
            ) : (
              <span className="muted">—</span>
            )}
          </dd>
          {op.message && (
            <>
              <dt>Message</dt>
              <dd>{op.message}</dd>
            </>
          )}
        </dl>
      </div>

      <Convergence convergence={op.convergence} />

      <div className="card" data-testid="operation-phases">
        <h2>Phases</h2>
        {phases.length > 0 ? (
          <table className="table">
            <thead>
              <tr>
                <th>Phase</th>
                <th>Started</th>
                <th>Took</th>
              </tr>
            </thead>
            <tbody>
              {phases.map((p) => (
                <tr key={p.phase} data-phase={p.phase}>
                  <td>{p.phase}</td>
                  <td title={p.at}>{new Date(p.at).toLocaleTimeString()}</td>
                  <td>{p.took}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">
            No phase recorded (the operation has not started, or ran before phases were recorded).
          </p>
        )}
      </div>

      {op.errors.length > 0 && (
        <div className="card" data-testid="operation-errors">
          <h2>Errors</h2>
          <ul className="file-errors">
            {op.errors.map((e, i) => (
              <li key={i}>
                {e.path && <code>{e.path}</code>}
                {e.path && ': '}
                {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="card" data-testid="operation-files">
        <h2>Files ({report.files.length})</h2>
        {report.files.length === 0 && <p className="muted">No files written.</p>}
        {report.files.map((f) => (
          <details key={f.path} open data-testid="operation-file" data-path={f.path}>
            <summary>
              <code>{f.path}</code> <span className="muted">{f.action}</span>
            </summary>
            <UnifiedDiff diff={f.diff} />
          </details>
        ))}
      </div>

      {report.autoMerged.length > 0 && (
        <div className="card" data-testid="operation-auto-merged">
          <h2>Auto-merged</h2>
          <ul>
            {report.autoMerged.map((a) => (
              <li key={`${a.kind}/${a.namespace}/${a.name}`}>
                {a.kind} {a.name}: {a.paths.map((p) => <code key={p}>{p} </code>)}
              </li>
            ))}
          </ul>
        </div>
      )}

      {report.openedConflicts.length > 0 && (
        <div className="card" data-testid="operation-conflicts">
          <h2>Conflicts</h2>
          <ul>
            {report.openedConflicts.map((c) => (
              <li key={`${c.kind}/${c.namespace}/${c.name}`}>
                {c.conflictId ? <Link to={`/conflicts/${c.conflictId}`}>{`${c.kind} ${c.name}`}</Link> : `${c.kind} ${c.name}`} — {c.type.replace(/_/g, ' ')}
                {c.paths.length > 0 && <>: {c.paths.map((p) => <code key={p}>{p} </code>)}</>}
              </li>
            ))}
          </ul>
        </div>
      )}

      {(report.skipped.length > 0 || report.warnings.length > 0) && (
        <div className="card" data-testid="operation-skipped">
          <h2>Skipped and warnings</h2>
          <ul>
            {report.skipped.map((s) => (
              <li key={`s-${s.kind}/${s.namespace}/${s.name}`}>
                skipped {s.kind} {s.name}: {s.reason}
              </li>
            ))}
            {report.warnings.map((w, i) => (
              <li key={`w-${i}`}>
                {w.kind} {w.name} <code>{w.path}</code>: {w.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
