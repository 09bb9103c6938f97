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
    autoMerged
    createdAt
    startedAt
    finishedAt
  }
`);

export const TriggerSyncMutation = graphql(`
  mutation TriggerSync($fabricId: ID!, $direction: TriggerDirection!, $dryRun: Boolean! = false) {
    triggerSync(fabricId: $fabricId, direction: $direction, dryRun: $dryRun) { ...OperationFields }
  }
`);

export const InitializeDirectoriesMutation = graphql(`
  mutation InitializeDirectories($fabricId: ID!, $dryRun: Boolean! = false) {
    initializeDirectories(fabricId: $fabricId, dryRun: $dryRun) {
      ...OperationFields
      details
    }
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

// With `withOperation`, also one operation (`operationId`) with its `details` (a dry run's
// files and diffs): the review step reads it under this same operation name, which keeps the
// metric labels (api/src/metrics.rs KNOWN_OPERATIONS) unchanged.
export const OperationsQuery = graphql(`
  query SyncOperations(
    $fabricId: ID
    $first: Int
    $after: String
    $operationId: ID! = "0"
    $withOperation: Boolean! = false
  ) {
    syncOperations(fabricId: $fabricId, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...OperationFields }
    }
    fabrics { id name }
    syncOperation(id: $operationId) @include(if: $withOperation) {
      ...OperationFields
      details
      commitMessage
    }
  }
`);

// One operation with its `details` (the operation detail page) and the fabrics for its name and
// commit links.
export const SyncOperationQuery = graphql(`
  query SyncOperation($id: ID!) {
    syncOperation(id: $id) {
      ...OperationFields
      details
      commitMessage
      phases { phase at }
      convergence { committedAt inClusterAt appliedAt switches pendingSwitches }
    }
    fabrics { id name gitBranch openPullRequestUrl gitRepository { id url provider defaultBranch writeMode } }
  }
`);

// Events of every fabric: the Operations list refreshes on operations queued, started, finished.
export const OperationEventsSubscription = graphql(`
  subscription OperationEvents {
    fabricEvents { fabricId kind operationId at }
  }
`);

// Revert what a write-back committed (`revertOperation`) or any commit of the fabric's branch
// (`revertCommit`). Both run now and answer the finished operation; with `dryRun` its `details`
// hold the planned files and diffs (as a write-back dry run) and the fields that would conflict.
export const RevertOperationMutation = graphql(`
  mutation RevertOperation($operationId: ID!, $dryRun: Boolean! = false) {
    revertOperation(operationId: $operationId, dryRun: $dryRun) {
      ...OperationFields
      details
      commitMessage
    }
  }
`);

export const RevertCommitMutation = graphql(`
  mutation RevertCommit($fabricId: ID!, $commit: String!, $dryRun: Boolean! = false) {
    revertCommit(fabricId: $fabricId, commit: $commit, dryRun: $dryRun) {
      ...OperationFields
      details
      commitMessage
    }
  }
`);
