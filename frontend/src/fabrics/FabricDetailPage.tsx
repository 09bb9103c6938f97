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
import { ReviewDialog } from './ReviewDialog';
import { FabricStatus } from './FabricStatus';
import { ClusterConnection } from './ClusterConnection';
import { DriftIgnoreRules } from '../drift/DriftIgnoreRules';
import { Notifications } from './Notifications';
import { announcement } from './announce';
import { usePageTitle } from '../common/usePageTitle';
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
  const { data, error, fetching, progress, progressError, actionError, starting, runSync, review, mismatch, openReview, openInitReview, cancelReview, confirmReview, refresh } =
    useFabricDetail(id);
  usePageTitle(data?.fabric ? `Fabric ${data.fabric.name}` : 'Fabric');

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

  // Every action that writes to Git opens "Review changes" first.
  const buttons: { label: string; why: string | null; run: () => void }[] = [
    { label: 'Sync Bidirectional', why: blocked('BIDIRECTIONAL_SYNC'), run: () => void openReview('BIDIRECTIONAL') },
    { label: 'Sync from Git', why: blocked(), run: () => void runSync(fabric.id, 'GIT_TO_GUI') },
    { label: 'Sync to Git', why: blocked('BIDIRECTIONAL_SYNC'), run: () => void openReview('GUI_TO_GIT') },
    { label: 'Initialize Directories', why: blocked('DIRECTORY_MANAGEMENT'), run: openInitReview },
    {
      label: 'Read Cluster',
      why: blocked() ?? (fabric.clusterConfigured ? null : 'No cluster connection is configured (see Cluster Connection below).'),
      run: () => void runSync(fabric.id, 'CLUSTER_READ'),
    },
  ];
  const knownCommits = data.syncOperations.nodes
    .filter((o) => !o.dryRun && o.commitSha && o.finishedAt)
    .map((o) => o.commitSha as string);
  const branch = fabric.gitBranch ?? fabric.gitRepository?.defaultBranch ?? 'main';
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
      <FabricStatus fabric={{ ...fabric, knownCommits }} />
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
        <dt>Cluster</dt>
        <dd data-testid="cluster-server">
          {fabric.clusterConfigured ? <code>{fabric.kubernetesServer ?? 'kubeconfig'}</code> : 'not connected'}
          {fabric.clusterSimulated && (
            <>
              {' '}
              <span className="badge badge-info" title="Served by hnp demo's simulator on loopback, not a real Kubernetes cluster">
                Simulated cluster
              </span>
            </>
          )}
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
      <p className="fabric-views" data-testid="fabric-views">
        <Link to={`/fabrics/${fabric.id}/pending`}>Pending changes</Link> <span className="muted">({fabric.pendingDrafts})</span>
        {' · '}
        <Link to={`/fabrics/${fabric.id}/topology`}>Topology</Link>
      </p>

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
                <button key={b.label} type="button" disabled={!!b.why || busy || starting || !!review} title={b.why ?? ''} onClick={b.run}>
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
            {mismatch && (
              <p className="warn-box" data-testid="review-mismatch">
                {mismatch}
              </p>
            )}
            <ProgressBar state={progress} />
            <div className="sr-only" aria-live="polite" role="status" data-testid="sync-announcer">
              {announcement(progress)}
            </div>
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

      {review && fabric.gitRepository && (
        <ReviewDialog
          action={review.label}
          target={
            review.kind === 'init'
              ? { pullRequest: false, branch }
              : { pullRequest: fabric.gitRepository.writeMode === 'PULL_REQUEST', branch, openPullRequestUrl: fabric.openPullRequestUrl }
          }
          loading={review.loading}
          report={review.report}
          message={review.message}
          error={review.error}
          errorText={review.errorText}
          busy={starting}
          allowEmpty={review.kind === 'sync' && review.direction === 'BIDIRECTIONAL'}
          onConfirm={() => void confirmReview()}
          onCancel={cancelReview}
        />
      )}

      <ClusterConnection key={`${fabric.id}:${fabric.kubernetesServer ?? ''}:${fabric.usesKubeconfig}`} fabric={fabric} admin={isAdmin(role)} operator={operator} onChanged={refresh} />

      <DriftIgnoreRules fabricId={fabric.id} operator={operator} onChanged={refresh} />

      <Notifications fabricId={fabric.id} operator={operator} />

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
