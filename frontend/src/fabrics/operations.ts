import { graphql } from '../graphql/generated';

// Fabrics: the list, one fabric with its recent operations, its live events, its repository link.
// The operation names are the API's metric labels (api/src/metrics.rs KNOWN_OPERATIONS; a test
// reads every src/**/operations.ts).

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
      actualOnlyCount
      invalidResources
      openConflicts
      pendingDrafts
      resourceCount
      clusterConfigured
      clusterSimulated
      lastClusterRead
      clusterWarnings
      kubernetesServer
      kubernetesNamespace
      kubernetesCaCert
      kubernetesInsecureSkipTlsVerify
      hasKubernetesToken
      usesKubeconfig
      kubeconfigContext
      fileErrors { path message }
      featureFlags { key enabled source reason updatedBy }
      openPullRequestUrl
      gitRepository { id name url provider defaultBranch connectionStatus writeMode }
    }
    syncOperations(fabricId: $id, first: 10) {
      totalCount
      nodes { ...OperationFields }
    }
  }
`);

export const FabricEventsSubscription = graphql(`
  subscription FabricEvents($fabricId: ID!) {
    fabricEvents(fabricId: $fabricId) { fabricId kind operationId message at }
  }
`);

export const UpdateFabricMutation = graphql(`
  mutation UpdateFabric($id: ID!, $input: UpdateFabricInput!) {
    updateFabric(id: $id, input: $input) { id name gitRepository { id name url } }
  }
`);

export const TestFabricClusterConnectionMutation = graphql(`
  mutation TestFabricClusterConnection($fabricId: ID!) {
    testFabricClusterConnection(fabricId: $fabricId) {
      ok
      server
      namespace
      serverVersion
      kinds { kind apiVersion installed }
      warnings
      error
    }
  }
`);

// Notification targets of a fabric and their delivery log (the Notifications card).

export const NotificationTargetsQuery = graphql(`
  query NotificationTargets($fabricId: ID!) {
    notificationTargets(fabricId: $fabricId) {
      id
      kind
      url
      hasSecret
      events
      createdBy
      createdAt
    }
    notificationDeliveries(fabricId: $fabricId, limit: 20) {
      id
      targetId
      event
      attempt
      status
      httpStatus
      error
      attemptedAt
      nextAttemptAt
    }
  }
`);

export const AddNotificationTargetMutation = graphql(`
  mutation AddNotificationTarget($fabricId: ID!, $kind: NotificationKind!, $url: String!, $secret: String, $events: [String!]) {
    addNotificationTarget(fabricId: $fabricId, kind: $kind, url: $url, secret: $secret, events: $events) {
      id
    }
  }
`);

export const RemoveNotificationTargetMutation = graphql(`
  mutation RemoveNotificationTarget($fabricId: ID!, $id: ID!) {
    removeNotificationTarget(fabricId: $fabricId, id: $id)
  }
`);

export const TestNotificationTargetMutation = graphql(`
  mutation TestNotificationTarget($fabricId: ID!, $id: ID!) {
    testNotificationTarget(fabricId: $fabricId, id: $id) {
      id
      status
      httpStatus
      error
    }
  }
`);
