import { graphql } from '../graphql/generated';

// Sync operations: the shared fields, triggering, cancelling, live progress and the history. The
// operation names are the API's metric labels (api/src/metrics.rs KNOWN_OPERATIONS; a test reads
// every src/**/operations.ts).

export const OperationFields = graphql(`
  fragment OperationFields on SyncOperation {
    id
    fabricId
    direction
    trigger
    status
    phase
    percent
    counters { filesProcessed created updated deleted unchanged conflicts }
    errors { path message }
    message
    commitSha
    pullRequestUrl
    requestedBy
    dryRun
    createdAt
    startedAt
    finishedAt
  }
`);

export const TriggerSyncMutation = graphql(`
  mutation TriggerSync($fabricId: ID!, $direction: TriggerDirection!) {
    triggerSync(fabricId: $fabricId, direction: $direction) { ...OperationFields }
  }
`);

export const InitializeDirectoriesMutation = graphql(`
  mutation InitializeDirectories($fabricId: ID!) {
    initializeDirectories(fabricId: $fabricId) { ...OperationFields }
  }
`);

export const CancelOperationMutation = graphql(`
  mutation CancelSyncOperation($id: ID!) {
    cancelSyncOperation(id: $id) { ...OperationFields }
  }
`);

export const SyncProgressSubscription = graphql(`
  subscription SyncProgress($operationId: ID!) {
    syncProgress(operationId: $operationId) {
      operationId
      status
      phase
      percent
      message
      counters { filesProcessed created updated deleted unchanged conflicts }
      at
    }
  }
`);

export const OperationsQuery = graphql(`
  query SyncOperations($fabricId: ID, $first: Int, $after: String) {
    syncOperations(fabricId: $fabricId, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...OperationFields }
    }
    fabrics { id name }
  }
`);
