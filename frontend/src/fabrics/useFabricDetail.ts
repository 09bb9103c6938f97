import { useCallback, useEffect, useReducer, useRef } from 'react';
import { useMutation, useQuery, useSubscription, type CombinedError } from 'urql';
import { FabricEventsSubscription, FabricQuery } from './operations';
import { InitializeDirectoriesMutation, SyncProgressSubscription, TriggerSyncMutation } from '../operations/operations';
import type { TriggerDirection } from '../graphql/generated/graphql';
import { initialProgress, progressReducer } from '../operations/progress';

export const DIRECTION_LABEL: Record<TriggerDirection, string> = {
  BIDIRECTIONAL: 'Sync Bidirectional',
  GIT_TO_GUI: 'Sync from Git',
  GUI_TO_GIT: 'Sync to Git',
  CLUSTER_READ: 'Read Cluster',
};

/**
 * The data of the fabric page: the fabric with its recent operations, refreshed by fabric
 * events; the live progress of the operation started here (or found running on load); and
 * the actions that start one.
 */
export function useFabricDetail(id: string) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: FabricQuery, variables: { id } });
  const [progress, dispatch] = useReducer(progressReducer, initialProgress);
  const [syncResult, triggerSync] = useMutation(TriggerSyncMutation);
  const [initResult, initDirs] = useMutation(InitializeDirectoriesMutation);
  const actionError: CombinedError | undefined = syncResult.error ?? initResult.error;

  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);

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
  const finishedRef = useRef<string | null>(null);
  useEffect(() => {
    if (progress.done && progress.operationId && finishedRef.current !== progress.operationId) {
      finishedRef.current = progress.operationId;
      refresh();
    }
  }, [progress.done, progress.operationId, refresh]);

  // Fabric events (other users, schedules, webhooks) refresh the page.
  const [events] = useSubscription({ query: FabricEventsSubscription, variables: { fabricId: id }, pause: !id });
  useEffect(() => {
    if (events.data?.fabricEvents) refresh();
  }, [events.data, refresh]);

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
        status: running.status,
        percent: running.percent,
      });
    }
  }, [ops, progress.operationId]);

  const runSync = async (fabricId: string, direction: TriggerDirection) => {
    const r = await triggerSync({ fabricId, direction });
    const op = r.data?.triggerSync;
    if (op) {
      dispatch({ type: 'start', operationId: op.id, label: DIRECTION_LABEL[direction], status: op.status, percent: op.percent });
      refresh();
    }
  };
  const runInit = async (fabricId: string) => {
    const r = await initDirs({ fabricId });
    const op = r.data?.initializeDirectories;
    if (op) {
      dispatch({ type: 'start', operationId: op.id, label: 'Initialize Directories', status: op.status, percent: op.percent });
      refresh();
    }
  };

  return { data, error, fetching, progress, progressError: sub.error, actionError, runSync, runInit };
}
