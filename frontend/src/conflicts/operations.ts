import { graphql } from '../graphql/generated';

// Git-vs-GUI conflicts and their resolution. The operation names are the API's metric labels
// (api/src/metrics.rs KNOWN_OPERATIONS; a test reads every src/**/operations.ts).

export const ConflictFields = graphql(`
  fragment ConflictFields on Conflict {
    id
    fabricId
    resourceId
    type
    status
    baseSpec
    guiSpec
    gitSpec
    paths
    gitCommit
    syncOperationId
    resolution
    mergedSpec
    resolvedAt
    detectedAt
    resource { id kind name namespace conflictStatus hasDraft }
  }
`);

export const ConflictsQuery = graphql(`
  query Conflicts($status: ConflictState, $fabricId: ID) {
    conflicts(status: $status, fabricId: $fabricId) { ...ConflictFields }
  }
`);

export const ResolveConflictMutation = graphql(`
  mutation ResolveConflict($conflictId: ID!, $strategy: Resolution!, $mergedSpec: JSON) {
    resolveConflict(conflictId: $conflictId, strategy: $strategy, mergedSpec: $mergedSpec) { ...ConflictFields }
  }
`);
