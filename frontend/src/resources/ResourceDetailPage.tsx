import { useEffect, useMemo, useState } from 'react';
import { Link, useBlocker, useParams, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { AdoptActualMutation, AdoptOrphanMutation, KeepGitMutation, DeleteDraftMutation, DiscardDraftMutation, ResourceQuery, UpdateDraftMutation } from './operations';
import { canOperate, useSession } from '../auth/session';
import { Badge } from '../common/Badge';
import { ErrorBox } from '../common/ErrorBox';
import { YamlEditor } from '../common/cm/YamlEditor';
import { DiffView } from '../common/cm/DiffView';
import type { ApiProblem } from '../common/errors';
import { lineOfPath, specToYaml, yamlToSpec } from '../common/yamlSpec';
import { shortSha, timeAgo } from '../common/time';
import { DriftTable } from './DriftTable';
import { Problems, problemsOf } from './Problems';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { usePageTitle } from '../common/usePageTitle';
import { ResourceLinksSection } from './ResourceLinks';
import { HistoryTab } from './History';
import { BlameCard } from './Blame';
import { RevertDialog } from '../operations/RevertDialog';
import { eventRevert, type RevertSubject } from '../operations/revert';
import { reviewTargetOf } from '../fabrics/review';

/** One resource: its states, the draft editor (save, delete, discard), the diffs and blame; its history in a tab. */
export default function ResourceDetailPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const operator = canOperate(user?.role);
  const [{ data, error, fetching }, refetch] = useQuery({ query: ResourceQuery, variables: { id } });
  const [saveResult, save] = useMutation(UpdateDraftMutation);
  const [deleteResult, deleteDraft] = useMutation(DeleteDraftMutation);
  const [discardResult, discard] = useMutation(DiscardDraftMutation);
  const [adoptResult, adoptActual] = useMutation(AdoptActualMutation);
  const [orphanResult, adoptOrphan] = useMutation(AdoptOrphanMutation);
  const [keepResult, keepGit] = useMutation(KeepGitMutation);
  const r = data?.resource;
  // The tab is in the URL (`?tab=history`): a link can open the history directly.
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'history' ? 'history' : 'spec';
  const setTab = (t: 'spec' | 'history') =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (t === 'history') next.set('tab', 'history');
        else next.delete('tab');
        return next;
      },
      { replace: true },
    );
  usePageTitle(r ? `${r.kind} ${r.name}` : 'Resource');

  const desiredYaml = useMemo(() => specToYaml(r?.desiredSpec), [r?.desiredSpec]);
  const draftYaml = useMemo(() => specToYaml(r?.draftSpec), [r?.draftSpec]);
  const actualYaml = useMemo(() => specToYaml(r?.actualSpec), [r?.actualSpec]);
  const baseText = r?.draftSpec != null ? draftYaml : desiredYaml;

  const [text, setText] = useState<string>('');
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<ApiProblem[]>([]);
  /** The last save's error, until the next save or a Reset. */
  const [saveError, setSaveError] = useState<CombinedError | undefined>(undefined);
  const [confirmDelete, setConfirmDelete] = useState(false);
  /** A commit of the History tab being reverted (its dialog open). */
  const [reverting, setReverting] = useState<RevertSubject | null>(null);
  const stamp = r ? `${r.id}:${r.draftUpdated ?? ''}:${r.desiredCommit ?? ''}` : null;
  useEffect(() => {
    if (stamp && stamp !== loadedFor) {
      setText(baseText);
      setLoadedFor(stamp);
    }
  }, [stamp, loadedFor, baseText]);

  const saveProblems = problemsOf(saveError);
  const highlight = useMemo(
    () => saveProblems.map((p) => lineOfPath(text, p.path)).filter((n): n is number => n !== null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [saveError],
  );

  // Unsaved edits: leaving the page (a link, Back) asks first; closing the tab too.
  const dirty = !!r && loadedFor !== null && text !== baseText;
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  if (fetching && !data) return <p>Loading…</p>;
  if (!r) {
    return (
      <section>
        <ErrorBox error={error} />
        {!error && <p>Resource not found.</p>}
      </section>
    );
  }

  const onSave = async () => {
    setNotice(null);
    const parsed = yamlToSpec(text);
    if (!parsed.ok) {
      setParseError(parsed.error);
      return;
    }
    setParseError(null);
    const res = await save({ resourceId: r.id, spec: parsed.spec });
    setSaveError(res.error);
    const payload = res.data?.updateResourceDraft;
    if (payload) {
      setWarnings(payload.warnings);
      setNotice(payload.operation ? `Draft saved (${payload.operation}).` : 'The draft equals the desired state: no draft kept.');
      setLoadedFor(null);
      refetch({ requestPolicy: 'network-only' });
    }
  };

  /** Back to the stored draft (or desired state): the stale save error goes, the text is re-checked. */
  const onReset = () => {
    setText(baseText);
    setSaveError(undefined);
    setNotice(null);
    const parsed = yamlToSpec(baseText);
    setParseError(parsed.ok ? null : parsed.error);
  };

  return (
    <section>
      <p className="crumbs">
        <Link to="/resources">Resources</Link> / {r.kind} / {r.namespace} / {r.name}
        {r.fabric && (
          <>
            {' '}
            · fabric{' '}
            <Link to={`/fabrics/${r.fabric.id}`} data-testid="resource-fabric">
              {r.fabric.name}
            </Link>
          </>
        )}
      </p>
      <h1>
        {r.kind} {r.name}{' '}
        <span data-testid="resource-state">
          <Badge value={r.resourceState} />
        </span>{' '}
        <Badge value={r.driftStatus} /> {r.conflictStatus !== 'NONE' && <Badge value={r.conflictStatus} />}
      </h1>
      <ErrorBox error={error} />
      <div className="tabs" role="tablist" aria-label="Resource views">
        <button type="button" role="tab" id="tab-spec" aria-selected={tab !== 'history'} aria-controls="panel-spec" onClick={() => setTab('spec')}>
          Spec and draft
        </button>
        <button type="button" role="tab" id="tab-history" aria-selected={tab === 'history'} aria-controls="panel-history" onClick={() => setTab('history')}>
          History
        </button>
      </div>
      {tab === 'history' && (
        <div role="tabpanel" id="panel-history" aria-labelledby="tab-history">
          <HistoryTab
            id={r.id}
            stamp={stamp ?? ''}
            onRevert={operator && r.fabric?.gitRepository ? (e) => setReverting(eventRevert(e, r.fabricId)) : undefined}
          />
          {reverting && r.fabric && (
            <RevertDialog subject={reverting} target={reviewTargetOf(r.fabric)} onClose={() => setReverting(null)} />
          )}
        </div>
      )}
      <div role="tabpanel" id="panel-spec" aria-labelledby="tab-spec" hidden={tab === 'history'}>
        <dl className="facts">
          <dt>API version</dt>
          <dd>{r.apiVersion}</dd>
          {r.agent && (
            <>
              <dt>Switch agent</dt>
              <dd data-testid="agent-state" data-state={r.agent.state}>
                <Badge value={r.agent.state} />{' '}
                {r.agent.generation != null && (
                  <span className="muted">
                    applied generation {r.agent.appliedGeneration ?? '—'} of {r.agent.generation}
                    {r.agent.lastHeartbeat ? ` · heartbeat ${timeAgo(r.agent.lastHeartbeat)}` : ''}
                  </span>
                )}
              </dd>
            </>
          )}
          <dt>Managed file</dt>
          <dd>
            <code data-testid="managed-file">{r.managedFilePath ?? '—'}</code>
          </dd>
          <dt>File hash</dt>
          <dd>
            <code>{r.fileHash ?? '—'}</code>
          </dd>
          <dt>File sync</dt>
          <dd>{timeAgo(r.lastFileSync)}</dd>
          <dt>Desired commit</dt>
          <dd>
            <code>{shortSha(r.desiredCommit) || '—'}</code>
          </dd>
          <dt>Draft</dt>
          <dd>
            {r.hasDraft ? `${r.draftOperation ?? ''} by ${r.draftUpdatedBy ?? '?'} ${timeAgo(r.draftUpdated)}` : 'none'}
          </dd>
          <dt>Sync direction</dt>
          <dd>{r.syncDirection}</dd>
          {r.conflictStatus === 'DETECTED' && (
            <>
              <dt>Conflict</dt>
              <dd>
                <Link to={`/conflicts?resource=${r.id}`}>Resolve</Link>
              </dd>
            </>
          )}
        </dl>

        <Problems
          problems={r.admissionErrors}
          title="Admission errors: the cluster will refuse the desired state (Hedgehog's rules)"
          testId="admission-errors"
        />

        <ResourceLinksSection id={r.id} stamp={stamp ?? ''} />

        <div className="three-cols">
          <div>
            <h3>Desired (Git)</h3>
            <pre className="yaml" data-testid="desired-yaml">{desiredYaml || '—'}</pre>
          </div>
          <div>
            <h3>Draft</h3>
            <pre className="yaml" data-testid="draft-yaml">
              {r.draftOperation === 'DELETE' ? '(marked for deletion)' : draftYaml || '—'}
            </pre>
          </div>
          <div>
            <h3>Actual (cluster)</h3>
            <pre className="yaml" data-testid="actual-yaml">{actualYaml || '—'}</pre>
          </div>
        </div>
        {r.desiredSpec != null && <BlameCard id={r.id} stamp={stamp ?? ''} />}

        <div className="card">
          <h2>Edit draft</h2>
          {!operator && <p className="muted explain">Your role ({user?.role}) can only view drafts.</p>}
          <YamlEditor value={text} onChange={setText} readOnly={!operator} highlight={highlight} testId="draft-editor" label="Draft spec (YAML)" lint />
          {parseError && (
            <div className="error" role="alert">
              <code className="error-code">YAML</code> {parseError}
            </div>
          )}
          <ErrorBox error={saveError} title="Save failed" />
          <Problems problems={r.validationErrors} title="Draft schema problems" />
          {warnings.length > 0 && (
            <div className="warn-box">
              <strong>Warnings</strong>
              <ul>
                {warnings.map((w, i) => (
                  <li key={i}>
                    <code>{w.path}</code>: {w.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {notice && (
            <p className="info-box" data-testid="save-notice">
              {notice}
            </p>
          )}
          <div className="buttons">
            <button type="button" disabled={!operator || saveResult.fetching} onClick={() => void onSave()}>
              Save draft
            </button>
            <button type="button" disabled={!dirty && !saveError && !parseError} onClick={onReset}>
              Reset editor
            </button>
            <button
              type="button"
              disabled={!operator || !r.hasDraft || discardResult.fetching}
              onClick={async () => {
                const res = await discard({ resourceId: r.id });
                if (!res.error) {
                  setLoadedFor(null);
                  refetch({ requestPolicy: 'network-only' });
                }
              }}
            >
              Discard draft
            </button>
          </div>
          <p className="muted small">Discard draft drops the pending change.</p>
          <ErrorBox error={discardResult.error} />
          <div className="danger-zone">
            <button
              type="button"
              className="danger"
              disabled={!operator || deleteResult.fetching || r.draftOperation === 'DELETE'}
              onClick={() => setConfirmDelete(true)}
            >
              Mark for deletion
            </button>
            <p className="muted small">Makes a draft that deletes the resource&apos;s file from Git at the next write-back.</p>
            <ErrorBox error={deleteResult.error} />
          </div>
        </div>
        {confirmDelete && (
          <ConfirmDialog
            title={`Mark ${r.kind} ${r.name} for deletion?`}
            confirmLabel="Mark for deletion"
            danger
            busy={deleteResult.fetching}
            onCancel={() => setConfirmDelete(false)}
            onConfirm={async () => {
              const res = await deleteDraft({ resourceId: r.id });
              setConfirmDelete(false);
              if (res.data) {
                setLoadedFor(null);
                refetch({ requestPolicy: 'network-only' });
              }
            }}
          >
            <p>The draft replaces any pending edit; the next Sync to Git deletes the resource from Git.</p>
          </ConfirmDialog>
        )}

        <div className="card">
          <h2>Diffs</h2>
          <h3>Desired ↔ Draft</h3>
          {r.hasDraft ? <DiffView a={desiredYaml} b={draftYaml} labelA="desired" labelB="draft" testId="diff-draft" /> : <p className="muted">No draft.</p>}
          <h3>Desired ↔ Actual</h3>
          {r.actualSpec != null ? (
            <DiffView a={desiredYaml} b={actualYaml} labelA="desired" labelB="actual" testId="diff-actual" />
          ) : (
            <p className="muted">No actual state read from the cluster.</p>
          )}
          <DriftTable
            drift={r.drift}
            file={r.managedFilePath}
            busy={adoptResult.fetching || keepResult.fetching}
            onKeepGit={
              operator && r.desiredSpec != null
                ? async (paths) => {
                    const res = await keepGit({ resourceId: r.id, paths: paths.length ? paths : null });
                    if (!res.error) {
                      setNotice(
                        `Keeping Git${paths.length ? ` for ${paths.join(', ')}` : ''}: the cluster is to be put back${
                          r.managedFilePath ? ` (re-apply ${r.managedFilePath})` : ''
                        }. It still counts as drift until then.`,
                      );
                      refetch({ requestPolicy: 'network-only' });
                    }
                  }
                : undefined
            }
            onAdopt={
              operator && r.desiredSpec != null
                ? async (paths) => {
                    const res = await adoptActual({ resourceId: r.id, paths: paths.length ? paths : null });
                    if (!res.error) {
                      setLoadedFor(null);
                      setNotice(`Adopted from the cluster into the draft${paths.length ? `: ${paths.join(', ')}` : ''}. Sync to Git writes it.`);
                      refetch({ requestPolicy: 'network-only' });
                    }
                  }
                : undefined
            }
          />
          <ErrorBox error={adoptResult.error} />
          <ErrorBox error={keepResult.error} />
          {r.desiredSpec == null && r.actualSpec != null && operator && (
            <div data-testid="adopt-orphan">
              Only in the cluster.{' '}
              <button
                type="button"
                disabled={orphanResult.fetching || r.hasDraft}
                onClick={async () => {
                  const res = await adoptOrphan({ resourceId: r.id });
                  if (!res.error) {
                    setLoadedFor(null);
                    setNotice('Adopted from the cluster as a new resource draft. Sync to Git writes it.');
                    refetch({ requestPolicy: 'network-only' });
                  }
                }}
              >
                Adopt into Git
              </button>
              <ErrorBox error={orphanResult.error} />
            </div>
          )}
        </div>
      </div>
      {blocker.state === 'blocked' && (
        <ConfirmDialog
          title="Leave with unsaved edits?"
          confirmLabel="Leave"
          cancelLabel="Stay"
          danger
          onConfirm={() => blocker.proceed()}
          onCancel={() => blocker.reset()}
        >
          <p>The editor has changes that are not saved as a draft. Leaving the page drops them.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
