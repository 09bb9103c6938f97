/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query FeatureFlags {\n    featureFlags { key enabled source reason updatedBy }\n    fabrics { id name featureFlags { key enabled source reason updatedBy } }\n  }\n": typeof types.FeatureFlagsDocument,
    "\n  mutation SetFeatureFlag($key: FeatureFlagKey!, $enabled: Boolean!, $fabricId: ID, $reason: String) {\n    setFeatureFlag(key: $key, enabled: $enabled, fabricId: $fabricId, reason: $reason) {\n      key enabled source reason updatedBy\n    }\n  }\n": typeof types.SetFeatureFlagDocument,
    "\n  query Users {\n    users { id username role isActive lastLoginAt }\n  }\n": typeof types.UsersDocument,
    "\n  mutation CreateUser($username: String!, $password: String!, $role: Role!) {\n    createUser(username: $username, password: $password, role: $role) { id username role isActive lastLoginAt }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation UpdateUser($id: ID!, $active: Boolean, $role: Role) {\n    updateUser(id: $id, active: $active, role: $role) { id username role isActive lastLoginAt }\n  }\n": typeof types.UpdateUserDocument,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    expiresAt\n    session\n    revoked\n    current\n  }\n": typeof types.ApiTokenFieldsFragmentDoc,
    "\n  query ApiTokens($username: String) {\n    apiTokens(username: $username) { ...ApiTokenFields }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateApiToken($name: String!, $username: String) {\n    createApiToken(name: $name, username: $username) {\n      token\n      apiToken { ...ApiTokenFields }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) { ...ApiTokenFields }\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  query AuditEvents(\n    $first: Int\n    $after: String\n    $actor: String\n    $action: String\n    $targetType: String\n    $targetId: String\n    $since: DateTime\n    $until: DateTime\n  ) {\n    auditEvents(\n      first: $first\n      after: $after\n      actor: $actor\n      action: $action\n      targetType: $targetType\n      targetId: $targetId\n      since: $since\n      until: $until\n    ) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { id actor action targetType targetId fabricId summary before after createdAt }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  mutation ClearFeatureFlag($key: FeatureFlagKey!, $fabricId: ID!) {\n    clearFeatureFlag(key: $key, fabricId: $fabricId) { key enabled source reason updatedBy }\n  }\n": typeof types.ClearFeatureFlagDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n      user { id username role }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query Me {\n    me { id username role isActive }\n  }\n": typeof types.MeDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  fragment ConflictFields on Conflict {\n    id\n    fabricId\n    resourceId\n    type\n    status\n    baseSpec\n    guiSpec\n    gitSpec\n    paths\n    gitCommit\n    syncOperationId\n    resolution\n    mergedSpec\n    resolvedAt\n    detectedAt\n    resource { id kind name namespace conflictStatus hasDraft }\n  }\n": typeof types.ConflictFieldsFragmentDoc,
    "\n  query Conflicts($status: ConflictState, $fabricId: ID) {\n    conflicts(status: $status, fabricId: $fabricId) { ...ConflictFields }\n  }\n": typeof types.ConflictsDocument,
    "\n  mutation ResolveConflict($conflictId: ID!, $strategy: Resolution!, $mergedSpec: JSON) {\n    resolveConflict(conflictId: $conflictId, strategy: $strategy, mergedSpec: $mergedSpec) { ...ConflictFields }\n  }\n": typeof types.ResolveConflictDocument,
    "\n  query DriftIgnoreRules($fabricId: ID!) {\n    driftIgnoreRules(fabricId: $fabricId) {\n      id\n      kind\n      path\n      reason\n      createdBy\n      createdAt\n      ignoredPaths\n    }\n  }\n": typeof types.DriftIgnoreRulesDocument,
    "\n  mutation AddDriftIgnoreRule($fabricId: ID!, $kind: String!, $path: String!, $reason: String!) {\n    addDriftIgnoreRule(fabricId: $fabricId, kind: $kind, path: $path, reason: $reason) {\n      id\n    }\n  }\n": typeof types.AddDriftIgnoreRuleDocument,
    "\n  mutation RemoveDriftIgnoreRule($fabricId: ID!, $kind: String!, $path: String!) {\n    removeDriftIgnoreRule(fabricId: $fabricId, kind: $kind, path: $path)\n  }\n": typeof types.RemoveDriftIgnoreRuleDocument,
    "\n  query Fabrics {\n    fabrics {\n      id\n      name\n      gitopsDirectory\n      gitBranch\n      gitRepository { id name url }\n      syncStatus\n      lastSync\n      driftCount\n      openConflicts\n      pendingDrafts\n      resourceCount\n    }\n  }\n": typeof types.FabricsDocument,
    "\n  query Fabric($id: ID!) {\n    fabric(id: $id) {\n      id\n      name\n      description\n      gitopsDirectory\n      gitBranch\n      desiredStateCommit\n      remoteHeadCommit\n      directoryStatus\n      syncIntervalSeconds\n      syncStatus\n      lastSync\n      driftCount\n      actualOnlyCount\n      invalidResources\n      openConflicts\n      pendingDrafts\n      resourceCount\n      clusterConfigured\n      clusterSimulated\n      lastClusterRead\n      clusterWarnings\n      kubernetesServer\n      kubernetesNamespace\n      kubernetesCaCert\n      kubernetesInsecureSkipTlsVerify\n      hasKubernetesToken\n      usesKubeconfig\n      kubeconfigContext\n      fileErrors { path message }\n      featureFlags { key enabled source reason updatedBy }\n      openPullRequestUrl\n      gitRepository { id name url provider defaultBranch connectionStatus writeMode }\n    }\n    syncOperations(fabricId: $id, first: 10) {\n      totalCount\n      nodes { ...OperationFields }\n    }\n  }\n": typeof types.FabricDocument,
    "\n  subscription FabricEvents($fabricId: ID!) {\n    fabricEvents(fabricId: $fabricId) { fabricId kind operationId message at }\n  }\n": typeof types.FabricEventsDocument,
    "\n  mutation UpdateFabric($id: ID!, $input: UpdateFabricInput!) {\n    updateFabric(id: $id, input: $input) { id name gitRepository { id name url } }\n  }\n": typeof types.UpdateFabricDocument,
    "\n  mutation TestFabricClusterConnection($fabricId: ID!) {\n    testFabricClusterConnection(fabricId: $fabricId) {\n      ok\n      server\n      namespace\n      serverVersion\n      kinds { kind apiVersion installed }\n      warnings\n      error\n    }\n  }\n": typeof types.TestFabricClusterConnectionDocument,
    "\n  query NotificationTargets($fabricId: ID!) {\n    notificationTargets(fabricId: $fabricId) {\n      id\n      kind\n      url\n      hasSecret\n      events\n      createdBy\n      createdAt\n    }\n    notificationDeliveries(fabricId: $fabricId, limit: 20) {\n      id\n      targetId\n      event\n      attempt\n      status\n      httpStatus\n      error\n      attemptedAt\n      nextAttemptAt\n    }\n  }\n": typeof types.NotificationTargetsDocument,
    "\n  mutation AddNotificationTarget($fabricId: ID!, $kind: NotificationKind!, $url: String!, $secret: String, $events: [String!]) {\n    addNotificationTarget(fabricId: $fabricId, kind: $kind, url: $url, secret: $secret, events: $events) {\n      id\n    }\n  }\n": typeof types.AddNotificationTargetDocument,
    "\n  mutation RemoveNotificationTarget($fabricId: ID!, $id: ID!) {\n    removeNotificationTarget(fabricId: $fabricId, id: $id)\n  }\n": typeof types.RemoveNotificationTargetDocument,
    "\n  mutation TestNotificationTarget($fabricId: ID!, $id: ID!) {\n    testNotificationTarget(fabricId: $fabricId, id: $id) {\n      id\n      status\n      httpStatus\n      error\n    }\n  }\n": typeof types.TestNotificationTargetDocument,
    "\n  fragment OperationFields on SyncOperation {\n    id\n    fabricId\n    direction\n    trigger\n    status\n    phase\n    percent\n    counters { filesProcessed created updated deleted unchanged conflicts }\n    errors { path message }\n    message\n    commitSha\n    pullRequestUrl\n    requestedBy\n    dryRun\n    autoMerged\n    createdAt\n    startedAt\n    finishedAt\n  }\n": typeof types.OperationFieldsFragmentDoc,
    "\n  mutation TriggerSync($fabricId: ID!, $direction: TriggerDirection!, $dryRun: Boolean! = false) {\n    triggerSync(fabricId: $fabricId, direction: $direction, dryRun: $dryRun) { ...OperationFields }\n  }\n": typeof types.TriggerSyncDocument,
    "\n  mutation InitializeDirectories($fabricId: ID!, $dryRun: Boolean! = false) {\n    initializeDirectories(fabricId: $fabricId, dryRun: $dryRun) {\n      ...OperationFields\n      details\n    }\n  }\n": typeof types.InitializeDirectoriesDocument,
    "\n  mutation CancelSyncOperation($id: ID!) {\n    cancelSyncOperation(id: $id) { ...OperationFields }\n  }\n": typeof types.CancelSyncOperationDocument,
    "\n  subscription SyncProgress($operationId: ID!) {\n    syncProgress(operationId: $operationId) {\n      operationId\n      status\n      phase\n      percent\n      message\n      counters { filesProcessed created updated deleted unchanged conflicts }\n      at\n    }\n  }\n": typeof types.SyncProgressDocument,
    "\n  query SyncOperations(\n    $fabricId: ID\n    $first: Int\n    $after: String\n    $operationId: ID! = \"0\"\n    $withOperation: Boolean! = false\n  ) {\n    syncOperations(fabricId: $fabricId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...OperationFields }\n    }\n    fabrics { id name }\n    syncOperation(id: $operationId) @include(if: $withOperation) {\n      ...OperationFields\n      details\n      commitMessage\n    }\n  }\n": typeof types.SyncOperationsDocument,
    "\n  query SyncOperation($id: ID!) {\n    syncOperation(id: $id) {\n      ...OperationFields\n      details\n      commitMessage\n      phases { phase at }\n      convergence { committedAt inClusterAt appliedAt switches pendingSwitches }\n    }\n    fabrics { id name gitBranch openPullRequestUrl gitRepository { id url provider defaultBranch writeMode } }\n  }\n": typeof types.SyncOperationDocument,
    "\n  subscription OperationEvents {\n    fabricEvents { fabricId kind operationId at }\n  }\n": typeof types.OperationEventsDocument,
    "\n  mutation RevertOperation($operationId: ID!, $dryRun: Boolean! = false) {\n    revertOperation(operationId: $operationId, dryRun: $dryRun) {\n      ...OperationFields\n      details\n      commitMessage\n    }\n  }\n": typeof types.RevertOperationDocument,
    "\n  mutation RevertCommit($fabricId: ID!, $commit: String!, $dryRun: Boolean! = false) {\n    revertCommit(fabricId: $fabricId, commit: $commit, dryRun: $dryRun) {\n      ...OperationFields\n      details\n      commitMessage\n    }\n  }\n": typeof types.RevertCommitDocument,
    "\n  query PendingChanges($id: ID!) {\n    fabric(id: $id) {\n      id\n      name\n      pendingChanges {\n        resources {\n          resourceId\n          kind\n          namespace\n          name\n          operation\n          diff\n          problems { path message }\n        }\n        impact {\n          switches\n          ports { switch port }\n          servers\n          vpcs\n          externals\n          gateways\n          connections\n        }\n      }\n    }\n  }\n": typeof types.PendingChangesDocument,
    "\n  fragment RepositoryFields on GitRepository {\n    id\n    name\n    url\n    provider\n    authType\n    hasCredentials\n    hasWebhookSecret\n    defaultBranch\n    writeMode\n    commitAuthorName\n    commitAuthorEmail\n    connectionStatus\n    lastValidated\n    validationError\n    sshHostKeys\n    fabrics { id name }\n  }\n": typeof types.RepositoryFieldsFragmentDoc,
    "\n  query GitRepositories {\n    gitRepositories { ...RepositoryFields }\n  }\n": typeof types.GitRepositoriesDocument,
    "\n  mutation CreateGitRepository($input: CreateGitRepositoryInput!) {\n    createGitRepository(input: $input) { ...RepositoryFields }\n  }\n": typeof types.CreateGitRepositoryDocument,
    "\n  mutation UpdateGitRepository($id: ID!, $input: UpdateGitRepositoryInput!) {\n    updateGitRepository(id: $id, input: $input) { ...RepositoryFields }\n  }\n": typeof types.UpdateGitRepositoryDocument,
    "\n  mutation DeleteGitRepository($id: ID!) {\n    deleteGitRepository(id: $id)\n  }\n": typeof types.DeleteGitRepositoryDocument,
    "\n  mutation TestGitRepositoryConnection($id: ID!) {\n    testGitRepositoryConnection(id: $id) {\n      ok\n      url\n      defaultBranch\n      branches\n      errorKind\n      error\n      repository { ...RepositoryFields }\n    }\n  }\n": typeof types.TestGitRepositoryConnectionDocument,
    "\n  fragment ResourceRowFields on Resource {\n    id\n    fabricId\n    kind\n    apiVersion\n    namespace\n    name\n    hasDraft\n    draftOperation\n    resourceState\n    driftStatus\n    conflictStatus\n    lastFileSync\n    admissionErrors { path message }\n  }\n": typeof types.ResourceRowFieldsFragmentDoc,
    "\n  query Resources(\n    $fabricId: ID\n    $kind: String\n    $search: String\n    $state: ResourceState\n    $driftStatus: DriftStatus\n    $conflictStatus: ConflictStatus\n    $hasDraft: Boolean\n    $admission: AdmissionFilter\n    $first: Int\n    $after: String\n  ) {\n    resources(\n      fabricId: $fabricId\n      kind: $kind\n      search: $search\n      state: $state\n      driftStatus: $driftStatus\n      conflictStatus: $conflictStatus\n      hasDraft: $hasDraft\n      admission: $admission\n      first: $first\n      after: $after\n    ) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...ResourceRowFields }\n    }\n  }\n": typeof types.ResourcesDocument,
    "\n  fragment ResourceFields on Resource {\n    ...ResourceRowFields\n    labels\n    annotations\n    desiredSpec\n    desiredCommit\n    desiredUpdated\n    draftSpec\n    draftUpdated\n    draftUpdatedBy\n    actualSpec\n    actualStatus\n    actualUpdated\n    managedFilePath\n    fileHash\n    syncDirection\n    drift\n    validationErrors { path message }\n    createdAt\n    updatedAt\n  }\n": typeof types.ResourceFieldsFragmentDoc,
    "\n  query Resource($id: ID!) {\n    resource(id: $id) {\n      ...ResourceFields\n      fabric { id name gitBranch openPullRequestUrl gitRepository { id defaultBranch writeMode } }\n      agent { state generation appliedGeneration lastHeartbeat }\n    }\n  }\n": typeof types.ResourceDocument,
    "\n  query ResourceLinks($id: ID!) {\n    resource(id: $id) {\n      id\n      references { kind name path resourceId }\n      referencedBy { kind name path resourceId }\n    }\n  }\n": typeof types.ResourceLinksDocument,
    "\n  mutation UpdateResourceDraft($resourceId: ID!, $spec: JSON!) {\n    updateResourceDraft(resourceId: $resourceId, spec: $spec) {\n      operation\n      warnings { path message }\n      resource { ...ResourceFields }\n    }\n  }\n": typeof types.UpdateResourceDraftDocument,
    "\n  mutation CreateResourceDraft($fabricId: ID!, $kind: String!, $name: String!, $namespace: String!, $spec: JSON!) {\n    createResourceDraft(fabricId: $fabricId, kind: $kind, name: $name, namespace: $namespace, spec: $spec) {\n      operation\n      warnings { path message }\n      resource { ...ResourceFields }\n    }\n  }\n": typeof types.CreateResourceDraftDocument,
    "\n  mutation DeleteResourceDraft($resourceId: ID!) {\n    deleteResourceDraft(resourceId: $resourceId) {\n      operation\n      warnings { path message }\n      resource { ...ResourceFields }\n    }\n  }\n": typeof types.DeleteResourceDraftDocument,
    "\n  mutation DiscardDraft($resourceId: ID!) {\n    discardDraft(resourceId: $resourceId) { ...ResourceFields }\n  }\n": typeof types.DiscardDraftDocument,
    "\n  mutation AdoptActual($resourceId: ID!, $paths: [String!]) {\n    adoptActual(resourceId: $resourceId, paths: $paths) {\n      operation\n      warnings { path message }\n    }\n  }\n": typeof types.AdoptActualDocument,
    "\n  mutation KeepGit($resourceId: ID!, $paths: [String!]) {\n    keepGit(resourceId: $resourceId, paths: $paths) {\n      id\n      drift\n    }\n  }\n": typeof types.KeepGitDocument,
    "\n  mutation AdoptOrphan($resourceId: ID!) {\n    adoptOrphan(resourceId: $resourceId) {\n      operation\n      warnings { path message }\n    }\n  }\n": typeof types.AdoptOrphanDocument,
    "\n  query ResourceHistory($id: ID!, $first: Int, $after: String) {\n    resource(id: $id) {\n      id\n      history(first: $first, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        nodes { kind at actor commit operationId message paths }\n      }\n    }\n  }\n": typeof types.ResourceHistoryDocument,
    "\n  query ResourceBlame($id: ID!) {\n    resource(id: $id) {\n      id\n      desiredSpec\n      blame { path commit author at source }\n    }\n  }\n": typeof types.ResourceBlameDocument,
    "\n  query ResourceCommitDiff($id: ID!, $commit: String!) {\n    resource(id: $id) {\n      id\n      commitDiff(commit: $commit) { path before after }\n    }\n  }\n": typeof types.ResourceCommitDiffDocument,
    "\n  query FabricTopology($id: ID!) {\n    fabric(id: $id) {\n      id\n      name\n      pendingDrafts\n      topology {\n        nodes {\n          id\n          kind\n          name\n          role\n          state\n          groups\n          redundancyGroup { type group }\n          resourceId\n        }\n        links { id from to fromPort toPort connection kind state resourceId }\n      }\n    }\n    vpcs: resources(fabricId: $id, kind: \"VPC\", first: 500) {\n      totalCount\n      nodes { id name }\n    }\n  }\n": typeof types.FabricTopologyDocument,
    "\n  query TopologyHighlight($id: ID!, $vpc: String, $withVpc: Boolean!, $withImpact: Boolean!) {\n    fabric(id: $id) {\n      id\n      vpcTopology: topology(vpc: $vpc) @include(if: $withVpc) {\n        nodes { id }\n        links { id }\n      }\n      pendingChanges @include(if: $withImpact) {\n        impact {\n          switches\n          ports { switch port }\n          servers\n          vpcs\n          externals\n          gateways\n          connections\n        }\n      }\n    }\n  }\n": typeof types.TopologyHighlightDocument,
};
const documents: Documents = {
    "\n  query FeatureFlags {\n    featureFlags { key enabled source reason updatedBy }\n    fabrics { id name featureFlags { key enabled source reason updatedBy } }\n  }\n": types.FeatureFlagsDocument,
    "\n  mutation SetFeatureFlag($key: FeatureFlagKey!, $enabled: Boolean!, $fabricId: ID, $reason: String) {\n    setFeatureFlag(key: $key, enabled: $enabled, fabricId: $fabricId, reason: $reason) {\n      key enabled source reason updatedBy\n    }\n  }\n": types.SetFeatureFlagDocument,
    "\n  query Users {\n    users { id username role isActive lastLoginAt }\n  }\n": types.UsersDocument,
    "\n  mutation CreateUser($username: String!, $password: String!, $role: Role!) {\n    createUser(username: $username, password: $password, role: $role) { id username role isActive lastLoginAt }\n  }\n": types.CreateUserDocument,
    "\n  mutation UpdateUser($id: ID!, $active: Boolean, $role: Role) {\n    updateUser(id: $id, active: $active, role: $role) { id username role isActive lastLoginAt }\n  }\n": types.UpdateUserDocument,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    expiresAt\n    session\n    revoked\n    current\n  }\n": types.ApiTokenFieldsFragmentDoc,
    "\n  query ApiTokens($username: String) {\n    apiTokens(username: $username) { ...ApiTokenFields }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateApiToken($name: String!, $username: String) {\n    createApiToken(name: $name, username: $username) {\n      token\n      apiToken { ...ApiTokenFields }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) { ...ApiTokenFields }\n  }\n": types.RevokeApiTokenDocument,
    "\n  query AuditEvents(\n    $first: Int\n    $after: String\n    $actor: String\n    $action: String\n    $targetType: String\n    $targetId: String\n    $since: DateTime\n    $until: DateTime\n  ) {\n    auditEvents(\n      first: $first\n      after: $after\n      actor: $actor\n      action: $action\n      targetType: $targetType\n      targetId: $targetId\n      since: $since\n      until: $until\n    ) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { id actor action targetType targetId fabricId summary before after createdAt }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  mutation ClearFeatureFlag($key: FeatureFlagKey!, $fabricId: ID!) {\n    clearFeatureFlag(key: $key, fabricId: $fabricId) { key enabled source reason updatedBy }\n  }\n": types.ClearFeatureFlagDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n      user { id username role }\n    }\n  }\n": types.LoginDocument,
    "\n  query Me {\n    me { id username role isActive }\n  }\n": types.MeDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  fragment ConflictFields on Conflict {\n    id\n    fabricId\n    resourceId\n    type\n    status\n    baseSpec\n    guiSpec\n    gitSpec\n    paths\n    gitCommit\n    syncOperationId\n    resolution\n    mergedSpec\n    resolvedAt\n    detectedAt\n    resource { id kind name namespace conflictStatus hasDraft }\n  }\n": types.ConflictFieldsFragmentDoc,
    "\n  query Conflicts($status: ConflictState, $fabricId: ID) {\n    conflicts(status: $status, fabricId: $fabricId) { ...ConflictFields }\n  }\n": types.ConflictsDocument,
    "\n  mutation ResolveConflict($conflictId: ID!, $strategy: Resolution!, $mergedSpec: JSON) {\n    resolveConflict(conflictId: $conflictId, strategy: $strategy, mergedSpec: $mergedSpec) { ...ConflictFields }\n  }\n": types.ResolveConflictDocument,
    "\n  query DriftIgnoreRules($fabricId: ID!) {\n    driftIgnoreRules(fabricId: $fabricId) {\n      id\n      kind\n      path\n      reason\n      createdBy\n      createdAt\n      ignoredPaths\n    }\n  }\n": types.DriftIgnoreRulesDocument,
    "\n  mutation AddDriftIgnoreRule($fabricId: ID!, $kind: String!, $path: String!, $reason: String!) {\n    addDriftIgnoreRule(fabricId: $fabricId, kind: $kind, path: $path, reason: $reason) {\n      id\n    }\n  }\n": types.AddDriftIgnoreRuleDocument,
    "\n  mutation RemoveDriftIgnoreRule($fabricId: ID!, $kind: String!, $path: String!) {\n    removeDriftIgnoreRule(fabricId: $fabricId, kind: $kind, path: $path)\n  }\n": types.RemoveDriftIgnoreRuleDocument,
    "\n  query Fabrics {\n    fabrics {\n      id\n      name\n      gitopsDirectory\n      gitBranch\n      gitRepository { id name url }\n      syncStatus\n      lastSync\n      driftCount\n      openConflicts\n      pendingDrafts\n      resourceCount\n    }\n  }\n": types.FabricsDocument,
    "\n  query Fabric($id: ID!) {\n    fabric(id: $id) {\n      id\n      name\n      description\n      gitopsDirectory\n      gitBranch\n      desiredStateCommit\n      remoteHeadCommit\n      directoryStatus\n      syncIntervalSeconds\n      syncStatus\n      lastSync\n      driftCount\n      actualOnlyCount\n      invalidResources\n      openConflicts\n      pendingDrafts\n      resourceCount\n      clusterConfigured\n      clusterSimulated\n      lastClusterRead\n      clusterWarnings\n      kubernetesServer\n      kubernetesNamespace\n      kubernetesCaCert\n      kubernetesInsecureSkipTlsVerify\n      hasKubernetesToken\n      usesKubeconfig\n      kubeconfigContext\n      fileErrors { path message }\n      featureFlags { key enabled source reason updatedBy }\n      openPullRequestUrl\n      gitRepository { id name url provider defaultBranch connectionStatus writeMode }\n    }\n    syncOperations(fabricId: $id, first: 10) {\n      totalCount\n      nodes { ...OperationFields }\n    }\n  }\n": types.FabricDocument,
    "\n  subscription FabricEvents($fabricId: ID!) {\n    fabricEvents(fabricId: $fabricId) { fabricId kind operationId message at }\n  }\n": types.FabricEventsDocument,
    "\n  mutation UpdateFabric($id: ID!, $input: UpdateFabricInput!) {\n    updateFabric(id: $id, input: $input) { id name gitRepository { id name url } }\n  }\n": types.UpdateFabricDocument,
    "\n  mutation TestFabricClusterConnection($fabricId: ID!) {\n    testFabricClusterConnection(fabricId: $fabricId) {\n      ok\n      server\n      namespace\n      serverVersion\n      kinds { kind apiVersion installed }\n      warnings\n      error\n    }\n  }\n": types.TestFabricClusterConnectionDocument,
    "\n  query NotificationTargets($fabricId: ID!) {\n    notificationTargets(fabricId: $fabricId) {\n      id\n      kind\n      url\n      hasSecret\n      events\n      createdBy\n      createdAt\n    }\n    notificationDeliveries(fabricId: $fabricId, limit: 20) {\n      id\n      targetId\n      event\n      attempt\n      status\n      httpStatus\n      error\n      attemptedAt\n      nextAttemptAt\n    }\n  }\n": types.NotificationTargetsDocument,
    "\n  mutation AddNotificationTarget($fabricId: ID!, $kind: NotificationKind!, $url: String!, $secret: String, $events: [String!]) {\n    addNotificationTarget(fabricId: $fabricId, kind: $kind, url: $url, secret: $secret, events: $events) {\n      id\n    }\n  }\n": types.AddNotificationTargetDocument,
    "\n  mutation RemoveNotificationTarget($fabricId: ID!, $id: ID!) {\n    removeNotificationTarget(fabricId: $fabricId, id: $id)\n  }\n": types.RemoveNotificationTargetDocument,
    "\n  mutation TestNotificationTarget($fabricId: ID!, $id: ID!) {\n    testNotificationTarget(fabricId: $fabricId, id: $id) {\n      id\n      status\n      httpStatus\n      error\n    }\n  }\n": types.TestNotificationTargetDocument,
    "\n  fragment OperationFields on SyncOperation {\n    id\n    fabricId\n    direction\n    trigger\n    status\n    phase\n    percent\n    counters { filesProcessed created updated deleted unchanged conflicts }\n    errors { path message }\n    message\n    commitSha\n    pullRequestUrl\n    requestedBy\n    dryRun\n    autoMerged\n    createdAt\n    startedAt\n    finishedAt\n  }\n": types.OperationFieldsFragmentDoc,
    "\n  mutation TriggerSync($fabricId: ID!, $direction: TriggerDirection!, $dryRun: Boolean! = false) {\n    triggerSync(fabricId: $fabricId, direction: $direction, dryRun: $dryRun) { ...OperationFields }\n  }\n": types.TriggerSyncDocument,
    "\n  mutation InitializeDirectories($fabricId: ID!, $dryRun: Boolean! = false) {\n    initializeDirectories(fabricId: $fabricId, dryRun: $dryRun) {\n      ...OperationFields\n      details\n    }\n  }\n": types.InitializeDirectoriesDocument,
    "\n  mutation CancelSyncOperation($id: ID!) {\n    cancelSyncOperation(id: $id) { ...OperationFields }\n  }\n": types.CancelSyncOperationDocument,
    "\n  subscription SyncProgress($operationId: ID!) {\n    syncProgress(operationId: $operationId) {\n      operationId\n      status\n      phase\n      percent\n      message\n      counters { filesProcessed created updated deleted unchanged conflicts }\n      at\n    }\n  }\n": types.SyncProgressDocument,
    "\n  query SyncOperations(\n    $fabricId: ID\n    $first: Int\n    $after: String\n    $operationId: ID! = \"0\"\n    $withOperation: Boolean! = false\n  ) {\n    syncOperations(fabricId: $fabricId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...OperationFields }\n    }\n    fabrics { id name }\n    syncOperation(id: $operationId) @include(if: $withOperation) {\n      ...OperationFields\n      details\n      commitMessage\n    }\n  }\n": types.SyncOperationsDocument,
    "\n  query SyncOperation($id: ID!) {\n    syncOperation(id: $id) {\n      ...OperationFields\n      details\n      commitMessage\n      phases { phase at }\n      convergence { committedAt inClusterAt appliedAt switches pendingSwitches }\n    }\n    fabrics { id name gitBranch openPullRequestUrl gitRepository { id url provider defaultBranch writeMode } }\n  }\n": types.SyncOperationDocument,
    "\n  subscription OperationEvents {\n    fabricEvents { fabricId kind operationId at }\n  }\n": types.OperationEventsDocument,
    "\n  mutation RevertOperation($operationId: ID!, $dryRun: Boolean! = false) {\n    revertOperation(operationId: $operationId, dryRun: $dryRun) {\n      ...OperationFields\n      details\n      commitMessage\n    }\n  }\n": types.RevertOperationDocument,
    "\n  mutation RevertCommit($fabricId: ID!, $commit: String!, $dryRun: Boolean! = false) {\n    revertCommit(fabricId: $fabricId, commit: $commit, dryRun: $dryRun) {\n      ...OperationFields\n      details\n      commitMessage\n    }\n  }\n": types.RevertCommitDocument,
    "\n  query PendingChanges($id: ID!) {\n    fabric(id: $id) {\n      id\n      name\n      pendingChanges {\n        resources {\n          resourceId\n          kind\n          namespace\n          name\n          operation\n          diff\n          problems { path message }\n        }\n        impact {\n          switches\n          ports { switch port }\n          servers\n          vpcs\n          externals\n          gateways\n          connections\n        }\n      }\n    }\n  }\n": types.PendingChangesDocument,
    "\n  fragment RepositoryFields on GitRepository {\n    id\n    name\n    url\n    provider\n    authType\n    hasCredentials\n    hasWebhookSecret\n    defaultBranch\n    writeMode\n    commitAuthorName\n    commitAuthorEmail\n    connectionStatus\n    lastValidated\n    validationError\n    sshHostKeys\n    fabrics { id name }\n  }\n": types.RepositoryFieldsFragmentDoc,
    "\n  query GitRepositories {\n    gitRepositories { ...RepositoryFields }\n  }\n": types.GitRepositoriesDocument,
    "\n  mutation CreateGitRepository($input: CreateGitRepositoryInput!) {\n    createGitRepository(input: $input) { ...RepositoryFields }\n  }\n": types.CreateGitRepositoryDocument,
    "\n  mutation UpdateGitRepository($id: ID!, $input: UpdateGitRepositoryInput!) {\n    updateGitRepository(id: $id, input: $input) { ...RepositoryFields }\n  }\n": types.UpdateGitRepositoryDocument,
    "\n  mutation DeleteGitRepository($id: ID!) {\n    deleteGitRepository(id: $id)\n  }\n": types.DeleteGitRepositoryDocument,
    "\n  mutation TestGitRepositoryConnection($id: ID!) {\n    testGitRepositoryConnection(id: $id) {\n      ok\n      url\n      defaultBranch\n      branches\n      errorKind\n      error\n      repository { ...RepositoryFields }\n    }\n  }\n": types.TestGitRepositoryConnectionDocument,
    "\n  fragment ResourceRowFields on Resource {\n    id\n    fabricId\n    kind\n    apiVersion\n    namespace\n    name\n    hasDraft\n    draftOperation\n    resourceState\n    driftStatus\n    conflictStatus\n    lastFileSync\n    admissionErrors { path message }\n  }\n": types.ResourceRowFieldsFragmentDoc,
    "\n  query Resources(\n    $fabricId: ID\n    $kind: String\n    $search: String\n    $state: ResourceState\n    $driftStatus: DriftStatus\n    $conflictStatus: ConflictStatus\n    $hasDraft: Boolean\n    $admission: AdmissionFilter\n    $first: Int\n    $after: String\n  ) {\n    resources(\n      fabricId: $fabricId\n      kind: $kind\n      search: $search\n      state: $state\n      driftStatus: $driftStatus\n      conflictStatus: $conflictStatus\n      hasDraft: $hasDraft\n      admission: $admission\n      first: $first\n      after: $after\n    ) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...ResourceRowFields }\n    }\n  }\n": types.ResourcesDocument,
    "\n  fragment ResourceFields on Resource {\n    ...ResourceRowFields\n    labels\n    annotations\n    desiredSpec\n    desiredCommit\n    desiredUpdated\n    draftSpec\n    draftUpdated\n    draftUpdatedBy\n    actualSpec\n    actualStatus\n    actualUpdated\n    managedFilePath\n    fileHash\n    syncDirection\n    drift\n    validationErrors { path message }\n    createdAt\n    updatedAt\n  }\n": types.ResourceFieldsFragmentDoc,
    "\n  query Resource($id: ID!) {\n    resource(id: $id) {\n      ...ResourceFields\n      fabric { id name gitBranch openPullRequestUrl gitRepository { id defaultBranch writeMode } }\n      agent { state generation appliedGeneration lastHeartbeat }\n    }\n  }\n": types.ResourceDocument,
    "\n  query ResourceLinks($id: ID!) {\n    resource(id: $id) {\n      id\n      references { kind name path resourceId }\n      referencedBy { kind name path resourceId }\n    }\n  }\n": types.ResourceLinksDocument,
    "\n  mutation UpdateResourceDraft($resourceId: ID!, $spec: JSON!) {\n    updateResourceDraft(resourceId: $resourceId, spec: $spec) {\n      operation\n      warnings { path message }\n      resource { ...ResourceFields }\n    }\n  }\n": types.UpdateResourceDraftDocument,
    "\n  mutation CreateResourceDraft($fabricId: ID!, $kind: String!, $name: String!, $namespace: String!, $spec: JSON!) {\n    createResourceDraft(fabricId: $fabricId, kind: $kind, name: $name, namespace: $namespace, spec: $spec) {\n      operation\n      warnings { path message }\n      resource { ...ResourceFields }\n    }\n  }\n": types.CreateResourceDraftDocument,
    "\n  mutation DeleteResourceDraft($resourceId: ID!) {\n    deleteResourceDraft(resourceId: $resourceId) {\n      operation\n      warnings { path message }\n      resource { ...ResourceFields }\n    }\n  }\n": types.DeleteResourceDraftDocument,
    "\n  mutation DiscardDraft($resourceId: ID!) {\n    discardDraft(resourceId: $resourceId) { ...ResourceFields }\n  }\n": types.DiscardDraftDocument,
    "\n  mutation AdoptActual($resourceId: ID!, $paths: [String!]) {\n    adoptActual(resourceId: $resourceId, paths: $paths) {\n      operation\n      warnings { path message }\n    }\n  }\n": types.AdoptActualDocument,
    "\n  mutation KeepGit($resourceId: ID!, $paths: [String!]) {\n    keepGit(resourceId: $resourceId, paths: $paths) {\n      id\n      drift\n    }\n  }\n": types.KeepGitDocument,
    "\n  mutation AdoptOrphan($resourceId: ID!) {\n    adoptOrphan(resourceId: $resourceId) {\n      operation\n      warnings { path message }\n    }\n  }\n": types.AdoptOrphanDocument,
    "\n  query ResourceHistory($id: ID!, $first: Int, $after: String) {\n    resource(id: $id) {\n      id\n      history(first: $first, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        nodes { kind at actor commit operationId message paths }\n      }\n    }\n  }\n": types.ResourceHistoryDocument,
    "\n  query ResourceBlame($id: ID!) {\n    resource(id: $id) {\n      id\n      desiredSpec\n      blame { path commit author at source }\n    }\n  }\n": types.ResourceBlameDocument,
    "\n  query ResourceCommitDiff($id: ID!, $commit: String!) {\n    resource(id: $id) {\n      id\n      commitDiff(commit: $commit) { path before after }\n    }\n  }\n": types.ResourceCommitDiffDocument,
    "\n  query FabricTopology($id: ID!) {\n    fabric(id: $id) {\n      id\n      name\n      pendingDrafts\n      topology {\n        nodes {\n          id\n          kind\n          name\n          role\n          state\n          groups\n          redundancyGroup { type group }\n          resourceId\n        }\n        links { id from to fromPort toPort connection kind state resourceId }\n      }\n    }\n    vpcs: resources(fabricId: $id, kind: \"VPC\", first: 500) {\n      totalCount\n      nodes { id name }\n    }\n  }\n": types.FabricTopologyDocument,
    "\n  query TopologyHighlight($id: ID!, $vpc: String, $withVpc: Boolean!, $withImpact: Boolean!) {\n    fabric(id: $id) {\n      id\n      vpcTopology: topology(vpc: $vpc) @include(if: $withVpc) {\n        nodes { id }\n        links { id }\n      }\n      pendingChanges @include(if: $withImpact) {\n        impact {\n          switches\n          ports { switch port }\n          servers\n          vpcs\n          externals\n          gateways\n          connections\n        }\n      }\n    }\n  }\n": types.TopologyHighlightDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FeatureFlags {\n    featureFlags { key enabled source reason updatedBy }\n    fabrics { id name featureFlags { key enabled source reason updatedBy } }\n  }\n"): (typeof documents)["\n  query FeatureFlags {\n    featureFlags { key enabled source reason updatedBy }\n    fabrics { id name featureFlags { key enabled source reason updatedBy } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetFeatureFlag($key: FeatureFlagKey!, $enabled: Boolean!, $fabricId: ID, $reason: String) {\n    setFeatureFlag(key: $key, enabled: $enabled, fabricId: $fabricId, reason: $reason) {\n      key enabled source reason updatedBy\n    }\n  }\n"): (typeof documents)["\n  mutation SetFeatureFlag($key: FeatureFlagKey!, $enabled: Boolean!, $fabricId: ID, $reason: String) {\n    setFeatureFlag(key: $key, enabled: $enabled, fabricId: $fabricId, reason: $reason) {\n      key enabled source reason updatedBy\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users {\n    users { id username role isActive lastLoginAt }\n  }\n"): (typeof documents)["\n  query Users {\n    users { id username role isActive lastLoginAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($username: String!, $password: String!, $role: Role!) {\n    createUser(username: $username, password: $password, role: $role) { id username role isActive lastLoginAt }\n  }\n"): (typeof documents)["\n  mutation CreateUser($username: String!, $password: String!, $role: Role!) {\n    createUser(username: $username, password: $password, role: $role) { id username role isActive lastLoginAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateUser($id: ID!, $active: Boolean, $role: Role) {\n    updateUser(id: $id, active: $active, role: $role) { id username role isActive lastLoginAt }\n  }\n"): (typeof documents)["\n  mutation UpdateUser($id: ID!, $active: Boolean, $role: Role) {\n    updateUser(id: $id, active: $active, role: $role) { id username role isActive lastLoginAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    expiresAt\n    session\n    revoked\n    current\n  }\n"): (typeof documents)["\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    expiresAt\n    session\n    revoked\n    current\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiTokens($username: String) {\n    apiTokens(username: $username) { ...ApiTokenFields }\n  }\n"): (typeof documents)["\n  query ApiTokens($username: String) {\n    apiTokens(username: $username) { ...ApiTokenFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($name: String!, $username: String) {\n    createApiToken(name: $name, username: $username) {\n      token\n      apiToken { ...ApiTokenFields }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiToken($name: String!, $username: String) {\n    createApiToken(name: $name, username: $username) {\n      token\n      apiToken { ...ApiTokenFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) { ...ApiTokenFields }\n  }\n"): (typeof documents)["\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) { ...ApiTokenFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents(\n    $first: Int\n    $after: String\n    $actor: String\n    $action: String\n    $targetType: String\n    $targetId: String\n    $since: DateTime\n    $until: DateTime\n  ) {\n    auditEvents(\n      first: $first\n      after: $after\n      actor: $actor\n      action: $action\n      targetType: $targetType\n      targetId: $targetId\n      since: $since\n      until: $until\n    ) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { id actor action targetType targetId fabricId summary before after createdAt }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents(\n    $first: Int\n    $after: String\n    $actor: String\n    $action: String\n    $targetType: String\n    $targetId: String\n    $since: DateTime\n    $until: DateTime\n  ) {\n    auditEvents(\n      first: $first\n      after: $after\n      actor: $actor\n      action: $action\n      targetType: $targetType\n      targetId: $targetId\n      since: $since\n      until: $until\n    ) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { id actor action targetType targetId fabricId summary before after createdAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClearFeatureFlag($key: FeatureFlagKey!, $fabricId: ID!) {\n    clearFeatureFlag(key: $key, fabricId: $fabricId) { key enabled source reason updatedBy }\n  }\n"): (typeof documents)["\n  mutation ClearFeatureFlag($key: FeatureFlagKey!, $fabricId: ID!) {\n    clearFeatureFlag(key: $key, fabricId: $fabricId) { key enabled source reason updatedBy }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n      user { id username role }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n      user { id username role }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me { id username role isActive }\n  }\n"): (typeof documents)["\n  query Me {\n    me { id username role isActive }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConflictFields on Conflict {\n    id\n    fabricId\n    resourceId\n    type\n    status\n    baseSpec\n    guiSpec\n    gitSpec\n    paths\n    gitCommit\n    syncOperationId\n    resolution\n    mergedSpec\n    resolvedAt\n    detectedAt\n    resource { id kind name namespace conflictStatus hasDraft }\n  }\n"): (typeof documents)["\n  fragment ConflictFields on Conflict {\n    id\n    fabricId\n    resourceId\n    type\n    status\n    baseSpec\n    guiSpec\n    gitSpec\n    paths\n    gitCommit\n    syncOperationId\n    resolution\n    mergedSpec\n    resolvedAt\n    detectedAt\n    resource { id kind name namespace conflictStatus hasDraft }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Conflicts($status: ConflictState, $fabricId: ID) {\n    conflicts(status: $status, fabricId: $fabricId) { ...ConflictFields }\n  }\n"): (typeof documents)["\n  query Conflicts($status: ConflictState, $fabricId: ID) {\n    conflicts(status: $status, fabricId: $fabricId) { ...ConflictFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveConflict($conflictId: ID!, $strategy: Resolution!, $mergedSpec: JSON) {\n    resolveConflict(conflictId: $conflictId, strategy: $strategy, mergedSpec: $mergedSpec) { ...ConflictFields }\n  }\n"): (typeof documents)["\n  mutation ResolveConflict($conflictId: ID!, $strategy: Resolution!, $mergedSpec: JSON) {\n    resolveConflict(conflictId: $conflictId, strategy: $strategy, mergedSpec: $mergedSpec) { ...ConflictFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DriftIgnoreRules($fabricId: ID!) {\n    driftIgnoreRules(fabricId: $fabricId) {\n      id\n      kind\n      path\n      reason\n      createdBy\n      createdAt\n      ignoredPaths\n    }\n  }\n"): (typeof documents)["\n  query DriftIgnoreRules($fabricId: ID!) {\n    driftIgnoreRules(fabricId: $fabricId) {\n      id\n      kind\n      path\n      reason\n      createdBy\n      createdAt\n      ignoredPaths\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddDriftIgnoreRule($fabricId: ID!, $kind: String!, $path: String!, $reason: String!) {\n    addDriftIgnoreRule(fabricId: $fabricId, kind: $kind, path: $path, reason: $reason) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation AddDriftIgnoreRule($fabricId: ID!, $kind: String!, $path: String!, $reason: String!) {\n    addDriftIgnoreRule(fabricId: $fabricId, kind: $kind, path: $path, reason: $reason) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveDriftIgnoreRule($fabricId: ID!, $kind: String!, $path: String!) {\n    removeDriftIgnoreRule(fabricId: $fabricId, kind: $kind, path: $path)\n  }\n"): (typeof documents)["\n  mutation RemoveDriftIgnoreRule($fabricId: ID!, $kind: String!, $path: String!) {\n    removeDriftIgnoreRule(fabricId: $fabricId, kind: $kind, path: $path)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Fabrics {\n    fabrics {\n      id\n      name\n      gitopsDirectory\n      gitBranch\n      gitRepository { id name url }\n      syncStatus\n      lastSync\n      driftCount\n      openConflicts\n      pendingDrafts\n      resourceCount\n    }\n  }\n"): (typeof documents)["\n  query Fabrics {\n    fabrics {\n      id\n      name\n      gitopsDirectory\n      gitBranch\n      gitRepository { id name url }\n      syncStatus\n      lastSync\n      driftCount\n      openConflicts\n      pendingDrafts\n      resourceCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Fabric($id: ID!) {\n    fabric(id: $id) {\n      id\n      name\n      description\n      gitopsDirectory\n      gitBranch\n      desiredStateCommit\n      remoteHeadCommit\n      directoryStatus\n      syncIntervalSeconds\n      syncStatus\n      lastSync\n      driftCount\n      actualOnlyCount\n      invalidResources\n      openConflicts\n      pendingDrafts\n      resourceCount\n      clusterConfigured\n      clusterSimulated\n      lastClusterRead\n      clusterWarnings\n      kubernetesServer\n      kubernetesNamespace\n      kubernetesCaCert\n      kubernetesInsecureSkipTlsVerify\n      hasKubernetesToken\n      usesKubeconfig\n      kubeconfigContext\n      fileErrors { path message }\n      featureFlags { key enabled source reason updatedBy }\n      openPullRequestUrl\n      gitRepository { id name url provider defaultBranch connectionStatus writeMode }\n    }\n    syncOperations(fabricId: $id, first: 10) {\n      totalCount\n      nodes { ...OperationFields }\n    }\n  }\n"): (typeof documents)["\n  query Fabric($id: ID!) {\n    fabric(id: $id) {\n      id\n      name\n      description\n      gitopsDirectory\n      gitBranch\n      desiredStateCommit\n      remoteHeadCommit\n      directoryStatus\n      syncIntervalSeconds\n      syncStatus\n      lastSync\n      driftCount\n      actualOnlyCount\n      invalidResources\n      openConflicts\n      pendingDrafts\n      resourceCount\n      clusterConfigured\n      clusterSimulated\n      lastClusterRead\n      clusterWarnings\n      kubernetesServer\n      kubernetesNamespace\n      kubernetesCaCert\n      kubernetesInsecureSkipTlsVerify\n      hasKubernetesToken\n      usesKubeconfig\n      kubeconfigContext\n      fileErrors { path message }\n      featureFlags { key enabled source reason updatedBy }\n      openPullRequestUrl\n      gitRepository { id name url provider defaultBranch connectionStatus writeMode }\n    }\n    syncOperations(fabricId: $id, first: 10) {\n      totalCount\n      nodes { ...OperationFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FabricEvents($fabricId: ID!) {\n    fabricEvents(fabricId: $fabricId) { fabricId kind operationId message at }\n  }\n"): (typeof documents)["\n  subscription FabricEvents($fabricId: ID!) {\n    fabricEvents(fabricId: $fabricId) { fabricId kind operationId message at }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateFabric($id: ID!, $input: UpdateFabricInput!) {\n    updateFabric(id: $id, input: $input) { id name gitRepository { id name url } }\n  }\n"): (typeof documents)["\n  mutation UpdateFabric($id: ID!, $input: UpdateFabricInput!) {\n    updateFabric(id: $id, input: $input) { id name gitRepository { id name url } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestFabricClusterConnection($fabricId: ID!) {\n    testFabricClusterConnection(fabricId: $fabricId) {\n      ok\n      server\n      namespace\n      serverVersion\n      kinds { kind apiVersion installed }\n      warnings\n      error\n    }\n  }\n"): (typeof documents)["\n  mutation TestFabricClusterConnection($fabricId: ID!) {\n    testFabricClusterConnection(fabricId: $fabricId) {\n      ok\n      server\n      namespace\n      serverVersion\n      kinds { kind apiVersion installed }\n      warnings\n      error\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationTargets($fabricId: ID!) {\n    notificationTargets(fabricId: $fabricId) {\n      id\n      kind\n      url\n      hasSecret\n      events\n      createdBy\n      createdAt\n    }\n    notificationDeliveries(fabricId: $fabricId, limit: 20) {\n      id\n      targetId\n      event\n      attempt\n      status\n      httpStatus\n      error\n      attemptedAt\n      nextAttemptAt\n    }\n  }\n"): (typeof documents)["\n  query NotificationTargets($fabricId: ID!) {\n    notificationTargets(fabricId: $fabricId) {\n      id\n      kind\n      url\n      hasSecret\n      events\n      createdBy\n      createdAt\n    }\n    notificationDeliveries(fabricId: $fabricId, limit: 20) {\n      id\n      targetId\n      event\n      attempt\n      status\n      httpStatus\n      error\n      attemptedAt\n      nextAttemptAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddNotificationTarget($fabricId: ID!, $kind: NotificationKind!, $url: String!, $secret: String, $events: [String!]) {\n    addNotificationTarget(fabricId: $fabricId, kind: $kind, url: $url, secret: $secret, events: $events) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation AddNotificationTarget($fabricId: ID!, $kind: NotificationKind!, $url: String!, $secret: String, $events: [String!]) {\n    addNotificationTarget(fabricId: $fabricId, kind: $kind, url: $url, secret: $secret, events: $events) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveNotificationTarget($fabricId: ID!, $id: ID!) {\n    removeNotificationTarget(fabricId: $fabricId, id: $id)\n  }\n"): (typeof documents)["\n  mutation RemoveNotificationTarget($fabricId: ID!, $id: ID!) {\n    removeNotificationTarget(fabricId: $fabricId, id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestNotificationTarget($fabricId: ID!, $id: ID!) {\n    testNotificationTarget(fabricId: $fabricId, id: $id) {\n      id\n      status\n      httpStatus\n      error\n    }\n  }\n"): (typeof documents)["\n  mutation TestNotificationTarget($fabricId: ID!, $id: ID!) {\n    testNotificationTarget(fabricId: $fabricId, id: $id) {\n      id\n      status\n      httpStatus\n      error\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OperationFields on SyncOperation {\n    id\n    fabricId\n    direction\n    trigger\n    status\n    phase\n    percent\n    counters { filesProcessed created updated deleted unchanged conflicts }\n    errors { path message }\n    message\n    commitSha\n    pullRequestUrl\n    requestedBy\n    dryRun\n    autoMerged\n    createdAt\n    startedAt\n    finishedAt\n  }\n"): (typeof documents)["\n  fragment OperationFields on SyncOperation {\n    id\n    fabricId\n    direction\n    trigger\n    status\n    phase\n    percent\n    counters { filesProcessed created updated deleted unchanged conflicts }\n    errors { path message }\n    message\n    commitSha\n    pullRequestUrl\n    requestedBy\n    dryRun\n    autoMerged\n    createdAt\n    startedAt\n    finishedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TriggerSync($fabricId: ID!, $direction: TriggerDirection!, $dryRun: Boolean! = false) {\n    triggerSync(fabricId: $fabricId, direction: $direction, dryRun: $dryRun) { ...OperationFields }\n  }\n"): (typeof documents)["\n  mutation TriggerSync($fabricId: ID!, $direction: TriggerDirection!, $dryRun: Boolean! = false) {\n    triggerSync(fabricId: $fabricId, direction: $direction, dryRun: $dryRun) { ...OperationFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InitializeDirectories($fabricId: ID!, $dryRun: Boolean! = false) {\n    initializeDirectories(fabricId: $fabricId, dryRun: $dryRun) {\n      ...OperationFields\n      details\n    }\n  }\n"): (typeof documents)["\n  mutation InitializeDirectories($fabricId: ID!, $dryRun: Boolean! = false) {\n    initializeDirectories(fabricId: $fabricId, dryRun: $dryRun) {\n      ...OperationFields\n      details\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelSyncOperation($id: ID!) {\n    cancelSyncOperation(id: $id) { ...OperationFields }\n  }\n"): (typeof documents)["\n  mutation CancelSyncOperation($id: ID!) {\n    cancelSyncOperation(id: $id) { ...OperationFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SyncProgress($operationId: ID!) {\n    syncProgress(operationId: $operationId) {\n      operationId\n      status\n      phase\n      percent\n      message\n      counters { filesProcessed created updated deleted unchanged conflicts }\n      at\n    }\n  }\n"): (typeof documents)["\n  subscription SyncProgress($operationId: ID!) {\n    syncProgress(operationId: $operationId) {\n      operationId\n      status\n      phase\n      percent\n      message\n      counters { filesProcessed created updated deleted unchanged conflicts }\n      at\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncOperations(\n    $fabricId: ID\n    $first: Int\n    $after: String\n    $operationId: ID! = \"0\"\n    $withOperation: Boolean! = false\n  ) {\n    syncOperations(fabricId: $fabricId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...OperationFields }\n    }\n    fabrics { id name }\n    syncOperation(id: $operationId) @include(if: $withOperation) {\n      ...OperationFields\n      details\n      commitMessage\n    }\n  }\n"): (typeof documents)["\n  query SyncOperations(\n    $fabricId: ID\n    $first: Int\n    $after: String\n    $operationId: ID! = \"0\"\n    $withOperation: Boolean! = false\n  ) {\n    syncOperations(fabricId: $fabricId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...OperationFields }\n    }\n    fabrics { id name }\n    syncOperation(id: $operationId) @include(if: $withOperation) {\n      ...OperationFields\n      details\n      commitMessage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncOperation($id: ID!) {\n    syncOperation(id: $id) {\n      ...OperationFields\n      details\n      commitMessage\n      phases { phase at }\n      convergence { committedAt inClusterAt appliedAt switches pendingSwitches }\n    }\n    fabrics { id name gitBranch openPullRequestUrl gitRepository { id url provider defaultBranch writeMode } }\n  }\n"): (typeof documents)["\n  query SyncOperation($id: ID!) {\n    syncOperation(id: $id) {\n      ...OperationFields\n      details\n      commitMessage\n      phases { phase at }\n      convergence { committedAt inClusterAt appliedAt switches pendingSwitches }\n    }\n    fabrics { id name gitBranch openPullRequestUrl gitRepository { id url provider defaultBranch writeMode } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OperationEvents {\n    fabricEvents { fabricId kind operationId at }\n  }\n"): (typeof documents)["\n  subscription OperationEvents {\n    fabricEvents { fabricId kind operationId at }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevertOperation($operationId: ID!, $dryRun: Boolean! = false) {\n    revertOperation(operationId: $operationId, dryRun: $dryRun) {\n      ...OperationFields\n      details\n      commitMessage\n    }\n  }\n"): (typeof documents)["\n  mutation RevertOperation($operationId: ID!, $dryRun: Boolean! = false) {\n    revertOperation(operationId: $operationId, dryRun: $dryRun) {\n      ...OperationFields\n      details\n      commitMessage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevertCommit($fabricId: ID!, $commit: String!, $dryRun: Boolean! = false) {\n    revertCommit(fabricId: $fabricId, commit: $commit, dryRun: $dryRun) {\n      ...OperationFields\n      details\n      commitMessage\n    }\n  }\n"): (typeof documents)["\n  mutation RevertCommit($fabricId: ID!, $commit: String!, $dryRun: Boolean! = false) {\n    revertCommit(fabricId: $fabricId, commit: $commit, dryRun: $dryRun) {\n      ...OperationFields\n      details\n      commitMessage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PendingChanges($id: ID!) {\n    fabric(id: $id) {\n      id\n      name\n      pendingChanges {\n        resources {\n          resourceId\n          kind\n          namespace\n          name\n          operation\n          diff\n          problems { path message }\n        }\n        impact {\n          switches\n          ports { switch port }\n          servers\n          vpcs\n          externals\n          gateways\n          connections\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PendingChanges($id: ID!) {\n    fabric(id: $id) {\n      id\n      name\n      pendingChanges {\n        resources {\n          resourceId\n          kind\n          namespace\n          name\n          operation\n          diff\n          problems { path message }\n        }\n        impact {\n          switches\n          ports { switch port }\n          servers\n          vpcs\n          externals\n          gateways\n          connections\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RepositoryFields on GitRepository {\n    id\n    name\n    url\n    provider\n    authType\n    hasCredentials\n    hasWebhookSecret\n    defaultBranch\n    writeMode\n    commitAuthorName\n    commitAuthorEmail\n    connectionStatus\n    lastValidated\n    validationError\n    sshHostKeys\n    fabrics { id name }\n  }\n"): (typeof documents)["\n  fragment RepositoryFields on GitRepository {\n    id\n    name\n    url\n    provider\n    authType\n    hasCredentials\n    hasWebhookSecret\n    defaultBranch\n    writeMode\n    commitAuthorName\n    commitAuthorEmail\n    connectionStatus\n    lastValidated\n    validationError\n    sshHostKeys\n    fabrics { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GitRepositories {\n    gitRepositories { ...RepositoryFields }\n  }\n"): (typeof documents)["\n  query GitRepositories {\n    gitRepositories { ...RepositoryFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateGitRepository($input: CreateGitRepositoryInput!) {\n    createGitRepository(input: $input) { ...RepositoryFields }\n  }\n"): (typeof documents)["\n  mutation CreateGitRepository($input: CreateGitRepositoryInput!) {\n    createGitRepository(input: $input) { ...RepositoryFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateGitRepository($id: ID!, $input: UpdateGitRepositoryInput!) {\n    updateGitRepository(id: $id, input: $input) { ...RepositoryFields }\n  }\n"): (typeof documents)["\n  mutation UpdateGitRepository($id: ID!, $input: UpdateGitRepositoryInput!) {\n    updateGitRepository(id: $id, input: $input) { ...RepositoryFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteGitRepository($id: ID!) {\n    deleteGitRepository(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteGitRepository($id: ID!) {\n    deleteGitRepository(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestGitRepositoryConnection($id: ID!) {\n    testGitRepositoryConnection(id: $id) {\n      ok\n      url\n      defaultBranch\n      branches\n      errorKind\n      error\n      repository { ...RepositoryFields }\n    }\n  }\n"): (typeof documents)["\n  mutation TestGitRepositoryConnection($id: ID!) {\n    testGitRepositoryConnection(id: $id) {\n      ok\n      url\n      defaultBranch\n      branches\n      errorKind\n      error\n      repository { ...RepositoryFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ResourceRowFields on Resource {\n    id\n    fabricId\n    kind\n    apiVersion\n    namespace\n    name\n    hasDraft\n    draftOperation\n    resourceState\n    driftStatus\n    conflictStatus\n    lastFileSync\n    admissionErrors { path message }\n  }\n"): (typeof documents)["\n  fragment ResourceRowFields on Resource {\n    id\n    fabricId\n    kind\n    apiVersion\n    namespace\n    name\n    hasDraft\n    draftOperation\n    resourceState\n    driftStatus\n    conflictStatus\n    lastFileSync\n    admissionErrors { path message }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Resources(\n    $fabricId: ID\n    $kind: String\n    $search: String\n    $state: ResourceState\n    $driftStatus: DriftStatus\n    $conflictStatus: ConflictStatus\n    $hasDraft: Boolean\n    $admission: AdmissionFilter\n    $first: Int\n    $after: String\n  ) {\n    resources(\n      fabricId: $fabricId\n      kind: $kind\n      search: $search\n      state: $state\n      driftStatus: $driftStatus\n      conflictStatus: $conflictStatus\n      hasDraft: $hasDraft\n      admission: $admission\n      first: $first\n      after: $after\n    ) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...ResourceRowFields }\n    }\n  }\n"): (typeof documents)["\n  query Resources(\n    $fabricId: ID\n    $kind: String\n    $search: String\n    $state: ResourceState\n    $driftStatus: DriftStatus\n    $conflictStatus: ConflictStatus\n    $hasDraft: Boolean\n    $admission: AdmissionFilter\n    $first: Int\n    $after: String\n  ) {\n    resources(\n      fabricId: $fabricId\n      kind: $kind\n      search: $search\n      state: $state\n      driftStatus: $driftStatus\n      conflictStatus: $conflictStatus\n      hasDraft: $hasDraft\n      admission: $admission\n      first: $first\n      after: $after\n    ) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...ResourceRowFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ResourceFields on Resource {\n    ...ResourceRowFields\n    labels\n    annotations\n    desiredSpec\n    desiredCommit\n    desiredUpdated\n    draftSpec\n    draftUpdated\n    draftUpdatedBy\n    actualSpec\n    actualStatus\n    actualUpdated\n    managedFilePath\n    fileHash\n    syncDirection\n    drift\n    validationErrors { path message }\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment ResourceFields on Resource {\n    ...ResourceRowFields\n    labels\n    annotations\n    desiredSpec\n    desiredCommit\n    desiredUpdated\n    draftSpec\n    draftUpdated\n    draftUpdatedBy\n    actualSpec\n    actualStatus\n    actualUpdated\n    managedFilePath\n    fileHash\n    syncDirection\n    drift\n    validationErrors { path message }\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Resource($id: ID!) {\n    resource(id: $id) {\n      ...ResourceFields\n      fabric { id name gitBranch openPullRequestUrl gitRepository { id defaultBranch writeMode } }\n      agent { state generation appliedGeneration lastHeartbeat }\n    }\n  }\n"): (typeof documents)["\n  query Resource($id: ID!) {\n    resource(id: $id) {\n      ...ResourceFields\n      fabric { id name gitBranch openPullRequestUrl gitRepository { id defaultBranch writeMode } }\n      agent { state generation appliedGeneration lastHeartbeat }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ResourceLinks($id: ID!) {\n    resource(id: $id) {\n      id\n      references { kind name path resourceId }\n      referencedBy { kind name path resourceId }\n    }\n  }\n"): (typeof documents)["\n  query ResourceLinks($id: ID!) {\n    resource(id: $id) {\n      id\n      references { kind name path resourceId }\n      referencedBy { kind name path resourceId }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateResourceDraft($resourceId: ID!, $spec: JSON!) {\n    updateResourceDraft(resourceId: $resourceId, spec: $spec) {\n      operation\n      warnings { path message }\n      resource { ...ResourceFields }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateResourceDraft($resourceId: ID!, $spec: JSON!) {\n    updateResourceDraft(resourceId: $resourceId, spec: $spec) {\n      operation\n      warnings { path message }\n      resource { ...ResourceFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateResourceDraft($fabricId: ID!, $kind: String!, $name: String!, $namespace: String!, $spec: JSON!) {\n    createResourceDraft(fabricId: $fabricId, kind: $kind, name: $name, namespace: $namespace, spec: $spec) {\n      operation\n      warnings { path message }\n      resource { ...ResourceFields }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateResourceDraft($fabricId: ID!, $kind: String!, $name: String!, $namespace: String!, $spec: JSON!) {\n    createResourceDraft(fabricId: $fabricId, kind: $kind, name: $name, namespace: $namespace, spec: $spec) {\n      operation\n      warnings { path message }\n      resource { ...ResourceFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteResourceDraft($resourceId: ID!) {\n    deleteResourceDraft(resourceId: $resourceId) {\n      operation\n      warnings { path message }\n      resource { ...ResourceFields }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteResourceDraft($resourceId: ID!) {\n    deleteResourceDraft(resourceId: $resourceId) {\n      operation\n      warnings { path message }\n      resource { ...ResourceFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DiscardDraft($resourceId: ID!) {\n    discardDraft(resourceId: $resourceId) { ...ResourceFields }\n  }\n"): (typeof documents)["\n  mutation DiscardDraft($resourceId: ID!) {\n    discardDraft(resourceId: $resourceId) { ...ResourceFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdoptActual($resourceId: ID!, $paths: [String!]) {\n    adoptActual(resourceId: $resourceId, paths: $paths) {\n      operation\n      warnings { path message }\n    }\n  }\n"): (typeof documents)["\n  mutation AdoptActual($resourceId: ID!, $paths: [String!]) {\n    adoptActual(resourceId: $resourceId, paths: $paths) {\n      operation\n      warnings { path message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation KeepGit($resourceId: ID!, $paths: [String!]) {\n    keepGit(resourceId: $resourceId, paths: $paths) {\n      id\n      drift\n    }\n  }\n"): (typeof documents)["\n  mutation KeepGit($resourceId: ID!, $paths: [String!]) {\n    keepGit(resourceId: $resourceId, paths: $paths) {\n      id\n      drift\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdoptOrphan($resourceId: ID!) {\n    adoptOrphan(resourceId: $resourceId) {\n      operation\n      warnings { path message }\n    }\n  }\n"): (typeof documents)["\n  mutation AdoptOrphan($resourceId: ID!) {\n    adoptOrphan(resourceId: $resourceId) {\n      operation\n      warnings { path message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ResourceHistory($id: ID!, $first: Int, $after: String) {\n    resource(id: $id) {\n      id\n      history(first: $first, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        nodes { kind at actor commit operationId message paths }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ResourceHistory($id: ID!, $first: Int, $after: String) {\n    resource(id: $id) {\n      id\n      history(first: $first, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        nodes { kind at actor commit operationId message paths }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ResourceBlame($id: ID!) {\n    resource(id: $id) {\n      id\n      desiredSpec\n      blame { path commit author at source }\n    }\n  }\n"): (typeof documents)["\n  query ResourceBlame($id: ID!) {\n    resource(id: $id) {\n      id\n      desiredSpec\n      blame { path commit author at source }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ResourceCommitDiff($id: ID!, $commit: String!) {\n    resource(id: $id) {\n      id\n      commitDiff(commit: $commit) { path before after }\n    }\n  }\n"): (typeof documents)["\n  query ResourceCommitDiff($id: ID!, $commit: String!) {\n    resource(id: $id) {\n      id\n      commitDiff(commit: $commit) { path before after }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FabricTopology($id: ID!) {\n    fabric(id: $id) {\n      id\n      name\n      pendingDrafts\n      topology {\n        nodes {\n          id\n          kind\n          name\n          role\n          state\n          groups\n          redundancyGroup { type group }\n          resourceId\n        }\n        links { id from to fromPort toPort connection kind state resourceId }\n      }\n    }\n    vpcs: resources(fabricId: $id, kind: \"VPC\", first: 500) {\n      totalCount\n      nodes { id name }\n    }\n  }\n"): (typeof documents)["\n  query FabricTopology($id: ID!) {\n    fabric(id: $id) {\n      id\n      name\n      pendingDrafts\n      topology {\n        nodes {\n          id\n          kind\n          name\n          role\n          state\n          groups\n          redundancyGroup { type group }\n          resourceId\n        }\n        links { id from to fromPort toPort connection kind state resourceId }\n      }\n    }\n    vpcs: resources(fabricId: $id, kind: \"VPC\", first: 500) {\n      totalCount\n      nodes { id name }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TopologyHighlight($id: ID!, $vpc: String, $withVpc: Boolean!, $withImpact: Boolean!) {\n    fabric(id: $id) {\n      id\n      vpcTopology: topology(vpc: $vpc) @include(if: $withVpc) {\n        nodes { id }\n        links { id }\n      }\n      pendingChanges @include(if: $withImpact) {\n        impact {\n          switches\n          ports { switch port }\n          servers\n          vpcs\n          externals\n          gateways\n          connections\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TopologyHighlight($id: ID!, $vpc: String, $withVpc: Boolean!, $withImpact: Boolean!) {\n    fabric(id: $id) {\n      id\n      vpcTopology: topology(vpc: $vpc) @include(if: $withVpc) {\n        nodes { id }\n        links { id }\n      }\n      pendingChanges @include(if: $withImpact) {\n        impact {\n          switches\n          ports { switch port }\n          servers\n          vpcs\n          externals\n          gateways\n          connections\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;