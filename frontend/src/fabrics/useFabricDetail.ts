import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useClient, useMutation, useQuery, useSubscription, type CombinedError, type OperationResult } from 'urql';
import { FabricEventsSubscription, FabricQuery } from './operations';
import { InitializeDirectoriesMutation, OperationsQuery, SyncProgressSubscription, TriggerSyncMutation } from '../operations/operations';
import { ResourcesQuery } from '../resources/operations';
import type { OperationStatus, ResourcesQuery as ResourcesQueryResult, TriggerDirection } from '../graphql/generated/graphql';
import { initialProgress, isTerminal, progressReducer } from '../operations/progress';
import { commitMessage, parseDryRun, sameFiles, withoutTrailers, type DraftItem, type DryRunReport, type PlannedFile } from './review';

export const DIRECTION_LABEL: Record<TriggerDirection, string> = {
  BIDIRECTIONAL: 'Sync Bidirectional',
  GIT_TO_GUI: 'Sync from Git',
  GUI_TO_GIT: 'Sync to Git',
  CLUSTER_READ: 'Read Cluster',
};

/** Subscription-driven refetches closer together than this are folded into one. */
export const REFRESH_DEBOUNCE_MS = 500;
const POLL_MS = 400;
const DRY_RUN_TIMEOUT_MS = 120_000;

/** The "Review changes" step of an action that writes to Git. */
export type Review =
  | {
      kind: 'sync';
      direction: TriggerDirection;
      label: string;
      loading: boolean;
      dryRunId?: string;
      report?: DryRunReport;
      message?: string;
      error?: CombinedError;
      errorText?: string;
    }
  | {
      kind: 'init';
      label: string;
      loading: boolean;
      report?: DryRunReport;
      message?: string;
      error?: CombinedError;
      errorText?: string;
    };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The data of the fabric page: the fabric with its recent operations, refreshed by fabric
 * events; the live progress of the operation started here (or found running on load); the
 * review step (a dry run) before anything writes to Git; and the actions that start one.
 */
export function useFabricDetail(id: string) {
  const client = useClient();
  const [{ data, error, fetching }, refetch] = useQuery({ query: FabricQuery, variables: { id } });
  const [progress, dispatch] = useReducer(progressReducer, initialProgress);
  const [syncResult, triggerSync] = useMutation(TriggerSyncMutation);
  const [initResult, initDirs] = useMutation(InitializeDirectoriesMutation);
  const actionError: CombinedError | undefined = syncResult.error ?? initResult.error;
  const [review, setReview] = useState<Review | null>(null);
  const reviewToken = useRef(0);
  /** Files previewed for the operation started from a review: compared when it finishes. */
  const previewed = useRef<{ operationId: string; files: PlannedFile[] } | null>(null);
  const [mismatch, setMismatch] = useState<string | null>(null);

  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  // Refetches driven by subscriptions are debounced: a burst of fabric events during a sync
  // makes one request, not one per event.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refreshSoon = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      refresh();
    }, REFRESH_DEBOUNCE_MS);
  }, [refresh]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  // Live progress of the operation we started (or one found running on load).
  const [sub] = useSubscription({
    query: SyncProgressSubscription,
    variables: { operationId: progress.operationId ?? '' },
    pause: !progress.operationId || progress.done,
  });
  useEffect(() => {
    const ev = sub.data?.syncProgress;
    if (ev) dispatch({ type: 'event', event: ev });
  }, [sub.data]);

  /** One operation with its details, from the network. */
  const loadOperation = useCallback(
    async (operationId: string) => {
      const r = await client
        .query(OperationsQuery, { fabricId: id, first: 1, operationId, withOperation: true }, { requestPolicy: 'network-only' })
        .toPromise();
      return { op: r.data?.syncOperation ?? null, error: r.error };
    },
    [client, id],
  );

  // When an operation ends: the fabric from the network at once (not debounced), and for a
  // write started from a review, a check that it wrote what was previewed.
  const finishedRef = useRef<string | null>(null);
  useEffect(() => {
    if (progress.done && progress.operationId && finishedRef.current !== progress.operationId) {
      const opId = progress.operationId;
      finishedRef.current = opId;
      if (timer.current) clearTimeout(timer.current);
      refresh();
      const p = previewed.current;
      if (p && p.operationId === opId) {
        previewed.current = null;
        void loadOperation(opId).then(({ op }) => {
          if (!op || op.status === 'FAILED' || op.status === 'CANCELLED') return;
          const files = parseDryRun(op.details).files;
          if (!sameFiles(files, p.files)) {
            setMismatch(
              `The operation wrote ${files.length} file(s) that differ from the ${p.files.length} previewed: the drafts or Git changed after the review.`,
            );
          }
        });
      }
    }
  }, [progress.done, progress.operationId, refresh, loadOperation]);

  // Fabric events (other users, schedules, webhooks) refresh the page.
  const [events] = useSubscription({ query: FabricEventsSubscription, variables: { fabricId: id }, pause: !id });
  useEffect(() => {
    if (events.data?.fabricEvents) refreshSoon();
  }, [events.data, refreshSoon]);

  // Pick up an operation already running when the page opens (dry runs are the review's own).
  const ops = data?.syncOperations.nodes;
  useEffect(() => {
    if (progress.operationId || !ops) return;
    const running = ops.find((o) => (o.status === 'QUEUED' || o.status === 'RUNNING') && !o.dryRun);
    if (running) {
      dispatch({
        type: 'start',
        operationId: running.id,
        label: running.direction.replace(/_/g, ' '),
        status: running.status,
        percent: running.percent,
      });
    }
  }, [ops, progress.operationId]);

  /** Every pending draft of the fabric (for the commit message). */
  const loadDrafts = useCallback(async (): Promise<DraftItem[] | null> => {
    const out: DraftItem[] = [];
    let after: string | null = null;
    for (;;) {
      const r: OperationResult<ResourcesQueryResult> = await client
        .query(ResourcesQuery, { fabricId: id, hasDraft: true, first: 200, after }, { requestPolicy: 'network-only' })
        .toPromise();
      const conn = r.data?.resources;
      if (!conn) return null;
      for (const n of conn.nodes) {
        if (n.draftOperation) out.push({ kind: n.kind, namespace: n.namespace, name: n.name, operation: n.draftOperation });
      }
      if (!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor) return out;
      after = conn.pageInfo.endCursor;
    }
  }, [client, id]);

  /** Opens the review of a write-back: a dry run, then its files, diffs and commit message. */
  const openReview = async (direction: TriggerDirection) => {
    const token = ++reviewToken.current;
    const label = DIRECTION_LABEL[direction];
    const alive = () => reviewToken.current === token;
    const update = (patch: Partial<Extract<Review, { kind: 'sync' }>>) => {
      if (alive()) setReview((r) => (r && r.kind === 'sync' ? { ...r, ...patch } : r));
    };
    setMismatch(null);
    setReview({ kind: 'sync', direction, label, loading: true });
    const started = await client.mutation(TriggerSyncMutation, { fabricId: id, direction, dryRun: true }).toPromise();
    const op = started.data?.triggerSync;
    if (!op) return update({ loading: false, error: started.error });
    if (!op.dryRun) {
      return update({
        loading: false,
        errorText: `A ${label} (operation ${op.id}) is already queued; wait for it to finish, then review again.`,
      });
    }
    update({ dryRunId: op.id });
    const deadline = Date.now() + DRY_RUN_TIMEOUT_MS;
    let status: OperationStatus = op.status;
    let details = null;
    let message: string | null | undefined = op.message;
    let built: string | null | undefined = null;
    while (alive()) {
      const { op: cur, error: err } = await loadOperation(op.id);
      if (err) return update({ loading: false, error: err });
      if (cur) {
        status = cur.status;
        details = cur.details;
        built = cur.commitMessage;
        message = cur.message ?? cur.errors.map((e) => e.message).join('; ');
        if (isTerminal(status)) break;
      }
      if (Date.now() > deadline) return update({ loading: false, errorText: `The dry run (operation ${op.id}) did not finish in time.` });
      await sleep(POLL_MS);
    }
    if (!alive()) return;
    if (status === 'FAILED' || status === 'CANCELLED') {
      return update({ loading: false, errorText: `The dry run ${status.toLowerCase()}: ${message || 'no reason given'}` });
    }
    const report = parseDryRun(details);
    // The message the dry run built (read from the server's Git cache); composed here as the
    // server does when the server cannot tell it.
    let commit: string | undefined;
    if (report.files.length > 0) {
      if (built) {
        commit = withoutTrailers(built);
      } else {
        const drafts = await loadDrafts();
        commit = drafts ? commitMessage(drafts, report.skipped) : undefined;
      }
    }
    update({ loading: false, report, message: commit });
  };

  /** Opens the review of Initialize Directories: its dry run lists the files the commit creates. */
  const openInitReview = async () => {
    const token = ++reviewToken.current;
    const label = 'Initialize Directories';
    const update = (patch: Partial<Extract<Review, { kind: 'init' }>>) => {
      if (reviewToken.current === token) setReview((r) => (r && r.kind === 'init' ? { ...r, ...patch } : r));
    };
    setMismatch(null);
    setReview({ kind: 'init', label, loading: true });
    const r = await client.mutation(InitializeDirectoriesMutation, { fabricId: id, dryRun: true }).toPromise();
    const op = r.data?.initializeDirectories;
    if (!op) return update({ loading: false, error: r.error });
    if (op.status === 'FAILED') {
      return update({ loading: false, errorText: `The dry run failed: ${op.message || op.errors.map((e) => e.message).join('; ') || 'no reason given'}` });
    }
    const report = parseDryRun(op.details);
    const dir = data?.fabric?.gitopsDirectory;
    update({ loading: false, report, message: report.files.length ? `Initialize HNP directory layout${dir ? ` in ${dir}` : ''}` : undefined });
  };

  const cancelReview = () => {
    reviewToken.current++;
    setReview(null);
  };

  const runSync = async (fabricId: string, direction: TriggerDirection, files?: PlannedFile[]) => {
    const r = await triggerSync({ fabricId, direction, dryRun: false });
    const op = r.data?.triggerSync;
    if (op) {
      if (files) previewed.current = { operationId: op.id, files };
      dispatch({ type: 'start', operationId: op.id, label: DIRECTION_LABEL[direction], status: op.status, percent: op.percent });
      refresh();
    }
    return !!op;
  };
  const runInit = async (fabricId: string) => {
    // The real run records no file list to compare with the preview (the layout is only ever
    // added to: existing files are never rewritten).
    const r = await initDirs({ fabricId, dryRun: false });
    const op = r.data?.initializeDirectories;
    if (op) {
      dispatch({ type: 'start', operationId: op.id, label: 'Initialize Directories', status: op.status, percent: op.percent });
      refresh();
    }
    return !!op;
  };

  /** The review's confirm button: the real write. */
  const confirmReview = async () => {
    const r = review;
    if (!r) return;
    reviewToken.current++;
    setReview(null);
    if (r.kind === 'init') await runInit(id);
    else await runSync(id, r.direction, r.report?.files);
  };

  return {
    data,
    error,
    fetching,
    progress,
    progressError: sub.error,
    actionError,
    starting: syncResult.fetching || initResult.fetching,
    runSync,
    review,
    mismatch,
    openReview,
    openInitReview,
    cancelReview,
    confirmReview,
    refresh,
  };
}
