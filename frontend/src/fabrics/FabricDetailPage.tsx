import { Link, useNavigate, useParams } from 'react-router-dom';
import type { FeatureFlagKey } from '../graphql/generated/graphql';
import { canOperate, isAdmin, useSession } from '../auth/session';
import { Badge } from '../common/Badge';
import { ErrorBox } from '../common/ErrorBox';
import { ProgressBar } from '../operations/ProgressBar';
import { OperationList } from '../operations/OperationList';
import { commitUrl } from '../common/links';
import { isTerminal } from '../operations/progress';
import { useFabricDetail } from './useFabricDetail';
import { shortSha, timeAgo } from '../common/time';

const DIRECTORY_TEXT: Record<string, string> = {
  INITIALIZED: 'initialized',
  NOT_INITIALIZED: 'not initialized',
  INVALID_STRUCTURE: 'invalid',
  ERROR: 'error',
};

export function FabricDetailPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const navigate = useNavigate();
  const { data, error, fetching, progress, progressError, actionError, runSync, runInit } = useFabricDetail(id);

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

  const buttons: { label: string; why: string | null; run: () => void }[] = [
    { label: 'Sync Bidirectional', why: blocked('BIDIRECTIONAL_SYNC'), run: () => void runSync(fabric.id, 'BIDIRECTIONAL') },
    { label: 'Sync from Git', why: blocked(), run: () => void runSync(fabric.id, 'GIT_TO_GUI') },
    { label: 'Sync to Git', why: blocked('BIDIRECTIONAL_SYNC'), run: () => void runSync(fabric.id, 'GUI_TO_GIT') },
    { label: 'Initialize Directories', why: blocked('DIRECTORY_MANAGEMENT'), run: () => void runInit(fabric.id) },
    {
      label: 'Read Cluster',
      why: blocked() ?? (fabric.clusterConfigured ? null : 'No cluster connection is configured (hnp fabric set-cluster).'),
      run: () => void runSync(fabric.id, 'CLUSTER_READ'),
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
            <ErrorBox error={progressError} title="Progress" />
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
