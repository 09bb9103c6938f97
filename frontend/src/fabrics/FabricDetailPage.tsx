import { useEffect, useReducer, useRef } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQuery, useSubscription, type CombinedError } from 'urql';
import { FabricEventsSubscription, FabricQuery } from './operations';
import { InitializeDirectoriesMutation, SyncProgressSubscription, TriggerSyncMutation } from '../operations/operations';
import type { FeatureFlagKey, TriggerDirection } from '../graphql/generated/graphql';
import { canOperate, isAdmin, useSession } from '../auth/session';
import { Badge } from '../common/Badge';
import { ErrorBox } from '../common/ErrorBox';
import { ProgressBar } from '../operations/ProgressBar';
import { OperationList } from '../operations/OperationList';
import { commitUrl } from '../common/links';
import { initialProgress, isTerminal, progressReducer, type OpStatus } from '../operations/progress';
import { shortSha, timeAgo } from '../common/time';

const DIRECTORY_TEXT: Record<string, string> = {
  INITIALIZED: 'initialized',
  NOT_INITIALIZED: 'not initialized',
  INVALID_STRUCTURE: 'invalid',
  ERROR: 'error',
};

const DIRECTION_LABEL: Record<TriggerDirection, string> = {
  BIDIRECTIONAL: 'Sync Bidirectional',
  GIT_TO_GUI: 'Sync from Git',
  GUI_TO_GIT: 'Sync to Git',
  CLUSTER_READ: 'Read Cluster',
};

export function FabricDetailPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const navigate = useNavigate();
  const [{ data, error, fetching }, refetch] = useQuery({ query: FabricQuery, variables: { id } });
  const [progress, dispatch] = useReducer(progressReducer, initialProgress);
  const [syncResult, triggerSync] = useMutation(TriggerSyncMutation);
  const [initResult, initDirs] = useMutation(InitializeDirectoriesMutation);
  const actionError: CombinedError | undefined = syncResult.error ?? initResult.error;

  const refresh = () => refetch({ requestPolicy: 'network-only' });

  // Live progress of the operation we started (or one found running on load).
  const [sub] = useSubscription({
    query: SyncProgressSubscription,
    variables: { operationId: progress.operationId ?? '' },
    pause: !progress.operationId || progress.done,
  });
  useEffect(() => {
    const ev = sub.data?.syncProgress;
    if (ev) dispatch({ type: 'event', event: { ...ev, status: ev.status as OpStatus } });
  }, [sub.data]);
  const finishedRef = useRef<string | null>(null);
  useEffect(() => {
    if (progress.done && progress.operationId && finishedRef.current !== progress.operationId) {
      finishedRef.current = progress.operationId;
      refetch({ requestPolicy: 'network-only' });
    }
  }, [progress.done, progress.operationId, refetch]);

  // Fabric events (other users, schedules, webhooks) refresh the page.
  const [events] = useSubscription({ query: FabricEventsSubscription, variables: { fabricId: id }, pause: !id });
  useEffect(() => {
    if (events.data?.fabricEvents) refetch({ requestPolicy: 'network-only' });
  }, [events.data, refetch]);

  // Pick up an operation already running when the page opens.
  const ops = data?.syncOperations.nodes;
  useEffect(() => {
    if (progress.operationId || !ops) return;
    const running = ops.find((o) => o.status === 'QUEUED' || o.status === 'RUNNING');
    if (running) {
      dispatch({
        type: 'start',
        operationId: running.id,
        label: running.direction.replace(/_/g, ' '),
        status: running.status as OpStatus,
        percent: running.percent,
      });
    }
  }, [ops, progress.operationId]);

  if (fetching && !data) return <p>Loading…</p>;
  if (!data?.fabric) {
    return (
      <section>
        <ErrorBox error={error} />
        {!error && <p>Fabric not found.</p>}
      </section>
    );
  }
  const fabric = data.fabric;
  const role = user?.role;
  const operator = canOperate(role);
  const flag = (key: FeatureFlagKey) => fabric.featureFlags.find((f) => f.key === key);
  const busy = !!progress.operationId && !progress.done && !isTerminal(progress.status);

  /** Why an action is not allowed, or null. */
  const blocked = (needsFlag?: FeatureFlagKey): string | null => {
    if (!operator) return `Your role (${role ?? 'unknown'}) can only view; operators and admins run sync operations.`;
    if (needsFlag) {
      const f = flag(needsFlag);
      if (f && !f.enabled) {
        return `Feature ${needsFlag.toLowerCase()} is off (${f.source.toLowerCase()})${f.reason ? `: ${f.reason}` : ''}.`;
      }
    }
    return null;
  };

  const runSync = async (direction: TriggerDirection) => {
    const r = await triggerSync({ fabricId: fabric.id, direction });
    const op = r.data?.triggerSync;
    if (op) {
      dispatch({ type: 'start', operationId: op.id, label: DIRECTION_LABEL[direction], status: op.status as OpStatus, percent: op.percent });
      refresh();
    }
  };
  const runInit = async () => {
    const r = await initDirs({ fabricId: fabric.id });
    const op = r.data?.initializeDirectories;
    if (op) {
      dispatch({ type: 'start', operationId: op.id, label: 'Initialize Directories', status: op.status as OpStatus, percent: op.percent });
      refresh();
    }
  };

  const buttons: { label: string; why: string | null; run: () => void }[] = [
    { label: 'Sync Bidirectional', why: blocked('BIDIRECTIONAL_SYNC'), run: () => void runSync('BIDIRECTIONAL') },
    { label: 'Sync from Git', why: blocked(), run: () => void runSync('GIT_TO_GUI') },
    { label: 'Sync to Git', why: blocked('BIDIRECTIONAL_SYNC'), run: () => void runSync('GUI_TO_GIT') },
    { label: 'Initialize Directories', why: blocked('DIRECTORY_MANAGEMENT'), run: () => void runInit() },
    {
      label: 'Read Cluster',
      why: blocked() ?? (fabric.clusterConfigured ? null : 'No cluster connection is configured (hnp fabric set-cluster).'),
      run: () => void runSync('CLUSTER_READ'),
    },
  ];
  const reasons = [...new Set(buttons.map((b) => b.why).filter((w): w is string => !!w))];

  return (
    <section>
      <p className="crumbs">
        <Link to="/fabrics">Fabrics</Link> / {fabric.name}
      </p>
      <h1>
        {fabric.name} <Badge value={fabric.syncStatus} />
      </h1>
      {fabric.description && <p>{fabric.description}</p>}
      <ErrorBox error={error} />
      <dl className="facts">
        <dt>Repository</dt>
        <dd>{fabric.gitRepository ? `${fabric.gitRepository.name} (${fabric.gitRepository.url})` : 'none'}</dd>
        <dt>Branch</dt>
        <dd>{fabric.gitBranch ?? fabric.gitRepository?.defaultBranch ?? '—'}</dd>
        <dt>Directory</dt>
        <dd>
          <code>{fabric.gitopsDirectory}</code>
        </dd>
        <dt>Last sync</dt>
        <dd>{timeAgo(fabric.lastSync)}</dd>
        <dt>Resources</dt>
        <dd>
          <Link to={`/resources?fabric=${fabric.id}`}>{fabric.resourceCount}</Link>
        </dd>
        <dt>Drift</dt>
        <dd>{fabric.driftCount}</dd>
        <dt title="Resources whose desired state breaks Hedgehog admission rules: the cluster will refuse them">Invalid resources</dt>
        <dd data-testid="invalid-resources">
          {fabric.invalidResources > 0 ? (
            <Link className="bad" to={`/resources?fabric=${fabric.id}&admission=INVALID`}>
              {fabric.invalidResources}
            </Link>
          ) : (
            0
          )}
        </dd>
        <dt>Open conflicts</dt>
        <dd>{fabric.openConflicts > 0 ? <Link to="/conflicts">{fabric.openConflicts}</Link> : 0}</dd>
        <dt>Pending drafts</dt>
        <dd>{fabric.pendingDrafts}</dd>
        <dt>Desired commit</dt>
        <dd>
          <code>{shortSha(fabric.desiredStateCommit) || '—'}</code>
          {fabric.remoteHeadCommit && fabric.remoteHeadCommit !== fabric.desiredStateCommit && (
            <span className="warn"> (remote head {shortSha(fabric.remoteHeadCommit)})</span>
          )}
        </dd>
      </dl>

      <div className="card" data-testid="gitops-card">
        <h2>GitOps Bidirectional Sync</h2>
        {!fabric.gitRepository ? (
          <div>
            <p>Configure a Git repository to enable bidirectional sync.</p>
            <button
              type="button"
              disabled={!isAdmin(role)}
              title={isAdmin(role) ? '' : 'Only admins add repositories'}
              onClick={() => navigate(`/repositories?new=1&attachFabric=${fabric.id}`)}
            >
              Add Repository
            </button>
          </div>
        ) : (
          <>
            <h3>Directory Status</h3>
            <p>
              <span data-testid="directory-status" data-value={fabric.directoryStatus}>
                <Badge value={fabric.directoryStatus} label={DIRECTORY_TEXT[fabric.directoryStatus] ?? fabric.directoryStatus} />
              </span>{' '}
              <code>{fabric.gitopsDirectory}</code>
            </p>
            {fabric.fileErrors.length > 0 && (
              <div className="warn-box">
                <strong>File errors of the last ingestion</strong>
                <ul className="file-errors">
                  {fabric.fileErrors.map((e, i) => (
                    <li key={i}>
                      <code>{e.path}</code>: {e.message}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {fabric.clusterWarnings.length > 0 && (
              <div className="warn-box" data-testid="cluster-warnings">
                <strong>Cluster connection</strong>
                <ul>
                  {fabric.clusterWarnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </div>
            )}
            <h3>Sync Operations</h3>
            <div className="buttons">
              {buttons.map((b) => (
                <button key={b.label} type="button" disabled={!!b.why || busy} title={b.why ?? ''} onClick={b.run}>
                  {b.label}
                </button>
              ))}
            </div>
            {reasons.map((r) => (
              <p key={r} className="muted explain">
                {r}
              </p>
            ))}
            <ErrorBox error={actionError} />
            <ProgressBar state={progress} />
            <ErrorBox error={sub.error} title="Progress" />
            <h3>Recent Operations</h3>
            <OperationList
              operations={data.syncOperations.nodes}
              commitLink={(sha) =>
                fabric.gitRepository
                  ? commitUrl(fabric.gitRepository.url, fabric.gitRepository.provider, sha)
                  : undefined
              }
            />
          </>
        )}
      </div>

      <div className="card">
        <h2>Feature Flags</h2>
        <ul>
          {fabric.featureFlags.map((f) => (
            <li key={f.key}>
              <code>{f.key}</code>: {f.enabled ? 'enabled' : 'disabled'} <span className="muted">({f.source})</span>
              {f.reason && <span className="warn"> — {f.reason}</span>}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
