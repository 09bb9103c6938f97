import { graphql } from '../gql';

export const LoginMutation = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      token
      expiresAt
      user { id username role }
    }
  }
`);

export const MeQuery = graphql(`
  query Me {
    me { id username role isActive }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

export const FabricsQuery = graphql(`
  query Fabrics {
    fabrics {
      id
      name
      gitopsDirectory
      gitBranch
      gitRepository { id name url }
      syncStatus
      lastSync
      driftCount
      openConflicts
      pendingDrafts
      resourceCount
    }
  }
`);

export const FabricQuery = graphql(`
  query Fabric($id: ID!) {
    fabric(id: $id) {
      id
      name
      description
      gitopsDirectory
      gitBranch
      desiredStateCommit
      remoteHeadCommit
      directoryStatus
      syncIntervalSeconds
      syncStatus
      lastSync
      driftCount
      invalidResources
      openConflicts
      pendingDrafts
      resourceCount
      clusterConfigured
      clusterWarnings
      fileErrors { path message }
      featureFlags { key enabled source reason updatedBy }
      gitRepository { id name url provider defaultBranch connectionStatus }
    }
    syncOperations(fabricId: $id, first: 10) {
      totalCount
      nodes { ...OperationFields }
    }
  }
`);

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

export const FabricEventsSubscription = graphql(`
  subscription FabricEvents($fabricId: ID!) {
    fabricEvents(fabricId: $fabricId) { fabricId kind operationId message at }
  }
`);

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
    resource(id: $id) { ...ResourceFields }
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

export const RepositoryFields = graphql(`
  fragment RepositoryFields on GitRepository {
    id
    name
    url
    provider
    authType
    hasCredentials
    hasWebhookSecret
    defaultBranch
    writeMode
    commitAuthorName
    commitAuthorEmail
    connectionStatus
    lastValidated
    validationError
    sshHostKeys
    fabrics { id name }
  }
`);

export const RepositoriesQuery = graphql(`
  query GitRepositories {
    gitRepositories { ...RepositoryFields }
  }
`);

export const CreateRepositoryMutation = graphql(`
  mutation CreateGitRepository($input: CreateGitRepositoryInput!) {
    createGitRepository(input: $input) { ...RepositoryFields }
  }
`);

export const UpdateRepositoryMutation = graphql(`
  mutation UpdateGitRepository($id: ID!, $input: UpdateGitRepositoryInput!) {
    updateGitRepository(id: $id, input: $input) { ...RepositoryFields }
  }
`);

export const DeleteRepositoryMutation = graphql(`
  mutation DeleteGitRepository($id: ID!) {
    deleteGitRepository(id: $id)
  }
`);

export const TestConnectionMutation = graphql(`
  mutation TestGitRepositoryConnection($id: ID!) {
    testGitRepositoryConnection(id: $id) {
      ok
      url
      defaultBranch
      branches
      errorKind
      error
      repository { ...RepositoryFields }
    }
  }
`);

export const UpdateFabricMutation = graphql(`
  mutation UpdateFabric($id: ID!, $input: UpdateFabricInput!) {
    updateFabric(id: $id, input: $input) { id name gitRepository { id name url } }
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

export const FeatureFlagsQuery = graphql(`
  query FeatureFlags {
    featureFlags { key enabled source reason updatedBy }
    fabrics { id name featureFlags { key enabled source reason updatedBy } }
  }
`);

export const SetFeatureFlagMutation = graphql(`
  mutation SetFeatureFlag($key: FeatureFlagKey!, $enabled: Boolean!, $fabricId: ID, $reason: String) {
    setFeatureFlag(key: $key, enabled: $enabled, fabricId: $fabricId, reason: $reason) {
      key enabled source reason updatedBy
    }
  }
`);

export const UsersQuery = graphql(`
  query Users {
    users { id username role isActive lastLoginAt }
  }
`);

export const CreateUserMutation = graphql(`
  mutation CreateUser($username: String!, $password: String!, $role: Role!) {
    createUser(username: $username, password: $password, role: $role) { id username role isActive lastLoginAt }
  }
`);

export const UpdateUserMutation = graphql(`
  mutation UpdateUser($id: ID!, $active: Boolean, $role: Role) {
    updateUser(id: $id, active: $active, role: $role) { id username role isActive lastLoginAt }
  }
`);

export const ApiTokenFields = graphql(`
  fragment ApiTokenFields on ApiToken {
    id
    name
    prefix
    createdAt
    lastUsedAt
    expiresAt
    session
    revoked
  }
`);

export const ApiTokensQuery = graphql(`
  query ApiTokens($username: String) {
    apiTokens(username: $username) { ...ApiTokenFields }
  }
`);

export const CreateApiTokenMutation = graphql(`
  mutation CreateApiToken($name: String!, $username: String) {
    createApiToken(name: $name, username: $username) {
      token
      apiToken { ...ApiTokenFields }
    }
  }
`);

export const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) { ...ApiTokenFields }
  }
`);

export const AuditEventsQuery = graphql(`
  query AuditEvents($first: Int, $after: String) {
    auditEvents(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id actor action targetType targetId fabricId summary createdAt }
    }
  }
`);
