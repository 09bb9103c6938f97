/* eslint-disable */
import type { DateTime } from '../scalars';
import type { JsonValue } from '../scalars';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /**
   * Implement the DateTime<Utc> scalar
   *
   * The input/output is a string in RFC3339 format.
   */
  DateTime: { input: DateTime; output: DateTime; }
  /** A scalar that can represent any JSON value. */
  JSON: { input: JsonValue; output: JsonValue; }
};

/** Filter of `resources` by Hedgehog admission of the desired state (as of the last ingestion). */
export type AdmissionFilter =
  /** The cluster will refuse it: `admissionErrors` is not empty. */
  | 'INVALID'
  /** No admission errors (admitted, or no desired state). */
  | 'VALID';

/** Convergence of a switch (see `Resource.agent`). */
export type AgentState =
  | 'APPLIED'
  | 'PENDING'
  | 'STALE'
  | 'UNKNOWN';

/** What a switch's Agent reported at the last cluster read. */
export type AgentStatus = {
  __typename?: 'AgentStatus';
  /** `status.lastAppliedGen`: the generation the switch runs. */
  appliedGeneration?: Maybe<Scalars['Int']['output']>;
  /** The Agent's `metadata.generation` (the switch configuration's version). */
  generation?: Maybe<Scalars['Int']['output']>;
  lastHeartbeat?: Maybe<Scalars['DateTime']['output']>;
  state: AgentState;
};

export type ApiToken = {
  __typename?: 'ApiToken';
  createdAt: Scalars['DateTime']['output'];
  /** The token this request was made with (in `apiTokens`). */
  current: Scalars['Boolean']['output'];
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  prefix: Scalars['String']['output'];
  revoked: Scalars['Boolean']['output'];
  /** A login session (from `login`) rather than an API token. */
  session: Scalars['Boolean']['output'];
};

export type AuditEvent = {
  __typename?: 'AuditEvent';
  action: Scalars['String']['output'];
  actor?: Maybe<Scalars['String']['output']>;
  after?: Maybe<Scalars['JSON']['output']>;
  before?: Maybe<Scalars['JSON']['output']>;
  createdAt: Scalars['DateTime']['output'];
  fabricId?: Maybe<Scalars['ID']['output']>;
  id: Scalars['ID']['output'];
  summary?: Maybe<Scalars['String']['output']>;
  targetId?: Maybe<Scalars['String']['output']>;
  targetType: Scalars['String']['output'];
};

export type AuditEventConnection = {
  __typename?: 'AuditEventConnection';
  /** A list of edges. */
  edges: Array<AuditEventEdge>;
  /** A list of nodes. */
  nodes: Array<AuditEvent>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection. */
export type AuditEventEdge = {
  __typename?: 'AuditEventEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: AuditEvent;
};

export type AuthType =
  | 'BASIC'
  | 'NONE'
  | 'SSH_KEY'
  | 'TOKEN';

/** Where the last change of a field came from. */
export type BlameSource =
  /** A commit made outside HNP. */
  | 'GIT'
  /** An HNP write-back of a draft. */
  | 'GUI';

export type ClusterConnectionTest = {
  __typename?: 'ClusterConnectionTest';
  /** Why the test failed (never contains credentials). */
  error?: Maybe<Scalars['String']['output']>;
  fabric: Fabric;
  /** Every managed kind and whether its CRD is installed. */
  kinds: Array<KindAvailability>;
  namespace: Scalars['String']['output'];
  ok: Scalars['Boolean']['output'];
  server?: Maybe<Scalars['String']['output']>;
  /** The API server's version, e.g. `v1.31.4`. */
  serverVersion?: Maybe<Scalars['String']['output']>;
  warnings: Array<Scalars['String']['output']>;
};

export type Conflict = {
  __typename?: 'Conflict';
  baseSpec?: Maybe<Scalars['JSON']['output']>;
  detectedAt: Scalars['DateTime']['output'];
  fabricId: Scalars['ID']['output'];
  gitCommit?: Maybe<Scalars['String']['output']>;
  gitSpec?: Maybe<Scalars['JSON']['output']>;
  guiSpec?: Maybe<Scalars['JSON']['output']>;
  id: Scalars['ID']['output'];
  mergedSpec?: Maybe<Scalars['JSON']['output']>;
  paths: Array<Scalars['String']['output']>;
  resolution?: Maybe<Resolution>;
  resolvedAt?: Maybe<Scalars['DateTime']['output']>;
  resource?: Maybe<Resource>;
  resourceId: Scalars['ID']['output'];
  status: ConflictState;
  syncOperationId?: Maybe<Scalars['String']['output']>;
  type: ConflictType;
};

export type ConflictState =
  | 'OPEN'
  | 'RESOLVED';

export type ConflictStatus =
  | 'DETECTED'
  | 'NONE'
  | 'RESOLVED'
  | 'RESOLVING';

export type ConflictType =
  | 'CONCURRENT_MODIFICATION'
  | 'DELETED_IN_GIT'
  | 'DELETED_IN_GUI'
  | 'PARSE_ERROR'
  | 'SCHEMA_INVALID';

export type ConnectionStatus =
  | 'CONNECTED'
  | 'FAILED'
  | 'UNTESTED';

export type ConnectionTest = {
  __typename?: 'ConnectionTest';
  branches: Array<Scalars['String']['output']>;
  defaultBranch?: Maybe<Scalars['String']['output']>;
  error?: Maybe<Scalars['String']['output']>;
  errorKind?: Maybe<Scalars['String']['output']>;
  /** GitHub repositories: metadata, permissions and branch protection from the REST API. */
  github?: Maybe<GithubConnection>;
  ok: Scalars['Boolean']['output'];
  repository: GitRepository;
  url: Scalars['String']['output'];
};

export type Counters = {
  __typename?: 'Counters';
  conflicts: Scalars['Int']['output'];
  created: Scalars['Int']['output'];
  deleted: Scalars['Int']['output'];
  filesProcessed: Scalars['Int']['output'];
  unchanged: Scalars['Int']['output'];
  updated: Scalars['Int']['output'];
};

export type CreateFabricInput = {
  branch?: InputMaybe<Scalars['String']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  gitRepositoryId?: InputMaybe<Scalars['ID']['input']>;
  gitopsDirectory: Scalars['String']['input'];
  name: Scalars['String']['input'];
  syncIntervalSeconds?: InputMaybe<Scalars['Int']['input']>;
};

export type CreateGitRepositoryInput = {
  /** `Name <email>` of write-back commits. */
  commitAuthor?: InputMaybe<Scalars['String']['input']>;
  credentials?: InputMaybe<CredentialsInput>;
  defaultBranch?: InputMaybe<Scalars['String']['input']>;
  /**
   * GitHub REST API base (provider github; default https://api.github.com for github.com,
   * else <scheme>://<host>/api/v3).
   */
  githubApiUrl?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  provider?: InputMaybe<Provider>;
  sshHostKeys?: Array<Scalars['String']['input']>;
  url: Scalars['String']['input'];
  webhookSecret?: InputMaybe<Scalars['String']['input']>;
  writeMode?: InputMaybe<WriteMode>;
};

export type CreatedApiToken = {
  __typename?: 'CreatedApiToken';
  apiToken: ApiToken;
  /** Shown once; only its hash is stored. */
  token: Scalars['String']['output'];
};

/** Write-only credentials: exactly one form. */
export type CredentialsInput = {
  password?: InputMaybe<Scalars['String']['input']>;
  sshPrivateKey?: InputMaybe<Scalars['String']['input']>;
  token?: InputMaybe<Scalars['String']['input']>;
  username?: InputMaybe<Scalars['String']['input']>;
};

export type DeliveryStatus =
  | 'DELIVERED'
  | 'FAILED'
  | 'GAVE_UP'
  | 'PENDING'
  | 'SENDING';

export type DirectoryStatus =
  | 'ERROR'
  | 'INITIALIZED'
  | 'INVALID_STRUCTURE'
  | 'NOT_INITIALIZED';

export type DraftOperation =
  | 'CREATE'
  | 'DELETE'
  | 'UPDATE';

export type DraftPayload = {
  __typename?: 'DraftPayload';
  /** `CREATE`, `UPDATE`, `DELETE`, or null when the draft equalled the desired state. */
  operation?: Maybe<DraftOperation>;
  resource?: Maybe<Resource>;
  /** Dangling references (they may exist only in the cluster). */
  warnings: Array<Problem>;
};

/** One drifted path of a resource (see `Resource.driftDifferences`). */
export type DriftDifference = {
  __typename?: 'DriftDifference';
  /** Null when the field is absent in the cluster. */
  actual?: Maybe<Scalars['JSON']['output']>;
  /** Null when the field is absent in Git. */
  desired?: Maybe<Scalars['JSON']['output']>;
  keptGitAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * Who chose "keep Git" for this path (`keepGit`): Git is right, the cluster is to be put
   * back. Cleared when the cluster's value at the path changes.
   */
  keptGitBy?: Maybe<Scalars['String']['output']>;
  /** The field manager that owns the path in the cluster's `managedFields`. */
  manager?: Maybe<Scalars['String']['output']>;
  /** Its operation (`Update`, `Apply`). */
  operation?: Maybe<Scalars['String']['output']>;
  path: Scalars['String']['output'];
  /** When this path was first seen drifting. */
  since?: Maybe<Scalars['DateTime']['output']>;
};

/**
 * A drift ignore rule: differences of `kind` at paths matching `path` (`*` matches one
 * segment) never count as drift.
 */
export type DriftIgnoreRule = {
  __typename?: 'DriftIgnoreRule';
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** Differences (resource × path) this rule hides in the fabric's current drift. */
  ignoredPaths: Scalars['Int']['output'];
  kind: Scalars['String']['output'];
  path: Scalars['String']['output'];
  reason: Scalars['String']['output'];
};

export type DriftStatus =
  | 'ACTUAL_ONLY'
  | 'DESIRED_ONLY'
  | 'IN_SYNC'
  | 'SPEC_DRIFT'
  | 'UNKNOWN';

export type Fabric = {
  __typename?: 'Fabric';
  /** Of `driftCount`, the resources only in the cluster (orphans: not in Git). */
  actualOnlyCount: Scalars['Int']['output'];
  /** Whether a cluster connection is configured (API server + token, or a kubeconfig). */
  clusterConfigured: Scalars['Boolean']['output'];
  /**
   * Whether the connection's API server is a simulated cluster run by this process (`hnp
   * demo`'s simulator, not a real Kubernetes cluster). Known from the running process, never
   * stored: a real connection is never labelled simulated.
   */
  clusterSimulated: Scalars['Boolean']['output'];
  /** Warnings about the cluster connection (TLS verification off, plain http://). */
  clusterWarnings: Array<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  description?: Maybe<Scalars['String']['output']>;
  desiredStateCommit?: Maybe<Scalars['String']['output']>;
  directoryStatus: DirectoryStatus;
  driftCount: Scalars['Int']['output'];
  /** Effective feature flags of this fabric (a circuit-breaker trip shows here with its reason). */
  featureFlags: Array<FeatureFlag>;
  /** Per-file parse errors of the last ingestion. */
  fileErrors: Array<FileError>;
  gitBranch?: Maybe<Scalars['String']['output']>;
  gitRepository?: Maybe<GitRepository>;
  gitopsDirectory: Scalars['String']['output'];
  /** Whether a bearer token is stored (it is never returned). */
  hasKubernetesToken: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  /**
   * Resources whose desired state breaks Hedgehog's admission rules (as of the last
   * ingestion): the cluster will refuse them.
   */
  invalidResources: Scalars['Int']['output'];
  kubeconfigContext?: Maybe<Scalars['String']['output']>;
  kubernetesCaCert?: Maybe<Scalars['String']['output']>;
  kubernetesInsecureSkipTlsVerify: Scalars['Boolean']['output'];
  kubernetesNamespace: Scalars['String']['output'];
  kubernetesServer?: Maybe<Scalars['String']['output']>;
  /**
   * When the cluster was last read (the end of the newest finished cluster read); null
   * before the first.
   */
  lastClusterRead?: Maybe<Scalars['DateTime']['output']>;
  /** When the last operation finished. */
  lastSync?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  openConflicts: Scalars['Int']['output'];
  /** Pull-request mode: the pull request write-back has open for this fabric. */
  openPullRequestUrl?: Maybe<Scalars['String']['output']>;
  /** Every pending draft (its diff and admission problems) and what they touch together. */
  pendingChanges: PendingChanges;
  pendingDrafts: Scalars['Int']['output'];
  remoteHeadCommit?: Maybe<Scalars['String']['output']>;
  /** Resources of the fabric (the same trigger-kept total the `resources` connection uses). */
  resourceCount: Scalars['Int']['output'];
  syncIntervalSeconds: Scalars['Int']['output'];
  /**
   * Computed: NEVER_SYNCED (no operation), SYNCING (one queued or running), ERROR (the last
   * operation failed or files have errors), OUT_OF_SYNC (pending drafts, open conflicts, a
   * newer remote head, or drift), IN_SYNC.
   */
  syncStatus: FabricSyncStatus;
  /**
   * Devices and links of the fabric as it will be (desired state with pending drafts
   * applied), each with the worst state of the resources behind it; with `vpc`, only the
   * switches, servers and links that VPC is configured on.
   */
  topology: Topology;
  updatedAt: Scalars['DateTime']['output'];
  /** Whether the connection comes from a stored kubeconfig (never returned). */
  usesKubeconfig: Scalars['Boolean']['output'];
};


export type FabricTopologyArgs = {
  vpc?: InputMaybe<Scalars['String']['input']>;
};

export type FabricEvent = {
  __typename?: 'FabricEvent';
  at: Scalars['DateTime']['output'];
  fabricId: Scalars['ID']['output'];
  /**
   * `operation_queued`, `operation_started`, `operation_finished`, `conflict_opened`,
   * `conflict_resolved`, `flag_changed`, `draft_changed`, `drift_changed`.
   */
  kind: Scalars['String']['output'];
  message?: Maybe<Scalars['String']['output']>;
  operationId?: Maybe<Scalars['ID']['output']>;
};

/** A fabric's computed sync status. */
export type FabricSyncStatus =
  | 'ERROR'
  | 'IN_SYNC'
  | 'NEVER_SYNCED'
  | 'OUT_OF_SYNC'
  | 'SYNCING';

/** One feature flag's effective value. */
export type FeatureFlag = {
  __typename?: 'FeatureFlag';
  enabled: Scalars['Boolean']['output'];
  key: FeatureFlagKey;
  reason?: Maybe<Scalars['String']['output']>;
  /** `FABRIC` override, `GLOBAL` value or configuration `DEFAULT`. */
  source: Scalars['String']['output'];
  updatedBy?: Maybe<Scalars['String']['output']>;
};

/** Feature flags by key. */
export type FeatureFlagKey =
  | 'BIDIRECTIONAL_SYNC'
  | 'CONFLICT_RESOLUTION'
  | 'DIRECTORY_MANAGEMENT';

/** Who last set one leaf of the desired spec; null fields when no recorded event covers it. */
export type FieldBlame = {
  __typename?: 'FieldBlame';
  at?: Maybe<Scalars['DateTime']['output']>;
  author?: Maybe<Scalars['String']['output']>;
  commit?: Maybe<Scalars['String']['output']>;
  path: Scalars['String']['output'];
  source?: Maybe<BlameSource>;
};

/** One field a commit changed in a resource, with its value before and after. */
export type FieldChange = {
  __typename?: 'FieldChange';
  /** The value in the commit; null when absent. */
  after?: Maybe<Scalars['JSON']['output']>;
  /** The value in the commit's first parent; null when absent. */
  before?: Maybe<Scalars['JSON']['output']>;
  /** Dotted path, as the history names it (`spec.subnets.subnet-1.vlan`). */
  path: Scalars['String']['output'];
};

/** A per-file error of a fabric's last ingestion. */
export type FileError = {
  __typename?: 'FileError';
  message: Scalars['String']['output'];
  path: Scalars['String']['output'];
};

export type GitRepository = {
  __typename?: 'GitRepository';
  authType: AuthType;
  commitAuthorEmail: Scalars['String']['output'];
  commitAuthorName: Scalars['String']['output'];
  connectionStatus: ConnectionStatus;
  defaultBranch: Scalars['String']['output'];
  fabrics: Array<Fabric>;
  /**
   * GitHub REST API base in use (the override, else derived from the URL); null for
   * other providers.
   */
  githubApiUrl?: Maybe<Scalars['String']['output']>;
  /** The GitHub rate limit as of the last API response for this repository. */
  githubRateLimit?: Maybe<GithubRateLimit>;
  /** Whether credentials are stored (they are never returned). */
  hasCredentials: Scalars['Boolean']['output'];
  hasWebhookSecret: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  lastValidated?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  provider: Provider;
  sshHostKeys: Array<Scalars['String']['output']>;
  url: Scalars['String']['output'];
  validationError?: Maybe<Scalars['String']['output']>;
  /** How the stored credentials travel, when that is unsafe (plain http:// API or remote). */
  warnings: Array<Scalars['String']['output']>;
  writeMode: WriteMode;
};

/** The GitHub part of a connection test. */
export type GithubConnection = {
  __typename?: 'GithubConnection';
  apiUrl: Scalars['String']['output'];
  /** Whether the tested branch is protected; null when the token may not read protection. */
  branchProtected?: Maybe<Scalars['Boolean']['output']>;
  /** Push permission, which write-back needs. */
  canPush?: Maybe<Scalars['Boolean']['output']>;
  defaultBranch?: Maybe<Scalars['String']['output']>;
  error?: Maybe<Scalars['String']['output']>;
  errorKind?: Maybe<Scalars['String']['output']>;
  fullName?: Maybe<Scalars['String']['output']>;
  /**
   * Permissions the token has on the repository (`admin`, `maintain`, `push`, `triage`,
   * `pull`).
   */
  permissions: Array<Scalars['String']['output']>;
};

/** GitHub's rate limit for a repository's token, from the headers of the last response. */
export type GithubRateLimit = {
  __typename?: 'GithubRateLimit';
  limit: Scalars['Int']['output'];
  observedAt: Scalars['DateTime']['output'];
  remaining: Scalars['Int']['output'];
  resetAt?: Maybe<Scalars['DateTime']['output']>;
  used?: Maybe<Scalars['Int']['output']>;
};

/** What a change set touches (names). */
export type Impact = {
  __typename?: 'Impact';
  /** Connections whose links or attachments are involved. */
  connections: Array<Scalars['String']['output']>;
  externals: Array<Scalars['String']['output']>;
  gateways: Array<Scalars['String']['output']>;
  ports: Array<SwitchPort>;
  servers: Array<Scalars['String']['output']>;
  switches: Array<Scalars['String']['output']>;
  vpcs: Array<Scalars['String']['output']>;
};

export type KindAvailability = {
  __typename?: 'KindAvailability';
  apiVersion: Scalars['String']['output'];
  installed: Scalars['Boolean']['output'];
  kind: Scalars['String']['output'];
};

export type KubernetesInput = {
  /**
   * `https://host:6443` (plain `http://` is accepted with a warning). Required unless
   * `inCluster`.
   */
  apiServer?: InputMaybe<Scalars['String']['input']>;
  /** PEM of the CA that signs the API server's certificate. */
  caCert?: InputMaybe<Scalars['String']['input']>;
  /**
   * Read the cluster with the service account of the pod HNP runs in (HNP deployed in the
   * fabric's cluster, `docker/kubernetes/`): no API server, CA or token is given or stored.
   * `namespace` defaults to the pod's namespace.
   */
  inCluster?: Scalars['Boolean']['input'];
  insecureSkipTlsVerify?: Scalars['Boolean']['input'];
  /** Default `default`. */
  namespace?: InputMaybe<Scalars['String']['input']>;
  /** Bearer token; write-only. Omitted: keep the stored one. */
  token?: InputMaybe<Scalars['String']['input']>;
};

export type LoginPayload = {
  __typename?: 'LoginPayload';
  expiresAt: Scalars['DateTime']['output'];
  token: Scalars['String']['output'];
  user: User;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Ignores drift of `kind` at `path` (a dotted pattern, `*` = one segment, e.g.
   * `spec.subnets.*.vlan`) in a fabric, with the reason (operator; audited). The fabric's
   * drift is recomputed at once.
   */
  addDriftIgnoreRule: DriftIgnoreRule;
  /**
   * Adds a notification target to a fabric (operator; audited). `secret` signs webhook
   * bodies (stored encrypted, never returned); `events` empty means every event.
   */
  addNotificationTarget: NotificationTarget;
  /**
   * Takes the cluster's values of a drifted resource into its draft (operator): at `paths`
   * (as drift names them, e.g. `spec.subnets.default.vlan`), or at every differing spec path
   * when `paths` is null or empty. Admission-checked like any draft; labels, annotations and
   * status stay the cluster's. A resource only in the cluster: see `adoptOrphan`.
   */
  adoptActual: DraftPayload;
  /**
   * Makes a resource that is only in the cluster (`ACTUAL_ONLY`) a draft that creates it in
   * Git (`managed/<plural>/<name>.yaml` with directory management), its spec without what
   * Hedgehog's defaulting adds (operator).
   */
  adoptOrphan: DraftPayload;
  /** Cancels a queued operation (operator). */
  cancelSyncOperation: SyncOperation;
  /**
   * Removes a fabric's override of a flag, so the fabric inherits the global value again
   * (admin; audited when there was an override). Returns the flag's effective value.
   */
  clearFeatureFlag: FeatureFlag;
  /** Creates an API token for yourself, or (admin) for `username`. */
  createApiToken: CreatedApiToken;
  /** Creates a fabric (admin). */
  createFabric: Fabric;
  /** Adds a Git repository (admin). Credentials are write-only. */
  createGitRepository: GitRepository;
  /** Creates a draft (a new resource when it does not exist) (operator). */
  createResourceDraft: DraftPayload;
  /** Creates a user (admin). */
  createUser: User;
  /** Deletes a fabric and its resources, operations and conflicts (admin). */
  deleteFabric: Scalars['Boolean']['output'];
  /** Deletes a Git repository (admin); refused while fabrics use it. */
  deleteGitRepository: Scalars['Boolean']['output'];
  /** Marks a resource for deletion (operator). */
  deleteResourceDraft: DraftPayload;
  /** Drops a resource's draft; an open conflict on it is resolved as GIT_WINS (operator). */
  discardDraft?: Maybe<Resource>;
  /**
   * Creates the managed directory layout in one commit (operator); runs in the background.
   * With `dryRun`, commits nothing: answers a finished dry-run operation whose
   * `details.files` lists the files the commit would create, with their diffs.
   */
  initializeDirectories: SyncOperation;
  /**
   * Keeps Git for drifted `paths` of a resource (all of its drifted paths when null or
   * empty; operator; audited): Git is right and the cluster is to be put back by re-applying
   * the managed file. The paths still count as drift and show who decided, until the cluster
   * holds another value there. Returns the resource.
   */
  keepGit: Resource;
  /**
   * Exchanges a username and password for a session token (valid 12 hours), also set as the
   * HttpOnly session cookie the web UI uses. At most one `login` per request; failed
   * attempts are limited per username, per address and per both.
   */
  login: LoginPayload;
  /**
   * Ends the login session this request was made with (its token stops working server-side)
   * and clears the session cookie.
   */
  logout: Scalars['Boolean']['output'];
  /** Stops ignoring drift of `kind` at `path` (operator; audited); recomputes drift. */
  removeDriftIgnoreRule: Scalars['Boolean']['output'];
  /** Removes a notification target and its delivery log (operator; audited). */
  removeNotificationTarget: Scalars['Boolean']['output'];
  /** Resolves an open conflict (operator). MERGE takes `mergedSpec` (validated). */
  resolveConflict: Conflict;
  /**
   * Reverts, field by field, what commit `commit` (of the fabric's branch) changed in the
   * fabric's directory (operator); as `revertOperation`.
   */
  revertCommit: SyncOperation;
  /**
   * Reverts, field by field, what write-back operation `operationId` committed (operator):
   * one commit — or pull request in pull-request mode — restoring the fields, deleting what
   * it created and restoring what it deleted; fields changed again since get a conflict
   * instead. Runs now under the fabric's lease and answers the finished `GUI_TO_GIT`
   * operation (`details.revert` names what it reverts). With `dryRun` nothing is committed:
   * `details.files` has the per-file diffs and `details.conflicts` the fields that would
   * conflict, as a write-back dry run.
   */
  revertOperation: SyncOperation;
  /** Revokes one of your tokens, or (admin) anyone's. */
  revokeApiToken: ApiToken;
  /** Sets a flag globally, or as a fabric override (admin). */
  setFeatureFlag: FeatureFlag;
  /** Contacts the fabric's cluster: server version and installed Hedgehog CRDs (operator). */
  testFabricClusterConnection: ClusterConnectionTest;
  /**
   * Contacts the remote with the stored credentials (operator). `branch`: the branch to
   * look for and, on GitHub, whose protection to report (default: the remote's default
   * branch).
   */
  testGitRepositoryConnection: ConnectionTest;
  /** Sends a test event to a target now (operator; audited) and answers the attempt. */
  testNotificationTarget: NotificationDelivery;
  /**
   * Queues a sync of a fabric (operator). A sync of the same direction still queued is
   * returned instead of queueing another.
   */
  triggerSync: SyncOperation;
  /** Changes a fabric (admin). */
  updateFabric: Fabric;
  /** Changes a Git repository (admin). */
  updateGitRepository: GitRepository;
  /** Replaces the draft spec of a resource (operator). */
  updateResourceDraft: DraftPayload;
  /**
   * Changes a user (admin): `active: false` deactivates them (their tokens stop working,
   * their sessions end; the last active admin cannot be deactivated), `active: true`
   * reactivates them; `role` changes the role.
   */
  updateUser: User;
  /** Changes a user's role (admin). */
  updateUserRole: User;
};


export type MutationAddDriftIgnoreRuleArgs = {
  fabricId: Scalars['ID']['input'];
  kind: Scalars['String']['input'];
  path: Scalars['String']['input'];
  reason: Scalars['String']['input'];
};


export type MutationAddNotificationTargetArgs = {
  events?: InputMaybe<Array<Scalars['String']['input']>>;
  fabricId: Scalars['ID']['input'];
  kind: NotificationKind;
  secret?: InputMaybe<Scalars['String']['input']>;
  url: Scalars['String']['input'];
};


export type MutationAdoptActualArgs = {
  paths?: InputMaybe<Array<Scalars['String']['input']>>;
  resourceId: Scalars['ID']['input'];
};


export type MutationAdoptOrphanArgs = {
  resourceId: Scalars['ID']['input'];
};


export type MutationCancelSyncOperationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationClearFeatureFlagArgs = {
  fabricId: Scalars['ID']['input'];
  key: FeatureFlagKey;
};


export type MutationCreateApiTokenArgs = {
  name: Scalars['String']['input'];
  username?: InputMaybe<Scalars['String']['input']>;
};


export type MutationCreateFabricArgs = {
  input: CreateFabricInput;
};


export type MutationCreateGitRepositoryArgs = {
  input: CreateGitRepositoryInput;
};


export type MutationCreateResourceDraftArgs = {
  fabricId: Scalars['ID']['input'];
  kind: Scalars['String']['input'];
  name: Scalars['String']['input'];
  namespace?: Scalars['String']['input'];
  spec: Scalars['JSON']['input'];
};


export type MutationCreateUserArgs = {
  password: Scalars['String']['input'];
  role: Role;
  username: Scalars['String']['input'];
};


export type MutationDeleteFabricArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteGitRepositoryArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteResourceDraftArgs = {
  resourceId: Scalars['ID']['input'];
};


export type MutationDiscardDraftArgs = {
  resourceId: Scalars['ID']['input'];
};


export type MutationInitializeDirectoriesArgs = {
  dryRun?: Scalars['Boolean']['input'];
  fabricId: Scalars['ID']['input'];
};


export type MutationKeepGitArgs = {
  paths?: InputMaybe<Array<Scalars['String']['input']>>;
  resourceId: Scalars['ID']['input'];
};


export type MutationLoginArgs = {
  password: Scalars['String']['input'];
  username: Scalars['String']['input'];
};


export type MutationRemoveDriftIgnoreRuleArgs = {
  fabricId: Scalars['ID']['input'];
  kind: Scalars['String']['input'];
  path: Scalars['String']['input'];
};


export type MutationRemoveNotificationTargetArgs = {
  fabricId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
};


export type MutationResolveConflictArgs = {
  conflictId: Scalars['ID']['input'];
  mergedSpec?: InputMaybe<Scalars['JSON']['input']>;
  strategy: Resolution;
};


export type MutationRevertCommitArgs = {
  commit: Scalars['String']['input'];
  dryRun?: Scalars['Boolean']['input'];
  fabricId: Scalars['ID']['input'];
};


export type MutationRevertOperationArgs = {
  dryRun?: Scalars['Boolean']['input'];
  operationId: Scalars['ID']['input'];
};


export type MutationRevokeApiTokenArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSetFeatureFlagArgs = {
  enabled: Scalars['Boolean']['input'];
  fabricId?: InputMaybe<Scalars['ID']['input']>;
  key: FeatureFlagKey;
  reason?: InputMaybe<Scalars['String']['input']>;
};


export type MutationTestFabricClusterConnectionArgs = {
  fabricId: Scalars['ID']['input'];
};


export type MutationTestGitRepositoryConnectionArgs = {
  branch?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
};


export type MutationTestNotificationTargetArgs = {
  fabricId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
};


export type MutationTriggerSyncArgs = {
  direction: TriggerDirection;
  dryRun?: Scalars['Boolean']['input'];
  fabricId: Scalars['ID']['input'];
};


export type MutationUpdateFabricArgs = {
  id: Scalars['ID']['input'];
  input: UpdateFabricInput;
};


export type MutationUpdateGitRepositoryArgs = {
  id: Scalars['ID']['input'];
  input: UpdateGitRepositoryInput;
};


export type MutationUpdateResourceDraftArgs = {
  resourceId: Scalars['ID']['input'];
  spec: Scalars['JSON']['input'];
};


export type MutationUpdateUserArgs = {
  active?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  role?: InputMaybe<Role>;
};


export type MutationUpdateUserRoleArgs = {
  id: Scalars['ID']['input'];
  role: Role;
};

/** One delivery attempt of an event to a target. */
export type NotificationDelivery = {
  __typename?: 'NotificationDelivery';
  attempt: Scalars['Int']['output'];
  attemptedAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  error?: Maybe<Scalars['String']['output']>;
  /** The event name (`test` for a "send test" action). */
  event: Scalars['String']['output'];
  eventId: Scalars['ID']['output'];
  /** The receiver's HTTP status, when it answered. */
  httpStatus?: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  /** When a `PENDING` attempt is due. */
  nextAttemptAt: Scalars['DateTime']['output'];
  status: DeliveryStatus;
  targetId: Scalars['ID']['output'];
};

export type NotificationKind =
  | 'SLACK'
  | 'WEBHOOK';

/**
 * Where a fabric's notifications go. The signing secret is never returned: `hasSecret` says
 * whether webhook bodies are signed (`X-HNP-Signature`).
 */
export type NotificationTarget = {
  __typename?: 'NotificationTarget';
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Scalars['String']['output']>;
  /**
   * Event names it receives (`sync_failed`, `conflict_opened`, `drift_started`,
   * `drift_ended`, `pull_request_opened`, `pull_request_merged`, `pull_request_closed`,
   * `breaker_tripped`, `admission_errors`); empty means every event.
   */
  events: Array<Scalars['String']['output']>;
  fabricId: Scalars['ID']['output'];
  hasSecret: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  kind: NotificationKind;
  url: Scalars['String']['output'];
};

/** A write-back's way to the switches (see `SyncOperation.convergence`). */
export type OperationConvergence = {
  __typename?: 'OperationConvergence';
  /**
   * When the last affected switch's Agent applied it (its `lastAppliedTime`); null until
   * every affected switch did.
   */
  appliedAt?: Maybe<Scalars['DateTime']['output']>;
  /** When the commit was pushed (the operation finished). */
  committedAt: Scalars['DateTime']['output'];
  /**
   * The cluster read that first found every written resource in sync with Git (deleted
   * ones gone); null until then.
   */
  inClusterAt?: Maybe<Scalars['DateTime']['output']>;
  /** Affected switches that have not applied it yet. */
  pendingSwitches: Array<Scalars['String']['output']>;
  /** Switches the commit affects. */
  switches: Array<Scalars['String']['output']>;
};

export type OperationDirection =
  | 'BIDIRECTIONAL'
  | 'CLUSTER_READ'
  | 'DIRECTORY_INIT'
  | 'GIT_TO_GUI'
  | 'GUI_TO_GIT';

export type OperationError = {
  __typename?: 'OperationError';
  message: Scalars['String']['output'];
  path: Scalars['String']['output'];
};

/** A phase an operation entered, and when. */
export type OperationPhase = {
  __typename?: 'OperationPhase';
  at: Scalars['DateTime']['output'];
  phase: Scalars['String']['output'];
};

export type OperationStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'PARTIALLY_SUCCEEDED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type OperationTrigger =
  | 'API'
  | 'CLI'
  | 'MANUAL'
  | 'SCHEDULE'
  | 'WEBHOOK';

/** Information about pagination in a connection */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** When paginating forwards, the cursor to continue. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** When paginating forwards, are there more items? */
  hasNextPage: Scalars['Boolean']['output'];
  /** When paginating backwards, are there more items? */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** When paginating backwards, the cursor to continue. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** Every pending draft of a fabric and what they touch together. */
export type PendingChanges = {
  __typename?: 'PendingChanges';
  impact: Impact;
  resources: Array<PendingResource>;
};

/** One pending draft. */
export type PendingResource = {
  __typename?: 'PendingResource';
  /** Unified diff of the desired object's YAML to the draft's. */
  diff: Scalars['String']['output'];
  kind: Scalars['String']['output'];
  name: Scalars['String']['output'];
  namespace: Scalars['String']['output'];
  operation: DraftOperation;
  /** Hedgehog admission errors of the draft, against the fabric with every draft applied. */
  problems: Array<Problem>;
  resourceId: Scalars['ID']['output'];
};

/** A field-level validation problem. */
export type Problem = {
  __typename?: 'Problem';
  message: Scalars['String']['output'];
  path: Scalars['String']['output'];
};

export type Provider =
  | 'GENERIC'
  | 'GITHUB'
  | 'GITLAB';

export type Query = {
  __typename?: 'Query';
  /**
   * API tokens and login sessions (prefix and metadata only) of `username` — yours without
   * it; another user's needs the admin role.
   */
  apiTokens: Array<ApiToken>;
  /**
   * The audit log, newest first (admin), filtered: by the acting user (`actor`, exactly), a
   * substring of the action, the target (type and id, exactly), the fabric, and a time
   * range (`since` inclusive, `until` exclusive).
   */
  auditEvents: AuditEventConnection;
  conflicts: Array<Conflict>;
  /** A fabric's drift ignore rules (kind, then path), each with the differences it hides now. */
  driftIgnoreRules: Array<DriftIgnoreRule>;
  fabric?: Maybe<Fabric>;
  fabrics: Array<Fabric>;
  /** Effective flags: of a fabric (its overrides applied) or global. */
  featureFlags: Array<FeatureFlag>;
  gitRepositories: Array<GitRepository>;
  gitRepository?: Maybe<GitRepository>;
  /** The authenticated user. */
  me: User;
  /**
   * A fabric's notification delivery log (or one target's), newest attempt first; one row
   * per attempt. `limit` defaults to 50 (at most 500).
   */
  notificationDeliveries: Array<NotificationDelivery>;
  /** A fabric's notification targets, oldest first (never their secrets). */
  notificationTargets: Array<NotificationTarget>;
  resource?: Maybe<Resource>;
  /** Resources, filtered, ordered by kind, namespace and name. */
  resources: ResourceConnection;
  syncOperation?: Maybe<SyncOperation>;
  /** Operations, newest first. */
  syncOperations: SyncOperationConnection;
  /** All users (admin). */
  users: Array<User>;
};


export type QueryApiTokensArgs = {
  username?: InputMaybe<Scalars['String']['input']>;
};


export type QueryAuditEventsArgs = {
  action?: InputMaybe<Scalars['String']['input']>;
  actor?: InputMaybe<Scalars['String']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  fabricId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  targetId?: InputMaybe<Scalars['String']['input']>;
  targetType?: InputMaybe<Scalars['String']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryConflictsArgs = {
  fabricId?: InputMaybe<Scalars['ID']['input']>;
  status?: InputMaybe<ConflictState>;
};


export type QueryDriftIgnoreRulesArgs = {
  fabricId: Scalars['ID']['input'];
};


export type QueryFabricArgs = {
  id: Scalars['ID']['input'];
};


export type QueryFeatureFlagsArgs = {
  fabricId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryGitRepositoryArgs = {
  id: Scalars['ID']['input'];
};


export type QueryNotificationDeliveriesArgs = {
  fabricId: Scalars['ID']['input'];
  limit?: InputMaybe<Scalars['Int']['input']>;
  targetId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryNotificationTargetsArgs = {
  fabricId: Scalars['ID']['input'];
};


export type QueryResourceArgs = {
  id: Scalars['ID']['input'];
};


export type QueryResourcesArgs = {
  admission?: InputMaybe<AdmissionFilter>;
  after?: InputMaybe<Scalars['String']['input']>;
  conflictStatus?: InputMaybe<ConflictStatus>;
  driftStatus?: InputMaybe<DriftStatus>;
  fabricId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  hasDraft?: InputMaybe<Scalars['Boolean']['input']>;
  kind?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
  state?: InputMaybe<ResourceState>;
};


export type QuerySyncOperationArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySyncOperationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  fabricId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A switch's redundancy group (`spec.redundancy`). */
export type RedundancyGroup = {
  __typename?: 'RedundancyGroup';
  group: Scalars['String']['output'];
  /** `eslag` or `mclag`. */
  type: Scalars['String']['output'];
};

export type Resolution =
  | 'GIT_WINS'
  | 'GUI_WINS'
  | 'MANUAL'
  | 'MERGE';

export type Resource = {
  __typename?: 'Resource';
  actualSpec?: Maybe<Scalars['JSON']['output']>;
  actualStatus?: Maybe<Scalars['JSON']['output']>;
  actualUpdated?: Maybe<Scalars['DateTime']['output']>;
  /**
   * Hedgehog admission errors of the desired state, as of the last ingestion (empty when
   * the cluster will admit it, or without desired state); cross-object problems name the
   * other object.
   */
  admissionErrors: Array<Problem>;
  /**
   * A Switch's convergence from its Hedgehog Agent at the last cluster read: `APPLIED` (it
   * runs the current generation, heartbeat fresh), `PENDING`, `STALE` (no heartbeat in 5
   * minutes), `UNKNOWN` (no Agent seen); null for other kinds.
   */
  agent?: Maybe<AgentStatus>;
  annotations?: Maybe<Scalars['JSON']['output']>;
  apiVersion: Scalars['String']['output'];
  /**
   * Who last set each leaf of the desired spec (dotted paths, in document order), from the
   * recorded history: `GUI` when it came from an HNP write-back.
   */
  blame: Array<FieldBlame>;
  /**
   * What one commit changed in this resource's fields (its first parent → the commit), each
   * changed path of the history with its value before and after; null when this server's
   * Git cache does not hold the commit or the commit does not touch the resource.
   */
  commitDiff?: Maybe<Array<FieldChange>>;
  conflictStatus: ConflictStatus;
  createdAt: Scalars['DateTime']['output'];
  desiredCommit?: Maybe<Scalars['String']['output']>;
  desiredSpec?: Maybe<Scalars['JSON']['output']>;
  desiredUpdated?: Maybe<Scalars['DateTime']['output']>;
  /** Why the draft is a draft again (its pull request was closed without merging). */
  draftNote?: Maybe<Scalars['String']['output']>;
  draftOperation?: Maybe<DraftOperation>;
  draftSpec?: Maybe<Scalars['JSON']['output']>;
  draftUpdated?: Maybe<Scalars['DateTime']['output']>;
  draftUpdatedBy?: Maybe<Scalars['String']['output']>;
  /** `{score, compared, differences: [{path, desired, actual}]}` when desired and actual differ. */
  drift?: Maybe<Scalars['JSON']['output']>;
  /**
   * Each drifted path explained: desired and actual values, since when the drift has been
   * seen, and the cluster field manager (from `managedFields`) that last wrote it, e.g.
   * `kubectl-edit` / `Update`. Paths an ignore rule hides are not listed (see `drift.ignored`).
   */
  driftDifferences: Array<DriftDifference>;
  driftStatus: DriftStatus;
  /** The fabric the resource belongs to. */
  fabric?: Maybe<Fabric>;
  fabricId: Scalars['ID']['output'];
  fileHash?: Maybe<Scalars['String']['output']>;
  hasDraft: Scalars['Boolean']['output'];
  /**
   * What happened to the resource, newest first: Git commits (with the changed field
   * paths), write-backs, drafts, conflicts, drift. Kept by kind, namespace and name, so it
   * outlives a deletion and re-creation.
   */
  history: ResourceEventConnection;
  id: Scalars['ID']['output'];
  kind: Scalars['String']['output'];
  labels?: Maybe<Scalars['JSON']['output']>;
  lastFileSync?: Maybe<Scalars['DateTime']['output']>;
  managedFilePath?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  namespace: Scalars['String']['output'];
  /**
   * Resources of the same fabric whose specs refer to this one, by kind and name; `path`
   * is the referring field in their spec.
   */
  referencedBy: Array<ResourceLink>;
  /**
   * Resources this one refers to (read from its draft, else its desired, else its actual
   * spec), in field order; `resourceId` is null when the target is not in the fabric.
   */
  references: Array<ResourceLink>;
  resourceState: ResourceState;
  syncDirection: SyncDirection;
  updatedAt: Scalars['DateTime']['output'];
  /** Schema problems of the draft (empty when valid or when there is no draft). */
  validationErrors: Array<Problem>;
};


export type ResourceCommitDiffArgs = {
  commit: Scalars['String']['input'];
};


export type ResourceHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type ResourceConnection = {
  __typename?: 'ResourceConnection';
  /** A list of edges. */
  edges: Array<ResourceEdge>;
  /** A list of nodes. */
  nodes: Array<Resource>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection. */
export type ResourceEdge = {
  __typename?: 'ResourceEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: Resource;
};

/** One thing that happened to a resource. */
export type ResourceEvent = {
  __typename?: 'ResourceEvent';
  /** `Name <email>` of the Git author for Git commits; the HNP username otherwise. */
  actor?: Maybe<Scalars['String']['output']>;
  at: Scalars['DateTime']['output'];
  commit?: Maybe<Scalars['String']['output']>;
  kind: ResourceEventKind;
  message?: Maybe<Scalars['String']['output']>;
  /** The HNP sync operation (a write-back) behind the event. */
  operationId?: Maybe<Scalars['String']['output']>;
  /** Dotted field paths changed (`spec.subnets.subnet-1.vlan`); empty for the whole resource. */
  paths: Array<Scalars['String']['output']>;
};

export type ResourceEventConnection = {
  __typename?: 'ResourceEventConnection';
  /** A list of edges. */
  edges: Array<ResourceEventEdge>;
  /** A list of nodes. */
  nodes: Array<ResourceEvent>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection. */
export type ResourceEventEdge = {
  __typename?: 'ResourceEventEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: ResourceEvent;
};

export type ResourceEventKind =
  | 'CONFLICT_OPENED'
  | 'CONFLICT_RESOLVED'
  | 'CREATED'
  | 'DELETED'
  | 'DELETE_REQUESTED'
  | 'DRAFT_DISCARDED'
  | 'DRAFT_SAVED'
  | 'DRIFT_ENDED'
  | 'DRIFT_STARTED'
  | 'GIT_COMMIT'
  | 'REVERTED'
  | 'WRITE_BACK';

/** One end of a reference between resources. */
export type ResourceLink = {
  __typename?: 'ResourceLink';
  kind: Scalars['String']['output'];
  name: Scalars['String']['output'];
  /** The field holding the reference, in the referring resource's spec. */
  path: Scalars['String']['output'];
  /** The other resource, when it exists in the fabric. */
  resourceId?: Maybe<Scalars['ID']['output']>;
};

export type ResourceState =
  | 'COMMITTED'
  | 'DRAFT'
  | 'DRIFTED'
  | 'ORPHANED'
  | 'PENDING'
  | 'SYNCED';

export type Role =
  | 'ADMIN'
  | 'OPERATOR'
  | 'VIEWER';

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Events of one fabric (of every fabric without `fabricId`): operations
   * queued/started/finished, conflicts, flags, drafts.
   */
  fabricEvents: FabricEvent;
  /**
   * Progress of one operation: first its current state, then every phase change, ending
   * after a terminal status.
   */
  syncProgress: SyncProgress;
};


export type SubscriptionFabricEventsArgs = {
  fabricId?: InputMaybe<Scalars['ID']['input']>;
};


export type SubscriptionSyncProgressArgs = {
  operationId: Scalars['ID']['input'];
};

/** A switch port. */
export type SwitchPort = {
  __typename?: 'SwitchPort';
  /** The switch-local name (`E1/9`). */
  port: Scalars['String']['output'];
  switch: Scalars['String']['output'];
};

export type SyncDirection =
  | 'BIDIRECTIONAL'
  | 'DISABLED'
  | 'GIT_TO_GUI'
  | 'GUI_TO_GIT';

export type SyncOperation = {
  __typename?: 'SyncOperation';
  /**
   * Resources whose drafts the run merged automatically with Git's changes (the entries of
   * `details.auto_merged`); conflicts it opened are `counters.conflicts`.
   */
  autoMerged: Scalars['Int']['output'];
  /**
   * The message of the commit the operation built — a dry run's too (`details.commit`) —
   * with its trailers; null without a commit or when this server's Git cache does not hold it.
   */
  commitMessage?: Maybe<Scalars['String']['output']>;
  commitSha?: Maybe<Scalars['String']['output']>;
  /**
   * How far a pushed write-back got: committed → in the cluster → applied by the Agents of
   * the switches it affects, as followed by the cluster reads after it (for 24 hours); null
   * for other operations and before the first cluster read after the commit.
   */
  convergence?: Maybe<OperationConvergence>;
  counters: Counters;
  createdAt: Scalars['DateTime']['output'];
  /** `auto_merged`, `conflicts`, `skipped`, `warnings`, `files` (with diffs), `attempts`. */
  details?: Maybe<Scalars['JSON']['output']>;
  direction: OperationDirection;
  dryRun: Scalars['Boolean']['output'];
  errors: Array<OperationError>;
  fabricId: Scalars['ID']['output'];
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  message?: Maybe<Scalars['String']['output']>;
  percent: Scalars['Int']['output'];
  phase?: Maybe<Scalars['String']['output']>;
  /**
   * When the operation entered each phase, in order (`done` last once finished); empty for
   * an operation that has not started.
   */
  phases: Array<OperationPhase>;
  pullRequestUrl?: Maybe<Scalars['String']['output']>;
  requestedBy?: Maybe<Scalars['String']['output']>;
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  status: OperationStatus;
  trigger: OperationTrigger;
};

export type SyncOperationConnection = {
  __typename?: 'SyncOperationConnection';
  /** A list of edges. */
  edges: Array<SyncOperationEdge>;
  /** A list of nodes. */
  nodes: Array<SyncOperation>;
  /** Information to aid in pagination. */
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection. */
export type SyncOperationEdge = {
  __typename?: 'SyncOperationEdge';
  /** A cursor for use in pagination */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge */
  node: SyncOperation;
};

export type SyncProgress = {
  __typename?: 'SyncProgress';
  at: Scalars['DateTime']['output'];
  counters: Counters;
  message?: Maybe<Scalars['String']['output']>;
  operationId: Scalars['ID']['output'];
  percent: Scalars['Int']['output'];
  phase?: Maybe<Scalars['String']['output']>;
  status: OperationStatus;
};

/** The fabric as it will be (desired state with pending drafts applied). */
export type Topology = {
  __typename?: 'Topology';
  links: Array<TopologyLink>;
  nodes: Array<TopologyNode>;
};

export type TopologyLink = {
  __typename?: 'TopologyLink';
  /** The Connection's name. */
  connection: Scalars['String']['output'];
  /** Node id of the switch side, when the link has one. */
  from: Scalars['String']['output'];
  /** The device-local port (`E1/9`). */
  fromPort: Scalars['String']['output'];
  /** `<connection>/<index>`. */
  id: Scalars['String']['output'];
  /** The connection type (`unbundled`, `bundled`, `eslag`, `fabric`, `mclagDomain`, …). */
  kind: Scalars['String']['output'];
  /** The Connection's resource. */
  resourceId?: Maybe<Scalars['ID']['output']>;
  state: TopologyState;
  to: Scalars['String']['output'];
  /** Null when the far port is unknown (an external peer). */
  toPort?: Maybe<Scalars['String']['output']>;
};

export type TopologyNode = {
  __typename?: 'TopologyNode';
  /** A switch's SwitchGroups. */
  groups: Array<Scalars['String']['output']>;
  /** `<kind>/<name>` (`switch/leaf-01`). */
  id: Scalars['String']['output'];
  kind: TopologyNodeKind;
  name: Scalars['String']['output'];
  redundancyGroup?: Maybe<RedundancyGroup>;
  /**
   * The resource defining the node (open it at `/resources/<id>`); null for a device only
   * links name.
   */
  resourceId?: Maybe<Scalars['ID']['output']>;
  /** A switch's role (`spine`, `server-leaf`, `border-leaf`, `mixed-leaf`). */
  role?: Maybe<Scalars['String']['output']>;
  state: TopologyState;
};

export type TopologyNodeKind =
  | 'EXTERNAL'
  /** The device at the far end of an external connection (named after the connection). */
  | 'EXTERNAL_PEER'
  | 'GATEWAY'
  | 'SERVER'
  | 'SWITCH';

/** The state of a node or link: the worst of the resources behind it, in this order. */
export type TopologyState =
  /** The desired state breaks Hedgehog admission rules. */
  | 'ADMISSION_ERROR'
  /** A conflict between a draft and Git is open. */
  | 'CONFLICT'
  /** The cluster's copy differs from the desired spec. */
  | 'DRIFT'
  | 'IN_SYNC'
  /** A draft is pending. */
  | 'PENDING'
  /** Never read from a cluster, not in the cluster, or no object defines it. */
  | 'UNKNOWN';

/** Directions a client may trigger. */
export type TriggerDirection =
  | 'BIDIRECTIONAL'
  /** Read the fabric's cluster (actual state) and recompute drift. */
  | 'CLUSTER_READ'
  | 'GIT_TO_GUI'
  | 'GUI_TO_GIT';

export type UpdateFabricInput = {
  branch?: InputMaybe<Scalars['String']['input']>;
  /** Remove the cluster connection. */
  clearCluster?: Scalars['Boolean']['input'];
  description?: InputMaybe<Scalars['String']['input']>;
  detachRepository?: Scalars['Boolean']['input'];
  gitRepositoryId?: InputMaybe<Scalars['ID']['input']>;
  gitopsDirectory?: InputMaybe<Scalars['String']['input']>;
  /** Cluster connection from a kubeconfig's content (stored encrypted, never returned). */
  kubeconfig?: InputMaybe<Scalars['String']['input']>;
  /** Context of `kubeconfig` (default: its current-context). */
  kubeconfigContext?: InputMaybe<Scalars['String']['input']>;
  /** Namespace with `kubeconfig` (default: the context's, else `default`). */
  kubeconfigNamespace?: InputMaybe<Scalars['String']['input']>;
  /** Cluster connection by API server URL and bearer token. */
  kubernetes?: InputMaybe<KubernetesInput>;
  name?: InputMaybe<Scalars['String']['input']>;
  syncIntervalSeconds?: InputMaybe<Scalars['Int']['input']>;
};

export type UpdateGitRepositoryInput = {
  /** Removes the stored credentials (auth becomes NONE). */
  clearCredentials?: Scalars['Boolean']['input'];
  /** Removes the GitHub API URL override (back to the one derived from the URL). */
  clearGithubApiUrl?: Scalars['Boolean']['input'];
  clearWebhookSecret?: Scalars['Boolean']['input'];
  commitAuthor?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the stored credentials. */
  credentials?: InputMaybe<CredentialsInput>;
  defaultBranch?: InputMaybe<Scalars['String']['input']>;
  githubApiUrl?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  sshHostKeys?: InputMaybe<Array<Scalars['String']['input']>>;
  webhookSecret?: InputMaybe<Scalars['String']['input']>;
  writeMode?: InputMaybe<WriteMode>;
};

export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
  isActive: Scalars['Boolean']['output'];
  lastLoginAt?: Maybe<Scalars['DateTime']['output']>;
  role: Role;
  username: Scalars['String']['output'];
};

export type WriteMode =
  | 'DIRECT_PUSH'
  | 'PULL_REQUEST';

export type FeatureFlagsQueryVariables = Exact<{ [key: string]: never; }>;


export type FeatureFlagsQuery = { __typename?: 'Query', featureFlags: Array<{ __typename?: 'FeatureFlag', key: FeatureFlagKey, enabled: boolean, source: string, reason?: string | null, updatedBy?: string | null }>, fabrics: Array<{ __typename?: 'Fabric', id: string, name: string, featureFlags: Array<{ __typename?: 'FeatureFlag', key: FeatureFlagKey, enabled: boolean, source: string, reason?: string | null, updatedBy?: string | null }> }> };

export type SetFeatureFlagMutationVariables = Exact<{
  key: FeatureFlagKey;
  enabled: Scalars['Boolean']['input'];
  fabricId?: InputMaybe<Scalars['ID']['input']>;
  reason?: InputMaybe<Scalars['String']['input']>;
}>;


export type SetFeatureFlagMutation = { __typename?: 'Mutation', setFeatureFlag: { __typename?: 'FeatureFlag', key: FeatureFlagKey, enabled: boolean, source: string, reason?: string | null, updatedBy?: string | null } };

export type UsersQueryVariables = Exact<{ [key: string]: never; }>;


export type UsersQuery = { __typename?: 'Query', users: Array<{ __typename?: 'User', id: string, username: string, role: Role, isActive: boolean, lastLoginAt?: DateTime | null }> };

export type CreateUserMutationVariables = Exact<{
  username: Scalars['String']['input'];
  password: Scalars['String']['input'];
  role: Role;
}>;


export type CreateUserMutation = { __typename?: 'Mutation', createUser: { __typename?: 'User', id: string, username: string, role: Role, isActive: boolean, lastLoginAt?: DateTime | null } };

export type UpdateUserMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  active?: InputMaybe<Scalars['Boolean']['input']>;
  role?: InputMaybe<Role>;
}>;


export type UpdateUserMutation = { __typename?: 'Mutation', updateUser: { __typename?: 'User', id: string, username: string, role: Role, isActive: boolean, lastLoginAt?: DateTime | null } };

export type ApiTokenFieldsFragment = { __typename?: 'ApiToken', id: string, name: string, prefix: string, createdAt: DateTime, lastUsedAt?: DateTime | null, expiresAt?: DateTime | null, session: boolean, revoked: boolean, current: boolean };

export type ApiTokensQueryVariables = Exact<{
  username?: InputMaybe<Scalars['String']['input']>;
}>;


export type ApiTokensQuery = { __typename?: 'Query', apiTokens: Array<{ __typename?: 'ApiToken', id: string, name: string, prefix: string, createdAt: DateTime, lastUsedAt?: DateTime | null, expiresAt?: DateTime | null, session: boolean, revoked: boolean, current: boolean }> };

export type CreateApiTokenMutationVariables = Exact<{
  name: Scalars['String']['input'];
  username?: InputMaybe<Scalars['String']['input']>;
}>;


export type CreateApiTokenMutation = { __typename?: 'Mutation', createApiToken: { __typename?: 'CreatedApiToken', token: string, apiToken: { __typename?: 'ApiToken', id: string, name: string, prefix: string, createdAt: DateTime, lastUsedAt?: DateTime | null, expiresAt?: DateTime | null, session: boolean, revoked: boolean, current: boolean } } };

export type RevokeApiTokenMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RevokeApiTokenMutation = { __typename?: 'Mutation', revokeApiToken: { __typename?: 'ApiToken', id: string, name: string, prefix: string, createdAt: DateTime, lastUsedAt?: DateTime | null, expiresAt?: DateTime | null, session: boolean, revoked: boolean, current: boolean } };

export type AuditEventsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  actor?: InputMaybe<Scalars['String']['input']>;
  action?: InputMaybe<Scalars['String']['input']>;
  targetType?: InputMaybe<Scalars['String']['input']>;
  targetId?: InputMaybe<Scalars['String']['input']>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
}>;


export type AuditEventsQuery = { __typename?: 'Query', auditEvents: { __typename?: 'AuditEventConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ __typename?: 'AuditEvent', id: string, actor?: string | null, action: string, targetType: string, targetId?: string | null, fabricId?: string | null, summary?: string | null, before?: JsonValue | null, after?: JsonValue | null, createdAt: DateTime }> } };

export type ClearFeatureFlagMutationVariables = Exact<{
  key: FeatureFlagKey;
  fabricId: Scalars['ID']['input'];
}>;


export type ClearFeatureFlagMutation = { __typename?: 'Mutation', clearFeatureFlag: { __typename?: 'FeatureFlag', key: FeatureFlagKey, enabled: boolean, source: string, reason?: string | null, updatedBy?: string | null } };

export type LoginMutationVariables = Exact<{
  username: Scalars['String']['input'];
  password: Scalars['String']['input'];
}>;


export type LoginMutation = { __typename?: 'Mutation', login: { __typename?: 'LoginPayload', token: string, expiresAt: DateTime, user: { __typename?: 'User', id: string, username: string, role: Role } } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { __typename?: 'Query', me: { __typename?: 'User', id: string, username: string, role: Role, isActive: boolean } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { __typename?: 'Mutation', logout: boolean };

export type ConflictFieldsFragment = { __typename?: 'Conflict', id: string, fabricId: string, resourceId: string, type: ConflictType, status: ConflictState, baseSpec?: JsonValue | null, guiSpec?: JsonValue | null, gitSpec?: JsonValue | null, paths: Array<string>, gitCommit?: string | null, syncOperationId?: string | null, resolution?: Resolution | null, mergedSpec?: JsonValue | null, resolvedAt?: DateTime | null, detectedAt: DateTime, resource?: { __typename?: 'Resource', id: string, kind: string, name: string, namespace: string, conflictStatus: ConflictStatus, hasDraft: boolean } | null };

export type ConflictsQueryVariables = Exact<{
  status?: InputMaybe<ConflictState>;
  fabricId?: InputMaybe<Scalars['ID']['input']>;
}>;


export type ConflictsQuery = { __typename?: 'Query', conflicts: Array<{ __typename?: 'Conflict', id: string, fabricId: string, resourceId: string, type: ConflictType, status: ConflictState, baseSpec?: JsonValue | null, guiSpec?: JsonValue | null, gitSpec?: JsonValue | null, paths: Array<string>, gitCommit?: string | null, syncOperationId?: string | null, resolution?: Resolution | null, mergedSpec?: JsonValue | null, resolvedAt?: DateTime | null, detectedAt: DateTime, resource?: { __typename?: 'Resource', id: string, kind: string, name: string, namespace: string, conflictStatus: ConflictStatus, hasDraft: boolean } | null }> };

export type ResolveConflictMutationVariables = Exact<{
  conflictId: Scalars['ID']['input'];
  strategy: Resolution;
  mergedSpec?: InputMaybe<Scalars['JSON']['input']>;
}>;


export type ResolveConflictMutation = { __typename?: 'Mutation', resolveConflict: { __typename?: 'Conflict', id: string, fabricId: string, resourceId: string, type: ConflictType, status: ConflictState, baseSpec?: JsonValue | null, guiSpec?: JsonValue | null, gitSpec?: JsonValue | null, paths: Array<string>, gitCommit?: string | null, syncOperationId?: string | null, resolution?: Resolution | null, mergedSpec?: JsonValue | null, resolvedAt?: DateTime | null, detectedAt: DateTime, resource?: { __typename?: 'Resource', id: string, kind: string, name: string, namespace: string, conflictStatus: ConflictStatus, hasDraft: boolean } | null } };

export type DriftIgnoreRulesQueryVariables = Exact<{
  fabricId: Scalars['ID']['input'];
}>;


export type DriftIgnoreRulesQuery = { __typename?: 'Query', driftIgnoreRules: Array<{ __typename?: 'DriftIgnoreRule', id: string, kind: string, path: string, reason: string, createdBy?: string | null, createdAt: DateTime, ignoredPaths: number }> };

export type AddDriftIgnoreRuleMutationVariables = Exact<{
  fabricId: Scalars['ID']['input'];
  kind: Scalars['String']['input'];
  path: Scalars['String']['input'];
  reason: Scalars['String']['input'];
}>;


export type AddDriftIgnoreRuleMutation = { __typename?: 'Mutation', addDriftIgnoreRule: { __typename?: 'DriftIgnoreRule', id: string } };

export type RemoveDriftIgnoreRuleMutationVariables = Exact<{
  fabricId: Scalars['ID']['input'];
  kind: Scalars['String']['input'];
  path: Scalars['String']['input'];
}>;


export type RemoveDriftIgnoreRuleMutation = { __typename?: 'Mutation', removeDriftIgnoreRule: boolean };

export type FabricsQueryVariables = Exact<{ [key: string]: never; }>;


export type FabricsQuery = { __typename?: 'Query', fabrics: Array<{ __typename?: 'Fabric', id: string, name: string, gitopsDirectory: string, gitBranch?: string | null, syncStatus: FabricSyncStatus, lastSync?: DateTime | null, driftCount: number, openConflicts: number, pendingDrafts: number, resourceCount: number, gitRepository?: { __typename?: 'GitRepository', id: string, name: string, url: string } | null }> };

export type FabricQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type FabricQuery = { __typename?: 'Query', fabric?: { __typename?: 'Fabric', id: string, name: string, description?: string | null, gitopsDirectory: string, gitBranch?: string | null, desiredStateCommit?: string | null, remoteHeadCommit?: string | null, directoryStatus: DirectoryStatus, syncIntervalSeconds: number, syncStatus: FabricSyncStatus, lastSync?: DateTime | null, driftCount: number, actualOnlyCount: number, invalidResources: number, openConflicts: number, pendingDrafts: number, resourceCount: number, clusterConfigured: boolean, clusterSimulated: boolean, lastClusterRead?: DateTime | null, clusterWarnings: Array<string>, kubernetesServer?: string | null, kubernetesNamespace: string, kubernetesCaCert?: string | null, kubernetesInsecureSkipTlsVerify: boolean, hasKubernetesToken: boolean, usesKubeconfig: boolean, kubeconfigContext?: string | null, openPullRequestUrl?: string | null, fileErrors: Array<{ __typename?: 'FileError', path: string, message: string }>, featureFlags: Array<{ __typename?: 'FeatureFlag', key: FeatureFlagKey, enabled: boolean, source: string, reason?: string | null, updatedBy?: string | null }>, gitRepository?: { __typename?: 'GitRepository', id: string, name: string, url: string, provider: Provider, defaultBranch: string, connectionStatus: ConnectionStatus, writeMode: WriteMode } | null } | null, syncOperations: { __typename?: 'SyncOperationConnection', totalCount: number, nodes: Array<{ __typename?: 'SyncOperation', id: string, fabricId: string, direction: OperationDirection, trigger: OperationTrigger, status: OperationStatus, phase?: string | null, percent: number, message?: string | null, commitSha?: string | null, pullRequestUrl?: string | null, requestedBy?: string | null, dryRun: boolean, autoMerged: number, createdAt: DateTime, startedAt?: DateTime | null, finishedAt?: DateTime | null, counters: { __typename?: 'Counters', filesProcessed: number, created: number, updated: number, deleted: number, unchanged: number, conflicts: number }, errors: Array<{ __typename?: 'OperationError', path: string, message: string }> }> } };

export type FabricEventsSubscriptionVariables = Exact<{
  fabricId: Scalars['ID']['input'];
}>;


export type FabricEventsSubscription = { __typename?: 'Subscription', fabricEvents: { __typename?: 'FabricEvent', fabricId: string, kind: string, operationId?: string | null, message?: string | null, at: DateTime } };

export type UpdateFabricMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: UpdateFabricInput;
}>;


export type UpdateFabricMutation = { __typename?: 'Mutation', updateFabric: { __typename?: 'Fabric', id: string, name: string, gitRepository?: { __typename?: 'GitRepository', id: string, name: string, url: string } | null } };

export type TestFabricClusterConnectionMutationVariables = Exact<{
  fabricId: Scalars['ID']['input'];
}>;


export type TestFabricClusterConnectionMutation = { __typename?: 'Mutation', testFabricClusterConnection: { __typename?: 'ClusterConnectionTest', ok: boolean, server?: string | null, namespace: string, serverVersion?: string | null, warnings: Array<string>, error?: string | null, kinds: Array<{ __typename?: 'KindAvailability', kind: string, apiVersion: string, installed: boolean }> } };

export type NotificationTargetsQueryVariables = Exact<{
  fabricId: Scalars['ID']['input'];
}>;


export type NotificationTargetsQuery = { __typename?: 'Query', notificationTargets: Array<{ __typename?: 'NotificationTarget', id: string, kind: NotificationKind, url: string, hasSecret: boolean, events: Array<string>, createdBy?: string | null, createdAt: DateTime }>, notificationDeliveries: Array<{ __typename?: 'NotificationDelivery', id: string, targetId: string, event: string, attempt: number, status: DeliveryStatus, httpStatus?: number | null, error?: string | null, attemptedAt?: DateTime | null, nextAttemptAt: DateTime }> };

export type AddNotificationTargetMutationVariables = Exact<{
  fabricId: Scalars['ID']['input'];
  kind: NotificationKind;
  url: Scalars['String']['input'];
  secret?: InputMaybe<Scalars['String']['input']>;
  events?: InputMaybe<Array<Scalars['String']['input']> | Scalars['String']['input']>;
}>;


export type AddNotificationTargetMutation = { __typename?: 'Mutation', addNotificationTarget: { __typename?: 'NotificationTarget', id: string } };

export type RemoveNotificationTargetMutationVariables = Exact<{
  fabricId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
}>;


export type RemoveNotificationTargetMutation = { __typename?: 'Mutation', removeNotificationTarget: boolean };

export type TestNotificationTargetMutationVariables = Exact<{
  fabricId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
}>;


export type TestNotificationTargetMutation = { __typename?: 'Mutation', testNotificationTarget: { __typename?: 'NotificationDelivery', id: string, status: DeliveryStatus, httpStatus?: number | null, error?: string | null } };

export type OperationFieldsFragment = { __typename?: 'SyncOperation', id: string, fabricId: string, direction: OperationDirection, trigger: OperationTrigger, status: OperationStatus, phase?: string | null, percent: number, message?: string | null, commitSha?: string | null, pullRequestUrl?: string | null, requestedBy?: string | null, dryRun: boolean, autoMerged: number, createdAt: DateTime, startedAt?: DateTime | null, finishedAt?: DateTime | null, counters: { __typename?: 'Counters', filesProcessed: number, created: number, updated: number, deleted: number, unchanged: number, conflicts: number }, errors: Array<{ __typename?: 'OperationError', path: string, message: string }> };

export type TriggerSyncMutationVariables = Exact<{
  fabricId: Scalars['ID']['input'];
  direction: TriggerDirection;
  dryRun?: Scalars['Boolean']['input'];
}>;


export type TriggerSyncMutation = { __typename?: 'Mutation', triggerSync: { __typename?: 'SyncOperation', id: string, fabricId: string, direction: OperationDirection, trigger: OperationTrigger, status: OperationStatus, phase?: string | null, percent: number, message?: string | null, commitSha?: string | null, pullRequestUrl?: string | null, requestedBy?: string | null, dryRun: boolean, autoMerged: number, createdAt: DateTime, startedAt?: DateTime | null, finishedAt?: DateTime | null, counters: { __typename?: 'Counters', filesProcessed: number, created: number, updated: number, deleted: number, unchanged: number, conflicts: number }, errors: Array<{ __typename?: 'OperationError', path: string, message: string }> } };

export type InitializeDirectoriesMutationVariables = Exact<{
  fabricId: Scalars['ID']['input'];
  dryRun?: Scalars['Boolean']['input'];
}>;


export type InitializeDirectoriesMutation = { __typename?: 'Mutation', initializeDirectories: { __typename?: 'SyncOperation', details?: JsonValue | null, id: string, fabricId: string, direction: OperationDirection, trigger: OperationTrigger, status: OperationStatus, phase?: string | null, percent: number, message?: string | null, commitSha?: string | null, pullRequestUrl?: string | null, requestedBy?: string | null, dryRun: boolean, autoMerged: number, createdAt: DateTime, startedAt?: DateTime | null, finishedAt?: DateTime | null, counters: { __typename?: 'Counters', filesProcessed: number, created: number, updated: number, deleted: number, unchanged: number, conflicts: number }, errors: Array<{ __typename?: 'OperationError', path: string, message: string }> } };

export type CancelSyncOperationMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CancelSyncOperationMutation = { __typename?: 'Mutation', cancelSyncOperation: { __typename?: 'SyncOperation', id: string, fabricId: string, direction: OperationDirection, trigger: OperationTrigger, status: OperationStatus, phase?: string | null, percent: number, message?: string | null, commitSha?: string | null, pullRequestUrl?: string | null, requestedBy?: string | null, dryRun: boolean, autoMerged: number, createdAt: DateTime, startedAt?: DateTime | null, finishedAt?: DateTime | null, counters: { __typename?: 'Counters', filesProcessed: number, created: number, updated: number, deleted: number, unchanged: number, conflicts: number }, errors: Array<{ __typename?: 'OperationError', path: string, message: string }> } };

export type SyncProgressSubscriptionVariables = Exact<{
  operationId: Scalars['ID']['input'];
}>;


export type SyncProgressSubscription = { __typename?: 'Subscription', syncProgress: { __typename?: 'SyncProgress', operationId: string, status: OperationStatus, phase?: string | null, percent: number, message?: string | null, at: DateTime, counters: { __typename?: 'Counters', filesProcessed: number, created: number, updated: number, deleted: number, unchanged: number, conflicts: number } } };

export type SyncOperationsQueryVariables = Exact<{
  fabricId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  operationId?: Scalars['ID']['input'];
  withOperation?: Scalars['Boolean']['input'];
}>;


export type SyncOperationsQuery = { __typename?: 'Query', syncOperations: { __typename?: 'SyncOperationConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ __typename?: 'SyncOperation', id: string, fabricId: string, direction: OperationDirection, trigger: OperationTrigger, status: OperationStatus, phase?: string | null, percent: number, message?: string | null, commitSha?: string | null, pullRequestUrl?: string | null, requestedBy?: string | null, dryRun: boolean, autoMerged: number, createdAt: DateTime, startedAt?: DateTime | null, finishedAt?: DateTime | null, counters: { __typename?: 'Counters', filesProcessed: number, created: number, updated: number, deleted: number, unchanged: number, conflicts: number }, errors: Array<{ __typename?: 'OperationError', path: string, message: string }> }> }, fabrics: Array<{ __typename?: 'Fabric', id: string, name: string }>, syncOperation?: { __typename?: 'SyncOperation', details?: JsonValue | null, commitMessage?: string | null, id: string, fabricId: string, direction: OperationDirection, trigger: OperationTrigger, status: OperationStatus, phase?: string | null, percent: number, message?: string | null, commitSha?: string | null, pullRequestUrl?: string | null, requestedBy?: string | null, dryRun: boolean, autoMerged: number, createdAt: DateTime, startedAt?: DateTime | null, finishedAt?: DateTime | null, counters: { __typename?: 'Counters', filesProcessed: number, created: number, updated: number, deleted: number, unchanged: number, conflicts: number }, errors: Array<{ __typename?: 'OperationError', path: string, message: string }> } | null };

export type SyncOperationQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type SyncOperationQuery = { __typename?: 'Query', syncOperation?: { __typename?: 'SyncOperation', details?: JsonValue | null, commitMessage?: string | null, id: string, fabricId: string, direction: OperationDirection, trigger: OperationTrigger, status: OperationStatus, phase?: string | null, percent: number, message?: string | null, commitSha?: string | null, pullRequestUrl?: string | null, requestedBy?: string | null, dryRun: boolean, autoMerged: number, createdAt: DateTime, startedAt?: DateTime | null, finishedAt?: DateTime | null, phases: Array<{ __typename?: 'OperationPhase', phase: string, at: DateTime }>, convergence?: { __typename?: 'OperationConvergence', committedAt: DateTime, inClusterAt?: DateTime | null, appliedAt?: DateTime | null, switches: Array<string>, pendingSwitches: Array<string> } | null, counters: { __typename?: 'Counters', filesProcessed: number, created: number, updated: number, deleted: number, unchanged: number, conflicts: number }, errors: Array<{ __typename?: 'OperationError', path: string, message: string }> } | null, fabrics: Array<{ __typename?: 'Fabric', id: string, name: string, gitBranch?: string | null, openPullRequestUrl?: string | null, gitRepository?: { __typename?: 'GitRepository', id: string, url: string, provider: Provider, defaultBranch: string, writeMode: WriteMode } | null }> };

export type OperationEventsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type OperationEventsSubscription = { __typename?: 'Subscription', fabricEvents: { __typename?: 'FabricEvent', fabricId: string, kind: string, operationId?: string | null, at: DateTime } };

export type RevertOperationMutationVariables = Exact<{
  operationId: Scalars['ID']['input'];
  dryRun?: Scalars['Boolean']['input'];
}>;


export type RevertOperationMutation = { __typename?: 'Mutation', revertOperation: { __typename?: 'SyncOperation', details?: JsonValue | null, commitMessage?: string | null, id: string, fabricId: string, direction: OperationDirection, trigger: OperationTrigger, status: OperationStatus, phase?: string | null, percent: number, message?: string | null, commitSha?: string | null, pullRequestUrl?: string | null, requestedBy?: string | null, dryRun: boolean, autoMerged: number, createdAt: DateTime, startedAt?: DateTime | null, finishedAt?: DateTime | null, counters: { __typename?: 'Counters', filesProcessed: number, created: number, updated: number, deleted: number, unchanged: number, conflicts: number }, errors: Array<{ __typename?: 'OperationError', path: string, message: string }> } };

export type RevertCommitMutationVariables = Exact<{
  fabricId: Scalars['ID']['input'];
  commit: Scalars['String']['input'];
  dryRun?: Scalars['Boolean']['input'];
}>;


export type RevertCommitMutation = { __typename?: 'Mutation', revertCommit: { __typename?: 'SyncOperation', details?: JsonValue | null, commitMessage?: string | null, id: string, fabricId: string, direction: OperationDirection, trigger: OperationTrigger, status: OperationStatus, phase?: string | null, percent: number, message?: string | null, commitSha?: string | null, pullRequestUrl?: string | null, requestedBy?: string | null, dryRun: boolean, autoMerged: number, createdAt: DateTime, startedAt?: DateTime | null, finishedAt?: DateTime | null, counters: { __typename?: 'Counters', filesProcessed: number, created: number, updated: number, deleted: number, unchanged: number, conflicts: number }, errors: Array<{ __typename?: 'OperationError', path: string, message: string }> } };

export type PendingChangesQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type PendingChangesQuery = { __typename?: 'Query', fabric?: { __typename?: 'Fabric', id: string, name: string, pendingChanges: { __typename?: 'PendingChanges', resources: Array<{ __typename?: 'PendingResource', resourceId: string, kind: string, namespace: string, name: string, operation: DraftOperation, diff: string, problems: Array<{ __typename?: 'Problem', path: string, message: string }> }>, impact: { __typename?: 'Impact', switches: Array<string>, servers: Array<string>, vpcs: Array<string>, externals: Array<string>, gateways: Array<string>, connections: Array<string>, ports: Array<{ __typename?: 'SwitchPort', switch: string, port: string }> } } } | null };

export type RepositoryFieldsFragment = { __typename?: 'GitRepository', id: string, name: string, url: string, provider: Provider, authType: AuthType, hasCredentials: boolean, hasWebhookSecret: boolean, defaultBranch: string, writeMode: WriteMode, commitAuthorName: string, commitAuthorEmail: string, connectionStatus: ConnectionStatus, lastValidated?: DateTime | null, validationError?: string | null, sshHostKeys: Array<string>, fabrics: Array<{ __typename?: 'Fabric', id: string, name: string }> };

export type GitRepositoriesQueryVariables = Exact<{ [key: string]: never; }>;


export type GitRepositoriesQuery = { __typename?: 'Query', gitRepositories: Array<{ __typename?: 'GitRepository', id: string, name: string, url: string, provider: Provider, authType: AuthType, hasCredentials: boolean, hasWebhookSecret: boolean, defaultBranch: string, writeMode: WriteMode, commitAuthorName: string, commitAuthorEmail: string, connectionStatus: ConnectionStatus, lastValidated?: DateTime | null, validationError?: string | null, sshHostKeys: Array<string>, fabrics: Array<{ __typename?: 'Fabric', id: string, name: string }> }> };

export type CreateGitRepositoryMutationVariables = Exact<{
  input: CreateGitRepositoryInput;
}>;


export type CreateGitRepositoryMutation = { __typename?: 'Mutation', createGitRepository: { __typename?: 'GitRepository', id: string, name: string, url: string, provider: Provider, authType: AuthType, hasCredentials: boolean, hasWebhookSecret: boolean, defaultBranch: string, writeMode: WriteMode, commitAuthorName: string, commitAuthorEmail: string, connectionStatus: ConnectionStatus, lastValidated?: DateTime | null, validationError?: string | null, sshHostKeys: Array<string>, fabrics: Array<{ __typename?: 'Fabric', id: string, name: string }> } };

export type UpdateGitRepositoryMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: UpdateGitRepositoryInput;
}>;


export type UpdateGitRepositoryMutation = { __typename?: 'Mutation', updateGitRepository: { __typename?: 'GitRepository', id: string, name: string, url: string, provider: Provider, authType: AuthType, hasCredentials: boolean, hasWebhookSecret: boolean, defaultBranch: string, writeMode: WriteMode, commitAuthorName: string, commitAuthorEmail: string, connectionStatus: ConnectionStatus, lastValidated?: DateTime | null, validationError?: string | null, sshHostKeys: Array<string>, fabrics: Array<{ __typename?: 'Fabric', id: string, name: string }> } };

export type DeleteGitRepositoryMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteGitRepositoryMutation = { __typename?: 'Mutation', deleteGitRepository: boolean };

export type TestGitRepositoryConnectionMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type TestGitRepositoryConnectionMutation = { __typename?: 'Mutation', testGitRepositoryConnection: { __typename?: 'ConnectionTest', ok: boolean, url: string, defaultBranch?: string | null, branches: Array<string>, errorKind?: string | null, error?: string | null, repository: { __typename?: 'GitRepository', id: string, name: string, url: string, provider: Provider, authType: AuthType, hasCredentials: boolean, hasWebhookSecret: boolean, defaultBranch: string, writeMode: WriteMode, commitAuthorName: string, commitAuthorEmail: string, connectionStatus: ConnectionStatus, lastValidated?: DateTime | null, validationError?: string | null, sshHostKeys: Array<string>, fabrics: Array<{ __typename?: 'Fabric', id: string, name: string }> } } };

export type ResourceRowFieldsFragment = { __typename?: 'Resource', id: string, fabricId: string, kind: string, apiVersion: string, namespace: string, name: string, hasDraft: boolean, draftOperation?: DraftOperation | null, resourceState: ResourceState, driftStatus: DriftStatus, conflictStatus: ConflictStatus, lastFileSync?: DateTime | null, admissionErrors: Array<{ __typename?: 'Problem', path: string, message: string }> };

export type ResourcesQueryVariables = Exact<{
  fabricId?: InputMaybe<Scalars['ID']['input']>;
  kind?: InputMaybe<Scalars['String']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
  state?: InputMaybe<ResourceState>;
  driftStatus?: InputMaybe<DriftStatus>;
  conflictStatus?: InputMaybe<ConflictStatus>;
  hasDraft?: InputMaybe<Scalars['Boolean']['input']>;
  admission?: InputMaybe<AdmissionFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ResourcesQuery = { __typename?: 'Query', resources: { __typename?: 'ResourceConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ __typename?: 'Resource', id: string, fabricId: string, kind: string, apiVersion: string, namespace: string, name: string, hasDraft: boolean, draftOperation?: DraftOperation | null, resourceState: ResourceState, driftStatus: DriftStatus, conflictStatus: ConflictStatus, lastFileSync?: DateTime | null, admissionErrors: Array<{ __typename?: 'Problem', path: string, message: string }> }> } };

export type ResourceFieldsFragment = { __typename?: 'Resource', labels?: JsonValue | null, annotations?: JsonValue | null, desiredSpec?: JsonValue | null, desiredCommit?: string | null, desiredUpdated?: DateTime | null, draftSpec?: JsonValue | null, draftUpdated?: DateTime | null, draftUpdatedBy?: string | null, actualSpec?: JsonValue | null, actualStatus?: JsonValue | null, actualUpdated?: DateTime | null, managedFilePath?: string | null, fileHash?: string | null, syncDirection: SyncDirection, drift?: JsonValue | null, createdAt: DateTime, updatedAt: DateTime, id: string, fabricId: string, kind: string, apiVersion: string, namespace: string, name: string, hasDraft: boolean, draftOperation?: DraftOperation | null, resourceState: ResourceState, driftStatus: DriftStatus, conflictStatus: ConflictStatus, lastFileSync?: DateTime | null, validationErrors: Array<{ __typename?: 'Problem', path: string, message: string }>, admissionErrors: Array<{ __typename?: 'Problem', path: string, message: string }> };

export type ResourceQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ResourceQuery = { __typename?: 'Query', resource?: { __typename?: 'Resource', labels?: JsonValue | null, annotations?: JsonValue | null, desiredSpec?: JsonValue | null, desiredCommit?: string | null, desiredUpdated?: DateTime | null, draftSpec?: JsonValue | null, draftUpdated?: DateTime | null, draftUpdatedBy?: string | null, actualSpec?: JsonValue | null, actualStatus?: JsonValue | null, actualUpdated?: DateTime | null, managedFilePath?: string | null, fileHash?: string | null, syncDirection: SyncDirection, drift?: JsonValue | null, createdAt: DateTime, updatedAt: DateTime, id: string, fabricId: string, kind: string, apiVersion: string, namespace: string, name: string, hasDraft: boolean, draftOperation?: DraftOperation | null, resourceState: ResourceState, driftStatus: DriftStatus, conflictStatus: ConflictStatus, lastFileSync?: DateTime | null, fabric?: { __typename?: 'Fabric', id: string, name: string, gitBranch?: string | null, openPullRequestUrl?: string | null, gitRepository?: { __typename?: 'GitRepository', id: string, defaultBranch: string, writeMode: WriteMode } | null } | null, agent?: { __typename?: 'AgentStatus', state: AgentState, generation?: number | null, appliedGeneration?: number | null, lastHeartbeat?: DateTime | null } | null, validationErrors: Array<{ __typename?: 'Problem', path: string, message: string }>, admissionErrors: Array<{ __typename?: 'Problem', path: string, message: string }> } | null };

export type ResourceLinksQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ResourceLinksQuery = { __typename?: 'Query', resource?: { __typename?: 'Resource', id: string, references: Array<{ __typename?: 'ResourceLink', kind: string, name: string, path: string, resourceId?: string | null }>, referencedBy: Array<{ __typename?: 'ResourceLink', kind: string, name: string, path: string, resourceId?: string | null }> } | null };

export type UpdateResourceDraftMutationVariables = Exact<{
  resourceId: Scalars['ID']['input'];
  spec: Scalars['JSON']['input'];
}>;


export type UpdateResourceDraftMutation = { __typename?: 'Mutation', updateResourceDraft: { __typename?: 'DraftPayload', operation?: DraftOperation | null, warnings: Array<{ __typename?: 'Problem', path: string, message: string }>, resource?: { __typename?: 'Resource', labels?: JsonValue | null, annotations?: JsonValue | null, desiredSpec?: JsonValue | null, desiredCommit?: string | null, desiredUpdated?: DateTime | null, draftSpec?: JsonValue | null, draftUpdated?: DateTime | null, draftUpdatedBy?: string | null, actualSpec?: JsonValue | null, actualStatus?: JsonValue | null, actualUpdated?: DateTime | null, managedFilePath?: string | null, fileHash?: string | null, syncDirection: SyncDirection, drift?: JsonValue | null, createdAt: DateTime, updatedAt: DateTime, id: string, fabricId: string, kind: string, apiVersion: string, namespace: string, name: string, hasDraft: boolean, draftOperation?: DraftOperation | null, resourceState: ResourceState, driftStatus: DriftStatus, conflictStatus: ConflictStatus, lastFileSync?: DateTime | null, validationErrors: Array<{ __typename?: 'Problem', path: string, message: string }>, admissionErrors: Array<{ __typename?: 'Problem', path: string, message: string }> } | null } };

export type CreateResourceDraftMutationVariables = Exact<{
  fabricId: Scalars['ID']['input'];
  kind: Scalars['String']['input'];
  name: Scalars['String']['input'];
  namespace: Scalars['String']['input'];
  spec: Scalars['JSON']['input'];
}>;


export type CreateResourceDraftMutation = { __typename?: 'Mutation', createResourceDraft: { __typename?: 'DraftPayload', operation?: DraftOperation | null, warnings: Array<{ __typename?: 'Problem', path: string, message: string }>, resource?: { __typename?: 'Resource', labels?: JsonValue | null, annotations?: JsonValue | null, desiredSpec?: JsonValue | null, desiredCommit?: string | null, desiredUpdated?: DateTime | null, draftSpec?: JsonValue | null, draftUpdated?: DateTime | null, draftUpdatedBy?: string | null, actualSpec?: JsonValue | null, actualStatus?: JsonValue | null, actualUpdated?: DateTime | null, managedFilePath?: string | null, fileHash?: string | null, syncDirection: SyncDirection, drift?: JsonValue | null, createdAt: DateTime, updatedAt: DateTime, id: string, fabricId: string, kind: string, apiVersion: string, namespace: string, name: string, hasDraft: boolean, draftOperation?: DraftOperation | null, resourceState: ResourceState, driftStatus: DriftStatus, conflictStatus: ConflictStatus, lastFileSync?: DateTime | null, validationErrors: Array<{ __typename?: 'Problem', path: string, message: string }>, admissionErrors: Array<{ __typename?: 'Problem', path: string, message: string }> } | null } };

export type DeleteResourceDraftMutationVariables = Exact<{
  resourceId: Scalars['ID']['input'];
}>;


export type DeleteResourceDraftMutation = { __typename?: 'Mutation', deleteResourceDraft: { __typename?: 'DraftPayload', operation?: DraftOperation | null, warnings: Array<{ __typename?: 'Problem', path: string, message: string }>, resource?: { __typename?: 'Resource', labels?: JsonValue | null, annotations?: JsonValue | null, desiredSpec?: JsonValue | null, desiredCommit?: string | null, desiredUpdated?: DateTime | null, draftSpec?: JsonValue | null, draftUpdated?: DateTime | null, draftUpdatedBy?: string | null, actualSpec?: JsonValue | null, actualStatus?: JsonValue | null, actualUpdated?: DateTime | null, managedFilePath?: string | null, fileHash?: string | null, syncDirection: SyncDirection, drift?: JsonValue | null, createdAt: DateTime, updatedAt: DateTime, id: string, fabricId: string, kind: string, apiVersion: string, namespace: string, name: string, hasDraft: boolean, draftOperation?: DraftOperation | null, resourceState: ResourceState, driftStatus: DriftStatus, conflictStatus: ConflictStatus, lastFileSync?: DateTime | null, validationErrors: Array<{ __typename?: 'Problem', path: string, message: string }>, admissionErrors: Array<{ __typename?: 'Problem', path: string, message: string }> } | null } };

export type DiscardDraftMutationVariables = Exact<{
  resourceId: Scalars['ID']['input'];
}>;


export type DiscardDraftMutation = { __typename?: 'Mutation', discardDraft?: { __typename?: 'Resource', labels?: JsonValue | null, annotations?: JsonValue | null, desiredSpec?: JsonValue | null, desiredCommit?: string | null, desiredUpdated?: DateTime | null, draftSpec?: JsonValue | null, draftUpdated?: DateTime | null, draftUpdatedBy?: string | null, actualSpec?: JsonValue | null, actualStatus?: JsonValue | null, actualUpdated?: DateTime | null, managedFilePath?: string | null, fileHash?: string | null, syncDirection: SyncDirection, drift?: JsonValue | null, createdAt: DateTime, updatedAt: DateTime, id: string, fabricId: string, kind: string, apiVersion: string, namespace: string, name: string, hasDraft: boolean, draftOperation?: DraftOperation | null, resourceState: ResourceState, driftStatus: DriftStatus, conflictStatus: ConflictStatus, lastFileSync?: DateTime | null, validationErrors: Array<{ __typename?: 'Problem', path: string, message: string }>, admissionErrors: Array<{ __typename?: 'Problem', path: string, message: string }> } | null };

export type AdoptActualMutationVariables = Exact<{
  resourceId: Scalars['ID']['input'];
  paths?: InputMaybe<Array<Scalars['String']['input']> | Scalars['String']['input']>;
}>;


export type AdoptActualMutation = { __typename?: 'Mutation', adoptActual: { __typename?: 'DraftPayload', operation?: DraftOperation | null, warnings: Array<{ __typename?: 'Problem', path: string, message: string }> } };

export type KeepGitMutationVariables = Exact<{
  resourceId: Scalars['ID']['input'];
  paths?: InputMaybe<Array<Scalars['String']['input']> | Scalars['String']['input']>;
}>;


export type KeepGitMutation = { __typename?: 'Mutation', keepGit: { __typename?: 'Resource', id: string, drift?: JsonValue | null } };

export type AdoptOrphanMutationVariables = Exact<{
  resourceId: Scalars['ID']['input'];
}>;


export type AdoptOrphanMutation = { __typename?: 'Mutation', adoptOrphan: { __typename?: 'DraftPayload', operation?: DraftOperation | null, warnings: Array<{ __typename?: 'Problem', path: string, message: string }> } };

export type ResourceHistoryQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ResourceHistoryQuery = { __typename?: 'Query', resource?: { __typename?: 'Resource', id: string, history: { __typename?: 'ResourceEventConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ __typename?: 'ResourceEvent', kind: ResourceEventKind, at: DateTime, actor?: string | null, commit?: string | null, operationId?: string | null, message?: string | null, paths: Array<string> }> } } | null };

export type ResourceBlameQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ResourceBlameQuery = { __typename?: 'Query', resource?: { __typename?: 'Resource', id: string, desiredSpec?: JsonValue | null, blame: Array<{ __typename?: 'FieldBlame', path: string, commit?: string | null, author?: string | null, at?: DateTime | null, source?: BlameSource | null }> } | null };

export type ResourceCommitDiffQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  commit: Scalars['String']['input'];
}>;


export type ResourceCommitDiffQuery = { __typename?: 'Query', resource?: { __typename?: 'Resource', id: string, commitDiff?: Array<{ __typename?: 'FieldChange', path: string, before?: JsonValue | null, after?: JsonValue | null }> | null } | null };

export type FabricTopologyQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type FabricTopologyQuery = { __typename?: 'Query', fabric?: { __typename?: 'Fabric', id: string, name: string, pendingDrafts: number, topology: { __typename?: 'Topology', nodes: Array<{ __typename?: 'TopologyNode', id: string, kind: TopologyNodeKind, name: string, role?: string | null, state: TopologyState, groups: Array<string>, resourceId?: string | null, redundancyGroup?: { __typename?: 'RedundancyGroup', type: string, group: string } | null }>, links: Array<{ __typename?: 'TopologyLink', id: string, from: string, to: string, fromPort: string, toPort?: string | null, connection: string, kind: string, state: TopologyState, resourceId?: string | null }> } } | null, vpcs: { __typename?: 'ResourceConnection', totalCount: number, nodes: Array<{ __typename?: 'Resource', id: string, name: string }> } };

export type TopologyHighlightQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  vpc?: InputMaybe<Scalars['String']['input']>;
  withVpc: Scalars['Boolean']['input'];
  withImpact: Scalars['Boolean']['input'];
}>;


export type TopologyHighlightQuery = { __typename?: 'Query', fabric?: { __typename?: 'Fabric', id: string, vpcTopology?: { __typename?: 'Topology', nodes: Array<{ __typename?: 'TopologyNode', id: string }>, links: Array<{ __typename?: 'TopologyLink', id: string }> }, pendingChanges?: { __typename?: 'PendingChanges', impact: { __typename?: 'Impact', switches: Array<string>, servers: Array<string>, vpcs: Array<string>, externals: Array<string>, gateways: Array<string>, connections: Array<string>, ports: Array<{ __typename?: 'SwitchPort', switch: string, port: string }> } } } | null };

export const ApiTokenFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiTokenFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"session"}},{"kind":"Field","name":{"kind":"Name","value":"revoked"}},{"kind":"Field","name":{"kind":"Name","value":"current"}}]}}]} as unknown as DocumentNode<ApiTokenFieldsFragment, unknown>;
export const ConflictFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConflictFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conflict"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"resourceId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"baseSpec"}},{"kind":"Field","name":{"kind":"Name","value":"guiSpec"}},{"kind":"Field","name":{"kind":"Name","value":"gitSpec"}},{"kind":"Field","name":{"kind":"Name","value":"paths"}},{"kind":"Field","name":{"kind":"Name","value":"gitCommit"}},{"kind":"Field","name":{"kind":"Name","value":"syncOperationId"}},{"kind":"Field","name":{"kind":"Name","value":"resolution"}},{"kind":"Field","name":{"kind":"Name","value":"mergedSpec"}},{"kind":"Field","name":{"kind":"Name","value":"resolvedAt"}},{"kind":"Field","name":{"kind":"Name","value":"detectedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resource"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"conflictStatus"}},{"kind":"Field","name":{"kind":"Name","value":"hasDraft"}}]}}]}}]} as unknown as DocumentNode<ConflictFieldsFragment, unknown>;
export const OperationFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncOperation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"filesProcessed"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"conflicts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"commitSha"}},{"kind":"Field","name":{"kind":"Name","value":"pullRequestUrl"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"autoMerged"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]} as unknown as DocumentNode<OperationFieldsFragment, unknown>;
export const RepositoryFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepositoryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GitRepository"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"authType"}},{"kind":"Field","name":{"kind":"Name","value":"hasCredentials"}},{"kind":"Field","name":{"kind":"Name","value":"hasWebhookSecret"}},{"kind":"Field","name":{"kind":"Name","value":"defaultBranch"}},{"kind":"Field","name":{"kind":"Name","value":"writeMode"}},{"kind":"Field","name":{"kind":"Name","value":"commitAuthorName"}},{"kind":"Field","name":{"kind":"Name","value":"commitAuthorEmail"}},{"kind":"Field","name":{"kind":"Name","value":"connectionStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastValidated"}},{"kind":"Field","name":{"kind":"Name","value":"validationError"}},{"kind":"Field","name":{"kind":"Name","value":"sshHostKeys"}},{"kind":"Field","name":{"kind":"Name","value":"fabrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<RepositoryFieldsFragment, unknown>;
export const ResourceRowFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResourceRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Resource"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"apiVersion"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hasDraft"}},{"kind":"Field","name":{"kind":"Name","value":"draftOperation"}},{"kind":"Field","name":{"kind":"Name","value":"resourceState"}},{"kind":"Field","name":{"kind":"Name","value":"driftStatus"}},{"kind":"Field","name":{"kind":"Name","value":"conflictStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastFileSync"}},{"kind":"Field","name":{"kind":"Name","value":"admissionErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<ResourceRowFieldsFragment, unknown>;
export const ResourceFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResourceFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Resource"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ResourceRowFields"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"annotations"}},{"kind":"Field","name":{"kind":"Name","value":"desiredSpec"}},{"kind":"Field","name":{"kind":"Name","value":"desiredCommit"}},{"kind":"Field","name":{"kind":"Name","value":"desiredUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"draftSpec"}},{"kind":"Field","name":{"kind":"Name","value":"draftUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"draftUpdatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"actualSpec"}},{"kind":"Field","name":{"kind":"Name","value":"actualStatus"}},{"kind":"Field","name":{"kind":"Name","value":"actualUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"managedFilePath"}},{"kind":"Field","name":{"kind":"Name","value":"fileHash"}},{"kind":"Field","name":{"kind":"Name","value":"syncDirection"}},{"kind":"Field","name":{"kind":"Name","value":"drift"}},{"kind":"Field","name":{"kind":"Name","value":"validationErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResourceRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Resource"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"apiVersion"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hasDraft"}},{"kind":"Field","name":{"kind":"Name","value":"draftOperation"}},{"kind":"Field","name":{"kind":"Name","value":"resourceState"}},{"kind":"Field","name":{"kind":"Name","value":"driftStatus"}},{"kind":"Field","name":{"kind":"Name","value":"conflictStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastFileSync"}},{"kind":"Field","name":{"kind":"Name","value":"admissionErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<ResourceFieldsFragment, unknown>;
export const FeatureFlagsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FeatureFlags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"featureFlags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fabrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"featureFlags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}}]}}]}}]}}]} as unknown as DocumentNode<FeatureFlagsQuery, FeatureFlagsQueryVariables>;
export const SetFeatureFlagDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetFeatureFlag"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FeatureFlagKey"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"enabled"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setFeatureFlag"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}},{"kind":"Argument","name":{"kind":"Name","value":"enabled"},"value":{"kind":"Variable","name":{"kind":"Name","value":"enabled"}}},{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}}]}}]}}]} as unknown as DocumentNode<SetFeatureFlagMutation, SetFeatureFlagMutationVariables>;
export const UsersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Users"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"users"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"lastLoginAt"}}]}}]}}]} as unknown as DocumentNode<UsersQuery, UsersQueryVariables>;
export const CreateUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"role"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Role"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}},{"kind":"Argument","name":{"kind":"Name","value":"role"},"value":{"kind":"Variable","name":{"kind":"Name","value":"role"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"lastLoginAt"}}]}}]}}]} as unknown as DocumentNode<CreateUserMutation, CreateUserMutationVariables>;
export const UpdateUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"active"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"role"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Role"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"active"},"value":{"kind":"Variable","name":{"kind":"Name","value":"active"}}},{"kind":"Argument","name":{"kind":"Name","value":"role"},"value":{"kind":"Variable","name":{"kind":"Name","value":"role"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"lastLoginAt"}}]}}]}}]} as unknown as DocumentNode<UpdateUserMutation, UpdateUserMutationVariables>;
export const ApiTokensDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ApiTokens"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiTokens"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ApiTokenFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiTokenFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"session"}},{"kind":"Field","name":{"kind":"Name","value":"revoked"}},{"kind":"Field","name":{"kind":"Name","value":"current"}}]}}]} as unknown as DocumentNode<ApiTokensQuery, ApiTokensQueryVariables>;
export const CreateApiTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateApiToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createApiToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"apiToken"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ApiTokenFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiTokenFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"session"}},{"kind":"Field","name":{"kind":"Name","value":"revoked"}},{"kind":"Field","name":{"kind":"Name","value":"current"}}]}}]} as unknown as DocumentNode<CreateApiTokenMutation, CreateApiTokenMutationVariables>;
export const RevokeApiTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeApiToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeApiToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ApiTokenFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiTokenFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"session"}},{"kind":"Field","name":{"kind":"Name","value":"revoked"}},{"kind":"Field","name":{"kind":"Name","value":"current"}}]}}]} as unknown as DocumentNode<RevokeApiTokenMutation, RevokeApiTokenMutationVariables>;
export const AuditEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"actor"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"action"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"targetType"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"targetId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"actor"},"value":{"kind":"Variable","name":{"kind":"Name","value":"actor"}}},{"kind":"Argument","name":{"kind":"Name","value":"action"},"value":{"kind":"Variable","name":{"kind":"Name","value":"action"}}},{"kind":"Argument","name":{"kind":"Name","value":"targetType"},"value":{"kind":"Variable","name":{"kind":"Name","value":"targetType"}}},{"kind":"Argument","name":{"kind":"Name","value":"targetId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"targetId"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"targetType"}},{"kind":"Field","name":{"kind":"Name","value":"targetId"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"before"}},{"kind":"Field","name":{"kind":"Name","value":"after"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]}}]} as unknown as DocumentNode<AuditEventsQuery, AuditEventsQueryVariables>;
export const ClearFeatureFlagDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ClearFeatureFlag"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FeatureFlagKey"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clearFeatureFlag"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}},{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}}]}}]}}]} as unknown as DocumentNode<ClearFeatureFlagMutation, ClearFeatureFlagMutationVariables>;
export const LoginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]}}]} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const LogoutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Logout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logout"}}]}}]} as unknown as DocumentNode<LogoutMutation, LogoutMutationVariables>;
export const ConflictsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Conflicts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ConflictState"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"conflicts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConflictFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConflictFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conflict"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"resourceId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"baseSpec"}},{"kind":"Field","name":{"kind":"Name","value":"guiSpec"}},{"kind":"Field","name":{"kind":"Name","value":"gitSpec"}},{"kind":"Field","name":{"kind":"Name","value":"paths"}},{"kind":"Field","name":{"kind":"Name","value":"gitCommit"}},{"kind":"Field","name":{"kind":"Name","value":"syncOperationId"}},{"kind":"Field","name":{"kind":"Name","value":"resolution"}},{"kind":"Field","name":{"kind":"Name","value":"mergedSpec"}},{"kind":"Field","name":{"kind":"Name","value":"resolvedAt"}},{"kind":"Field","name":{"kind":"Name","value":"detectedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resource"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"conflictStatus"}},{"kind":"Field","name":{"kind":"Name","value":"hasDraft"}}]}}]}}]} as unknown as DocumentNode<ConflictsQuery, ConflictsQueryVariables>;
export const ResolveConflictDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResolveConflict"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"conflictId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"strategy"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Resolution"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"mergedSpec"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"JSON"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resolveConflict"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"conflictId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"conflictId"}}},{"kind":"Argument","name":{"kind":"Name","value":"strategy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"strategy"}}},{"kind":"Argument","name":{"kind":"Name","value":"mergedSpec"},"value":{"kind":"Variable","name":{"kind":"Name","value":"mergedSpec"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConflictFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConflictFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conflict"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"resourceId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"baseSpec"}},{"kind":"Field","name":{"kind":"Name","value":"guiSpec"}},{"kind":"Field","name":{"kind":"Name","value":"gitSpec"}},{"kind":"Field","name":{"kind":"Name","value":"paths"}},{"kind":"Field","name":{"kind":"Name","value":"gitCommit"}},{"kind":"Field","name":{"kind":"Name","value":"syncOperationId"}},{"kind":"Field","name":{"kind":"Name","value":"resolution"}},{"kind":"Field","name":{"kind":"Name","value":"mergedSpec"}},{"kind":"Field","name":{"kind":"Name","value":"resolvedAt"}},{"kind":"Field","name":{"kind":"Name","value":"detectedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resource"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"conflictStatus"}},{"kind":"Field","name":{"kind":"Name","value":"hasDraft"}}]}}]}}]} as unknown as DocumentNode<ResolveConflictMutation, ResolveConflictMutationVariables>;
export const DriftIgnoreRulesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DriftIgnoreRules"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"driftIgnoreRules"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"ignoredPaths"}}]}}]}}]} as unknown as DocumentNode<DriftIgnoreRulesQuery, DriftIgnoreRulesQueryVariables>;
export const AddDriftIgnoreRuleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddDriftIgnoreRule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"path"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addDriftIgnoreRule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"path"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<AddDriftIgnoreRuleMutation, AddDriftIgnoreRuleMutationVariables>;
export const RemoveDriftIgnoreRuleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveDriftIgnoreRule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"path"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeDriftIgnoreRule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"path"}}}]}]}}]} as unknown as DocumentNode<RemoveDriftIgnoreRuleMutation, RemoveDriftIgnoreRuleMutationVariables>;
export const FabricsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Fabrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fabrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"gitopsDirectory"}},{"kind":"Field","name":{"kind":"Name","value":"gitBranch"}},{"kind":"Field","name":{"kind":"Name","value":"gitRepository"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"Field","name":{"kind":"Name","value":"syncStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastSync"}},{"kind":"Field","name":{"kind":"Name","value":"driftCount"}},{"kind":"Field","name":{"kind":"Name","value":"openConflicts"}},{"kind":"Field","name":{"kind":"Name","value":"pendingDrafts"}},{"kind":"Field","name":{"kind":"Name","value":"resourceCount"}}]}}]}}]} as unknown as DocumentNode<FabricsQuery, FabricsQueryVariables>;
export const FabricDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Fabric"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fabric"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"gitopsDirectory"}},{"kind":"Field","name":{"kind":"Name","value":"gitBranch"}},{"kind":"Field","name":{"kind":"Name","value":"desiredStateCommit"}},{"kind":"Field","name":{"kind":"Name","value":"remoteHeadCommit"}},{"kind":"Field","name":{"kind":"Name","value":"directoryStatus"}},{"kind":"Field","name":{"kind":"Name","value":"syncIntervalSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"syncStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastSync"}},{"kind":"Field","name":{"kind":"Name","value":"driftCount"}},{"kind":"Field","name":{"kind":"Name","value":"actualOnlyCount"}},{"kind":"Field","name":{"kind":"Name","value":"invalidResources"}},{"kind":"Field","name":{"kind":"Name","value":"openConflicts"}},{"kind":"Field","name":{"kind":"Name","value":"pendingDrafts"}},{"kind":"Field","name":{"kind":"Name","value":"resourceCount"}},{"kind":"Field","name":{"kind":"Name","value":"clusterConfigured"}},{"kind":"Field","name":{"kind":"Name","value":"clusterSimulated"}},{"kind":"Field","name":{"kind":"Name","value":"lastClusterRead"}},{"kind":"Field","name":{"kind":"Name","value":"clusterWarnings"}},{"kind":"Field","name":{"kind":"Name","value":"kubernetesServer"}},{"kind":"Field","name":{"kind":"Name","value":"kubernetesNamespace"}},{"kind":"Field","name":{"kind":"Name","value":"kubernetesCaCert"}},{"kind":"Field","name":{"kind":"Name","value":"kubernetesInsecureSkipTlsVerify"}},{"kind":"Field","name":{"kind":"Name","value":"hasKubernetesToken"}},{"kind":"Field","name":{"kind":"Name","value":"usesKubeconfig"}},{"kind":"Field","name":{"kind":"Name","value":"kubeconfigContext"}},{"kind":"Field","name":{"kind":"Name","value":"fileErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"featureFlags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}}]}},{"kind":"Field","name":{"kind":"Name","value":"openPullRequestUrl"}},{"kind":"Field","name":{"kind":"Name","value":"gitRepository"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"defaultBranch"}},{"kind":"Field","name":{"kind":"Name","value":"connectionStatus"}},{"kind":"Field","name":{"kind":"Name","value":"writeMode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"syncOperations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncOperation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"filesProcessed"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"conflicts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"commitSha"}},{"kind":"Field","name":{"kind":"Name","value":"pullRequestUrl"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"autoMerged"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]} as unknown as DocumentNode<FabricQuery, FabricQueryVariables>;
export const FabricEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"FabricEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fabricEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<FabricEventsSubscription, FabricEventsSubscriptionVariables>;
export const UpdateFabricDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateFabric"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateFabricInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateFabric"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"gitRepository"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateFabricMutation, UpdateFabricMutationVariables>;
export const TestFabricClusterConnectionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TestFabricClusterConnection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"testFabricClusterConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"server"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"serverVersion"}},{"kind":"Field","name":{"kind":"Name","value":"kinds"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"apiVersion"}},{"kind":"Field","name":{"kind":"Name","value":"installed"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]} as unknown as DocumentNode<TestFabricClusterConnectionMutation, TestFabricClusterConnectionMutationVariables>;
export const NotificationTargetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NotificationTargets"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationTargets"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"hasSecret"}},{"kind":"Field","name":{"kind":"Name","value":"events"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"notificationDeliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"targetId"}},{"kind":"Field","name":{"kind":"Name","value":"event"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"attemptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}}]}}]}}]} as unknown as DocumentNode<NotificationTargetsQuery, NotificationTargetsQueryVariables>;
export const AddNotificationTargetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddNotificationTarget"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationKind"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"url"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"secret"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"events"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addNotificationTarget"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"url"},"value":{"kind":"Variable","name":{"kind":"Name","value":"url"}}},{"kind":"Argument","name":{"kind":"Name","value":"secret"},"value":{"kind":"Variable","name":{"kind":"Name","value":"secret"}}},{"kind":"Argument","name":{"kind":"Name","value":"events"},"value":{"kind":"Variable","name":{"kind":"Name","value":"events"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<AddNotificationTargetMutation, AddNotificationTargetMutationVariables>;
export const RemoveNotificationTargetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveNotificationTarget"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeNotificationTarget"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<RemoveNotificationTargetMutation, RemoveNotificationTargetMutationVariables>;
export const TestNotificationTargetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TestNotificationTarget"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"testNotificationTarget"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]} as unknown as DocumentNode<TestNotificationTargetMutation, TestNotificationTargetMutationVariables>;
export const TriggerSyncDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TriggerSync"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"direction"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TriggerDirection"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dryRun"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"triggerSync"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}},{"kind":"Argument","name":{"kind":"Name","value":"direction"},"value":{"kind":"Variable","name":{"kind":"Name","value":"direction"}}},{"kind":"Argument","name":{"kind":"Name","value":"dryRun"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dryRun"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncOperation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"filesProcessed"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"conflicts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"commitSha"}},{"kind":"Field","name":{"kind":"Name","value":"pullRequestUrl"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"autoMerged"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]} as unknown as DocumentNode<TriggerSyncMutation, TriggerSyncMutationVariables>;
export const InitializeDirectoriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"InitializeDirectories"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dryRun"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"initializeDirectories"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}},{"kind":"Argument","name":{"kind":"Name","value":"dryRun"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dryRun"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationFields"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncOperation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"filesProcessed"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"conflicts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"commitSha"}},{"kind":"Field","name":{"kind":"Name","value":"pullRequestUrl"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"autoMerged"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]} as unknown as DocumentNode<InitializeDirectoriesMutation, InitializeDirectoriesMutationVariables>;
export const CancelSyncOperationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelSyncOperation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelSyncOperation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncOperation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"filesProcessed"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"conflicts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"commitSha"}},{"kind":"Field","name":{"kind":"Name","value":"pullRequestUrl"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"autoMerged"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]} as unknown as DocumentNode<CancelSyncOperationMutation, CancelSyncOperationMutationVariables>;
export const SyncProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"SyncProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"operationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"operationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"operationId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"filesProcessed"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"conflicts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<SyncProgressSubscription, SyncProgressSubscriptionVariables>;
export const SyncOperationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SyncOperations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"operationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},"defaultValue":{"kind":"StringValue","value":"0","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"withOperation"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncOperations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"fabrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"syncOperation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"operationId"}}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"withOperation"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationFields"}},{"kind":"Field","name":{"kind":"Name","value":"details"}},{"kind":"Field","name":{"kind":"Name","value":"commitMessage"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncOperation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"filesProcessed"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"conflicts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"commitSha"}},{"kind":"Field","name":{"kind":"Name","value":"pullRequestUrl"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"autoMerged"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]} as unknown as DocumentNode<SyncOperationsQuery, SyncOperationsQueryVariables>;
export const SyncOperationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SyncOperation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncOperation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationFields"}},{"kind":"Field","name":{"kind":"Name","value":"details"}},{"kind":"Field","name":{"kind":"Name","value":"commitMessage"}},{"kind":"Field","name":{"kind":"Name","value":"phases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}},{"kind":"Field","name":{"kind":"Name","value":"convergence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"committedAt"}},{"kind":"Field","name":{"kind":"Name","value":"inClusterAt"}},{"kind":"Field","name":{"kind":"Name","value":"appliedAt"}},{"kind":"Field","name":{"kind":"Name","value":"switches"}},{"kind":"Field","name":{"kind":"Name","value":"pendingSwitches"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"fabrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"gitBranch"}},{"kind":"Field","name":{"kind":"Name","value":"openPullRequestUrl"}},{"kind":"Field","name":{"kind":"Name","value":"gitRepository"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"defaultBranch"}},{"kind":"Field","name":{"kind":"Name","value":"writeMode"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncOperation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"filesProcessed"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"conflicts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"commitSha"}},{"kind":"Field","name":{"kind":"Name","value":"pullRequestUrl"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"autoMerged"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]} as unknown as DocumentNode<SyncOperationQuery, SyncOperationQueryVariables>;
export const OperationEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"OperationEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fabricEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<OperationEventsSubscription, OperationEventsSubscriptionVariables>;
export const RevertOperationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevertOperation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"operationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dryRun"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revertOperation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"operationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"operationId"}}},{"kind":"Argument","name":{"kind":"Name","value":"dryRun"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dryRun"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationFields"}},{"kind":"Field","name":{"kind":"Name","value":"details"}},{"kind":"Field","name":{"kind":"Name","value":"commitMessage"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncOperation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"filesProcessed"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"conflicts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"commitSha"}},{"kind":"Field","name":{"kind":"Name","value":"pullRequestUrl"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"autoMerged"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]} as unknown as DocumentNode<RevertOperationMutation, RevertOperationMutationVariables>;
export const RevertCommitDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevertCommit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"commit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dryRun"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revertCommit"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}},{"kind":"Argument","name":{"kind":"Name","value":"commit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"commit"}}},{"kind":"Argument","name":{"kind":"Name","value":"dryRun"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dryRun"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationFields"}},{"kind":"Field","name":{"kind":"Name","value":"details"}},{"kind":"Field","name":{"kind":"Name","value":"commitMessage"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncOperation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"filesProcessed"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"conflicts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"commitSha"}},{"kind":"Field","name":{"kind":"Name","value":"pullRequestUrl"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"autoMerged"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]} as unknown as DocumentNode<RevertCommitMutation, RevertCommitMutationVariables>;
export const PendingChangesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PendingChanges"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fabric"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"pendingChanges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resourceId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"operation"}},{"kind":"Field","name":{"kind":"Name","value":"diff"}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"impact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"switches"}},{"kind":"Field","name":{"kind":"Name","value":"ports"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"switch"}},{"kind":"Field","name":{"kind":"Name","value":"port"}}]}},{"kind":"Field","name":{"kind":"Name","value":"servers"}},{"kind":"Field","name":{"kind":"Name","value":"vpcs"}},{"kind":"Field","name":{"kind":"Name","value":"externals"}},{"kind":"Field","name":{"kind":"Name","value":"gateways"}},{"kind":"Field","name":{"kind":"Name","value":"connections"}}]}}]}}]}}]}}]} as unknown as DocumentNode<PendingChangesQuery, PendingChangesQueryVariables>;
export const GitRepositoriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GitRepositories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"gitRepositories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RepositoryFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepositoryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GitRepository"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"authType"}},{"kind":"Field","name":{"kind":"Name","value":"hasCredentials"}},{"kind":"Field","name":{"kind":"Name","value":"hasWebhookSecret"}},{"kind":"Field","name":{"kind":"Name","value":"defaultBranch"}},{"kind":"Field","name":{"kind":"Name","value":"writeMode"}},{"kind":"Field","name":{"kind":"Name","value":"commitAuthorName"}},{"kind":"Field","name":{"kind":"Name","value":"commitAuthorEmail"}},{"kind":"Field","name":{"kind":"Name","value":"connectionStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastValidated"}},{"kind":"Field","name":{"kind":"Name","value":"validationError"}},{"kind":"Field","name":{"kind":"Name","value":"sshHostKeys"}},{"kind":"Field","name":{"kind":"Name","value":"fabrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<GitRepositoriesQuery, GitRepositoriesQueryVariables>;
export const CreateGitRepositoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateGitRepository"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateGitRepositoryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createGitRepository"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RepositoryFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepositoryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GitRepository"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"authType"}},{"kind":"Field","name":{"kind":"Name","value":"hasCredentials"}},{"kind":"Field","name":{"kind":"Name","value":"hasWebhookSecret"}},{"kind":"Field","name":{"kind":"Name","value":"defaultBranch"}},{"kind":"Field","name":{"kind":"Name","value":"writeMode"}},{"kind":"Field","name":{"kind":"Name","value":"commitAuthorName"}},{"kind":"Field","name":{"kind":"Name","value":"commitAuthorEmail"}},{"kind":"Field","name":{"kind":"Name","value":"connectionStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastValidated"}},{"kind":"Field","name":{"kind":"Name","value":"validationError"}},{"kind":"Field","name":{"kind":"Name","value":"sshHostKeys"}},{"kind":"Field","name":{"kind":"Name","value":"fabrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<CreateGitRepositoryMutation, CreateGitRepositoryMutationVariables>;
export const UpdateGitRepositoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateGitRepository"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateGitRepositoryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateGitRepository"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RepositoryFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepositoryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GitRepository"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"authType"}},{"kind":"Field","name":{"kind":"Name","value":"hasCredentials"}},{"kind":"Field","name":{"kind":"Name","value":"hasWebhookSecret"}},{"kind":"Field","name":{"kind":"Name","value":"defaultBranch"}},{"kind":"Field","name":{"kind":"Name","value":"writeMode"}},{"kind":"Field","name":{"kind":"Name","value":"commitAuthorName"}},{"kind":"Field","name":{"kind":"Name","value":"commitAuthorEmail"}},{"kind":"Field","name":{"kind":"Name","value":"connectionStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastValidated"}},{"kind":"Field","name":{"kind":"Name","value":"validationError"}},{"kind":"Field","name":{"kind":"Name","value":"sshHostKeys"}},{"kind":"Field","name":{"kind":"Name","value":"fabrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<UpdateGitRepositoryMutation, UpdateGitRepositoryMutationVariables>;
export const DeleteGitRepositoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteGitRepository"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteGitRepository"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeleteGitRepositoryMutation, DeleteGitRepositoryMutationVariables>;
export const TestGitRepositoryConnectionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TestGitRepositoryConnection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"testGitRepositoryConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"defaultBranch"}},{"kind":"Field","name":{"kind":"Name","value":"branches"}},{"kind":"Field","name":{"kind":"Name","value":"errorKind"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"repository"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RepositoryFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepositoryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GitRepository"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"authType"}},{"kind":"Field","name":{"kind":"Name","value":"hasCredentials"}},{"kind":"Field","name":{"kind":"Name","value":"hasWebhookSecret"}},{"kind":"Field","name":{"kind":"Name","value":"defaultBranch"}},{"kind":"Field","name":{"kind":"Name","value":"writeMode"}},{"kind":"Field","name":{"kind":"Name","value":"commitAuthorName"}},{"kind":"Field","name":{"kind":"Name","value":"commitAuthorEmail"}},{"kind":"Field","name":{"kind":"Name","value":"connectionStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastValidated"}},{"kind":"Field","name":{"kind":"Name","value":"validationError"}},{"kind":"Field","name":{"kind":"Name","value":"sshHostKeys"}},{"kind":"Field","name":{"kind":"Name","value":"fabrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<TestGitRepositoryConnectionMutation, TestGitRepositoryConnectionMutationVariables>;
export const ResourcesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Resources"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"state"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ResourceState"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"driftStatus"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DriftStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"conflictStatus"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ConflictStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"hasDraft"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"admission"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AdmissionFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resources"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"state"},"value":{"kind":"Variable","name":{"kind":"Name","value":"state"}}},{"kind":"Argument","name":{"kind":"Name","value":"driftStatus"},"value":{"kind":"Variable","name":{"kind":"Name","value":"driftStatus"}}},{"kind":"Argument","name":{"kind":"Name","value":"conflictStatus"},"value":{"kind":"Variable","name":{"kind":"Name","value":"conflictStatus"}}},{"kind":"Argument","name":{"kind":"Name","value":"hasDraft"},"value":{"kind":"Variable","name":{"kind":"Name","value":"hasDraft"}}},{"kind":"Argument","name":{"kind":"Name","value":"admission"},"value":{"kind":"Variable","name":{"kind":"Name","value":"admission"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ResourceRowFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResourceRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Resource"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"apiVersion"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hasDraft"}},{"kind":"Field","name":{"kind":"Name","value":"draftOperation"}},{"kind":"Field","name":{"kind":"Name","value":"resourceState"}},{"kind":"Field","name":{"kind":"Name","value":"driftStatus"}},{"kind":"Field","name":{"kind":"Name","value":"conflictStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastFileSync"}},{"kind":"Field","name":{"kind":"Name","value":"admissionErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<ResourcesQuery, ResourcesQueryVariables>;
export const ResourceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Resource"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resource"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ResourceFields"}},{"kind":"Field","name":{"kind":"Name","value":"fabric"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"gitBranch"}},{"kind":"Field","name":{"kind":"Name","value":"openPullRequestUrl"}},{"kind":"Field","name":{"kind":"Name","value":"gitRepository"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"defaultBranch"}},{"kind":"Field","name":{"kind":"Name","value":"writeMode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"generation"}},{"kind":"Field","name":{"kind":"Name","value":"appliedGeneration"}},{"kind":"Field","name":{"kind":"Name","value":"lastHeartbeat"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResourceRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Resource"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"apiVersion"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hasDraft"}},{"kind":"Field","name":{"kind":"Name","value":"draftOperation"}},{"kind":"Field","name":{"kind":"Name","value":"resourceState"}},{"kind":"Field","name":{"kind":"Name","value":"driftStatus"}},{"kind":"Field","name":{"kind":"Name","value":"conflictStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastFileSync"}},{"kind":"Field","name":{"kind":"Name","value":"admissionErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResourceFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Resource"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ResourceRowFields"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"annotations"}},{"kind":"Field","name":{"kind":"Name","value":"desiredSpec"}},{"kind":"Field","name":{"kind":"Name","value":"desiredCommit"}},{"kind":"Field","name":{"kind":"Name","value":"desiredUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"draftSpec"}},{"kind":"Field","name":{"kind":"Name","value":"draftUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"draftUpdatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"actualSpec"}},{"kind":"Field","name":{"kind":"Name","value":"actualStatus"}},{"kind":"Field","name":{"kind":"Name","value":"actualUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"managedFilePath"}},{"kind":"Field","name":{"kind":"Name","value":"fileHash"}},{"kind":"Field","name":{"kind":"Name","value":"syncDirection"}},{"kind":"Field","name":{"kind":"Name","value":"drift"}},{"kind":"Field","name":{"kind":"Name","value":"validationErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ResourceQuery, ResourceQueryVariables>;
export const ResourceLinksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ResourceLinks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resource"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"references"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"resourceId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"referencedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"resourceId"}}]}}]}}]}}]} as unknown as DocumentNode<ResourceLinksQuery, ResourceLinksQueryVariables>;
export const UpdateResourceDraftDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateResourceDraft"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"resourceId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"spec"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JSON"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateResourceDraft"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"resourceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"resourceId"}}},{"kind":"Argument","name":{"kind":"Name","value":"spec"},"value":{"kind":"Variable","name":{"kind":"Name","value":"spec"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operation"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"resource"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ResourceFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResourceRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Resource"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"apiVersion"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hasDraft"}},{"kind":"Field","name":{"kind":"Name","value":"draftOperation"}},{"kind":"Field","name":{"kind":"Name","value":"resourceState"}},{"kind":"Field","name":{"kind":"Name","value":"driftStatus"}},{"kind":"Field","name":{"kind":"Name","value":"conflictStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastFileSync"}},{"kind":"Field","name":{"kind":"Name","value":"admissionErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResourceFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Resource"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ResourceRowFields"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"annotations"}},{"kind":"Field","name":{"kind":"Name","value":"desiredSpec"}},{"kind":"Field","name":{"kind":"Name","value":"desiredCommit"}},{"kind":"Field","name":{"kind":"Name","value":"desiredUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"draftSpec"}},{"kind":"Field","name":{"kind":"Name","value":"draftUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"draftUpdatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"actualSpec"}},{"kind":"Field","name":{"kind":"Name","value":"actualStatus"}},{"kind":"Field","name":{"kind":"Name","value":"actualUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"managedFilePath"}},{"kind":"Field","name":{"kind":"Name","value":"fileHash"}},{"kind":"Field","name":{"kind":"Name","value":"syncDirection"}},{"kind":"Field","name":{"kind":"Name","value":"drift"}},{"kind":"Field","name":{"kind":"Name","value":"validationErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<UpdateResourceDraftMutation, UpdateResourceDraftMutationVariables>;
export const CreateResourceDraftDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateResourceDraft"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"namespace"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"spec"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JSON"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createResourceDraft"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fabricId"}}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"namespace"},"value":{"kind":"Variable","name":{"kind":"Name","value":"namespace"}}},{"kind":"Argument","name":{"kind":"Name","value":"spec"},"value":{"kind":"Variable","name":{"kind":"Name","value":"spec"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operation"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"resource"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ResourceFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResourceRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Resource"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"apiVersion"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hasDraft"}},{"kind":"Field","name":{"kind":"Name","value":"draftOperation"}},{"kind":"Field","name":{"kind":"Name","value":"resourceState"}},{"kind":"Field","name":{"kind":"Name","value":"driftStatus"}},{"kind":"Field","name":{"kind":"Name","value":"conflictStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastFileSync"}},{"kind":"Field","name":{"kind":"Name","value":"admissionErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResourceFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Resource"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ResourceRowFields"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"annotations"}},{"kind":"Field","name":{"kind":"Name","value":"desiredSpec"}},{"kind":"Field","name":{"kind":"Name","value":"desiredCommit"}},{"kind":"Field","name":{"kind":"Name","value":"desiredUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"draftSpec"}},{"kind":"Field","name":{"kind":"Name","value":"draftUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"draftUpdatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"actualSpec"}},{"kind":"Field","name":{"kind":"Name","value":"actualStatus"}},{"kind":"Field","name":{"kind":"Name","value":"actualUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"managedFilePath"}},{"kind":"Field","name":{"kind":"Name","value":"fileHash"}},{"kind":"Field","name":{"kind":"Name","value":"syncDirection"}},{"kind":"Field","name":{"kind":"Name","value":"drift"}},{"kind":"Field","name":{"kind":"Name","value":"validationErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CreateResourceDraftMutation, CreateResourceDraftMutationVariables>;
export const DeleteResourceDraftDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteResourceDraft"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"resourceId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteResourceDraft"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"resourceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"resourceId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operation"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"resource"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ResourceFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResourceRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Resource"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"apiVersion"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hasDraft"}},{"kind":"Field","name":{"kind":"Name","value":"draftOperation"}},{"kind":"Field","name":{"kind":"Name","value":"resourceState"}},{"kind":"Field","name":{"kind":"Name","value":"driftStatus"}},{"kind":"Field","name":{"kind":"Name","value":"conflictStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastFileSync"}},{"kind":"Field","name":{"kind":"Name","value":"admissionErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResourceFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Resource"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ResourceRowFields"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"annotations"}},{"kind":"Field","name":{"kind":"Name","value":"desiredSpec"}},{"kind":"Field","name":{"kind":"Name","value":"desiredCommit"}},{"kind":"Field","name":{"kind":"Name","value":"desiredUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"draftSpec"}},{"kind":"Field","name":{"kind":"Name","value":"draftUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"draftUpdatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"actualSpec"}},{"kind":"Field","name":{"kind":"Name","value":"actualStatus"}},{"kind":"Field","name":{"kind":"Name","value":"actualUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"managedFilePath"}},{"kind":"Field","name":{"kind":"Name","value":"fileHash"}},{"kind":"Field","name":{"kind":"Name","value":"syncDirection"}},{"kind":"Field","name":{"kind":"Name","value":"drift"}},{"kind":"Field","name":{"kind":"Name","value":"validationErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<DeleteResourceDraftMutation, DeleteResourceDraftMutationVariables>;
export const DiscardDraftDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DiscardDraft"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"resourceId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"discardDraft"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"resourceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"resourceId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ResourceFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResourceRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Resource"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fabricId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"apiVersion"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hasDraft"}},{"kind":"Field","name":{"kind":"Name","value":"draftOperation"}},{"kind":"Field","name":{"kind":"Name","value":"resourceState"}},{"kind":"Field","name":{"kind":"Name","value":"driftStatus"}},{"kind":"Field","name":{"kind":"Name","value":"conflictStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastFileSync"}},{"kind":"Field","name":{"kind":"Name","value":"admissionErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResourceFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Resource"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ResourceRowFields"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"annotations"}},{"kind":"Field","name":{"kind":"Name","value":"desiredSpec"}},{"kind":"Field","name":{"kind":"Name","value":"desiredCommit"}},{"kind":"Field","name":{"kind":"Name","value":"desiredUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"draftSpec"}},{"kind":"Field","name":{"kind":"Name","value":"draftUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"draftUpdatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"actualSpec"}},{"kind":"Field","name":{"kind":"Name","value":"actualStatus"}},{"kind":"Field","name":{"kind":"Name","value":"actualUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"managedFilePath"}},{"kind":"Field","name":{"kind":"Name","value":"fileHash"}},{"kind":"Field","name":{"kind":"Name","value":"syncDirection"}},{"kind":"Field","name":{"kind":"Name","value":"drift"}},{"kind":"Field","name":{"kind":"Name","value":"validationErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<DiscardDraftMutation, DiscardDraftMutationVariables>;
export const AdoptActualDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdoptActual"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"resourceId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"paths"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adoptActual"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"resourceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"resourceId"}}},{"kind":"Argument","name":{"kind":"Name","value":"paths"},"value":{"kind":"Variable","name":{"kind":"Name","value":"paths"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operation"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<AdoptActualMutation, AdoptActualMutationVariables>;
export const KeepGitDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"KeepGit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"resourceId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"paths"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"keepGit"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"resourceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"resourceId"}}},{"kind":"Argument","name":{"kind":"Name","value":"paths"},"value":{"kind":"Variable","name":{"kind":"Name","value":"paths"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"drift"}}]}}]}}]} as unknown as DocumentNode<KeepGitMutation, KeepGitMutationVariables>;
export const AdoptOrphanDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdoptOrphan"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"resourceId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adoptOrphan"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"resourceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"resourceId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operation"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<AdoptOrphanMutation, AdoptOrphanMutationVariables>;
export const ResourceHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ResourceHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resource"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"history"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"commit"}},{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"paths"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ResourceHistoryQuery, ResourceHistoryQueryVariables>;
export const ResourceBlameDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ResourceBlame"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resource"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"desiredSpec"}},{"kind":"Field","name":{"kind":"Name","value":"blame"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"commit"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]}}]}}]} as unknown as DocumentNode<ResourceBlameQuery, ResourceBlameQueryVariables>;
export const ResourceCommitDiffDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ResourceCommitDiff"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"commit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resource"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"commitDiff"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"commit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"commit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"before"}},{"kind":"Field","name":{"kind":"Name","value":"after"}}]}}]}}]}}]} as unknown as DocumentNode<ResourceCommitDiffQuery, ResourceCommitDiffQueryVariables>;
export const FabricTopologyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FabricTopology"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fabric"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"pendingDrafts"}},{"kind":"Field","name":{"kind":"Name","value":"topology"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"groups"}},{"kind":"Field","name":{"kind":"Name","value":"redundancyGroup"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"group"}}]}},{"kind":"Field","name":{"kind":"Name","value":"resourceId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"links"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"fromPort"}},{"kind":"Field","name":{"kind":"Name","value":"toPort"}},{"kind":"Field","name":{"kind":"Name","value":"connection"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"resourceId"}}]}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"vpcs"},"name":{"kind":"Name","value":"resources"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fabricId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"StringValue","value":"VPC","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"500"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<FabricTopologyQuery, FabricTopologyQueryVariables>;
export const TopologyHighlightDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TopologyHighlight"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"vpc"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"withVpc"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"withImpact"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fabric"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","alias":{"kind":"Name","value":"vpcTopology"},"name":{"kind":"Name","value":"topology"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"vpc"},"value":{"kind":"Variable","name":{"kind":"Name","value":"vpc"}}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"withVpc"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"links"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pendingChanges"},"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"withImpact"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"impact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"switches"}},{"kind":"Field","name":{"kind":"Name","value":"ports"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"switch"}},{"kind":"Field","name":{"kind":"Name","value":"port"}}]}},{"kind":"Field","name":{"kind":"Name","value":"servers"}},{"kind":"Field","name":{"kind":"Name","value":"vpcs"}},{"kind":"Field","name":{"kind":"Name","value":"externals"}},{"kind":"Field","name":{"kind":"Name","value":"gateways"}},{"kind":"Field","name":{"kind":"Name","value":"connections"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TopologyHighlightQuery, TopologyHighlightQueryVariables>;