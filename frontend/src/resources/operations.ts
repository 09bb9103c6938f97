import { graphql } from '../graphql/generated';

// Resources: the filtered list, one resource, and its drafts. The operation names are the API's
// metric labels (api/src/metrics.rs KNOWN_OPERATIONS; a test reads every src/**/operations.ts).

export const ResourceRowFields = graphql(`
  fragment ResourceRowFields on Resource {
    id
    fabricId
    kind
    apiVersion
    namespace
    name
    hasDraft
    draftOperation
    resourceState
    driftStatus
    conflictStatus
    lastFileSync
    admissionErrors { path message }
  }
`);

export const ResourcesQuery = graphql(`
  query Resources(
    $fabricId: ID
    $kind: String
    $search: String
    $state: ResourceState
    $driftStatus: DriftStatus
    $conflictStatus: ConflictStatus
    $hasDraft: Boolean
    $admission: AdmissionFilter
    $first: Int
    $after: String
  ) {
    resources(
      fabricId: $fabricId
      kind: $kind
      search: $search
      state: $state
      driftStatus: $driftStatus
      conflictStatus: $conflictStatus
      hasDraft: $hasDraft
      admission: $admission
      first: $first
      after: $after
    ) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...ResourceRowFields }
    }
  }
`);

export const ResourceFields = graphql(`
  fragment ResourceFields on Resource {
    ...ResourceRowFields
    labels
    annotations
    desiredSpec
    desiredCommit
    desiredUpdated
    draftSpec
    draftUpdated
    draftUpdatedBy
    actualSpec
    actualStatus
    actualUpdated
    managedFilePath
    fileHash
    syncDirection
    drift
    validationErrors { path message }
    createdAt
    updatedAt
  }
`);

export const ResourceQuery = graphql(`
  query Resource($id: ID!) {
    resource(id: $id) {
      ...ResourceFields
      fabric { id name gitBranch openPullRequestUrl gitRepository { id defaultBranch writeMode } }
      agent { state generation appliedGeneration lastHeartbeat }
    }
  }
`);

// What a resource refers to and what refers to it: a query of its own, so that the resource
// (and its editor) never waits for the scan of the referring kinds.
export const ResourceLinksQuery = graphql(`
  query ResourceLinks($id: ID!) {
    resource(id: $id) {
      id
      references { kind name path resourceId }
      referencedBy { kind name path resourceId }
    }
  }
`);

export const UpdateDraftMutation = graphql(`
  mutation UpdateResourceDraft($resourceId: ID!, $spec: JSON!) {
    updateResourceDraft(resourceId: $resourceId, spec: $spec) {
      operation
      warnings { path message }
      resource { ...ResourceFields }
    }
  }
`);

export const CreateDraftMutation = graphql(`
  mutation CreateResourceDraft($fabricId: ID!, $kind: String!, $name: String!, $namespace: String!, $spec: JSON!) {
    createResourceDraft(fabricId: $fabricId, kind: $kind, name: $name, namespace: $namespace, spec: $spec) {
      operation
      warnings { path message }
      resource { ...ResourceFields }
    }
  }
`);

export const DeleteDraftMutation = graphql(`
  mutation DeleteResourceDraft($resourceId: ID!) {
    deleteResourceDraft(resourceId: $resourceId) {
      operation
      warnings { path message }
      resource { ...ResourceFields }
    }
  }
`);

export const DiscardDraftMutation = graphql(`
  mutation DiscardDraft($resourceId: ID!) {
    discardDraft(resourceId: $resourceId) { ...ResourceFields }
  }
`);

export const AdoptActualMutation = graphql(`
  mutation AdoptActual($resourceId: ID!, $paths: [String!]) {
    adoptActual(resourceId: $resourceId, paths: $paths) {
      operation
      warnings { path message }
    }
  }
`);

export const KeepGitMutation = graphql(`
  mutation KeepGit($resourceId: ID!, $paths: [String!]) {
    keepGit(resourceId: $resourceId, paths: $paths) {
      id
      drift
    }
  }
`);

export const AdoptOrphanMutation = graphql(`
  mutation AdoptOrphan($resourceId: ID!) {
    adoptOrphan(resourceId: $resourceId) {
      operation
      warnings { path message }
    }
  }
`);

// A resource's history (newest first, a page at a time) and the blame of its desired spec: each
// a query of its own, read only when shown (the History tab, the blame card).
export const ResourceHistoryQuery = graphql(`
  query ResourceHistory($id: ID!, $first: Int, $after: String) {
    resource(id: $id) {
      id
      history(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { kind at actor commit operationId message paths }
      }
    }
  }
`);

export const ResourceBlameQuery = graphql(`
  query ResourceBlame($id: ID!) {
    resource(id: $id) {
      id
      desiredSpec
      blame { path commit author at source }
    }
  }
`);

// What one commit changed in the resource's fields, with the values before and after: read when
// a Git commit or write-back event of the History tab is expanded.
export const ResourceCommitDiffQuery = graphql(`
  query ResourceCommitDiff($id: ID!, $commit: String!) {
    resource(id: $id) {
      id
      commitDiff(commit: $commit) { path before after }
    }
  }
`);
