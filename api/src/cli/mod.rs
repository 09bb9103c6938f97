//! Command-line definition (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

mod drafts;
mod notify;
pub use drafts::*;
pub use notify::*;

#[derive(Debug, Parser)]
#[command(
    name = "hnp",
    version,
    about = "HNP Sync: keeps Hedgehog fabric resources in sync between Git, a database and the cluster"
)]
pub struct Cli {
    /// Optional TOML configuration file (environment variables HNP_* override it).
    #[arg(long, global = true, env = "HNP_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Whether the chosen subcommand asked for JSON output.
    pub fn json(&self) -> bool {
        match &self.command {
            Command::Migrate(args) => args.json,
            Command::User(UserCommand::Create(args)) => args.json,
            Command::User(UserCommand::List(args)) => args.json,
            Command::Token(TokenCommand::Create(args)) => args.json,
            Command::Token(TokenCommand::List(args)) => args.json,
            Command::Token(TokenCommand::Revoke(args)) => args.json,
            Command::Secrets(SecretsCommand::Rotate(args)) => args.json,
            Command::Fabric(FabricCommand::Create(args)) => args.json,
            Command::Fabric(FabricCommand::List(args)) => args.json,
            Command::Fabric(FabricCommand::InitDirectories(args)) => args.json,
            Command::Fabric(FabricCommand::Status(args)) => args.json,
            Command::Fabric(FabricCommand::TestConnection(args)) => args.json,
            Command::Fabric(FabricCommand::SetCluster(args)) => args.json,
            Command::Fabric(FabricCommand::TestCluster(args)) => args.json,
            Command::Fabric(FabricCommand::Switches(args)) => args.json,
            Command::Fabric(FabricCommand::BackfillHistory(args)) => args.json,
            Command::History(args) => args.target.json,
            Command::Blame(args) => args.json,
            Command::Revert(args) => args.json,
            Command::Sync(args) => args.json,
            Command::Draft(DraftCommand::Set(args)) => args.target.json,
            Command::Draft(DraftCommand::Delete(args) | DraftCommand::Discard(args)) => args.json,
            Command::Drift(DriftCommand::Adopt(args) | DriftCommand::KeepGit(args)) => {
                args.target.json
            }
            Command::Drift(DriftCommand::Ignore(
                IgnoreCommand::Add(IgnoreAddArgs { json, .. })
                | IgnoreCommand::Remove(IgnoreRemoveArgs { json, .. })
                | IgnoreCommand::List(IgnoreListArgs { json, .. }),
            )) => *json,
            Command::Conflict(ConflictCommand::List(args)) => args.json,
            Command::Conflict(ConflictCommand::Resolve(args)) => args.json,
            Command::Notify(NotifyCommand::Add(args)) => args.json,
            Command::Notify(NotifyCommand::List(args)) => args.json,
            Command::Notify(NotifyCommand::Remove(args) | NotifyCommand::Test(args)) => args.json,
            Command::Flag(FlagCommand::List(args)) => args.json,
            Command::Flag(FlagCommand::Set(args)) => args.json,
            Command::Bench(BenchCommand::Drift(args)) => args.json,
            Command::Bench(BenchCommand::Graph(args)) => args.json,
            Command::Bench(BenchCommand::History(args)) => args.json,
            Command::Diagram(args) => args.format == DiagramFormat::Json,
            Command::Validate(args) => args.json || args.format == ValidateFormat::Json,
            Command::Serve(_) | Command::Worker(_) | Command::Demo | Command::GraphqlSchema => {
                false
            }
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server and job workers (migrates the database first).
    Serve(ServeArgs),
    /// Run job workers only (needs HNP_REDIS_URL to share work with other processes).
    Worker(WorkerArgs),
    /// Apply database migrations (or show their status, or roll back).
    Migrate(MigrateArgs),
    /// Run the whole product on embedded defaults (SQLite in the data dir).
    Demo,
    /// Print the GraphQL schema (SDL); `api/schema.graphql` holds it.
    GraphqlSchema,
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Manage the credentials vault.
    #[command(subcommand)]
    Secrets(SecretsCommand),
    /// Manage fabrics (a directory of a Git repository).
    #[command(subcommand)]
    Fabric(FabricCommand),
    /// Run a sync operation inline, with a progress bar on a terminal.
    Sync(SyncArgs),
    /// Edit resources as drafts (written to Git by `sync --direction gui-to-git`).
    #[command(subcommand)]
    Draft(DraftCommand),
    /// List and resolve conflicts between drafts and Git changes.
    #[command(subcommand)]
    Conflict(ConflictCommand),
    /// Act on drift between Git and the cluster.
    #[command(subcommand)]
    Drift(DriftCommand),
    /// Notification targets of a fabric (webhook, Slack): add, list, remove, test.
    #[command(subcommand)]
    Notify(NotifyCommand),
    /// Show and set feature flags (globally or per fabric).
    #[command(subcommand)]
    Flag(FlagCommand),
    /// In-process measurements (used by `make bench`).
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Draw the fabric as it will be (desired state with pending drafts applied): switches
    /// grouped by role, links labelled with their ports, states as colours.
    Diagram(DiagramArgs),
    /// A resource's history, newest first: Git commits (with the changed field paths),
    /// write-backs, drafts, conflicts, drift.
    History(HistoryArgs),
    /// Who last set each field of a resource's desired spec (Git author or HNP user).
    Blame(DraftRef),
    /// Undo, field by field, what a write-back operation (`--operation`) or a commit of the
    /// fabric's branch (`--fabric` and `--commit`) changed: one commit, or pull request in
    /// pull-request mode; fields changed again since get a conflict instead.
    Revert(RevertArgs),
    /// Check fabric YAML files offline against Hedgehog's admission rules (no database, no
    /// server, no configuration): exit 0 when valid, 1 when any object has an error, 2 when a
    /// path cannot be read.
    Validate(ValidateArgs),
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files or directories; every `*.yaml`/`*.yml` under them forms one fabric.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format: `text` (`path:line: error: Kind/name: field: message`), `json` (one
    /// object as the last stdout line) or `github` (GitHub Actions annotations).
    #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
    pub format: ValidateFormat,
    /// The same as `--format json`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ValidateFormat {
    Text,
    Json,
    Github,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Time drift recomputation of a fabric (desired vs stored actual state).
    Drift(BenchDriftArgs),
    /// Time the fabric graph: topology, and the impact of the pending drafts.
    Graph(BenchGraphArgs),
    /// Time a resource's history and field blame over resources of a fabric.
    History(BenchHistoryArgs),
}

#[derive(Debug, Args)]
pub struct BenchHistoryArgs {
    /// Fabric name or id.
    #[arg(long)]
    pub fabric: String,
    /// Resources sampled (spread over the fabric).
    #[arg(long, default_value_t = 50)]
    pub resources: u64,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchGraphArgs {
    /// Fabric name or id.
    #[arg(long)]
    pub fabric: String,
    /// Runs; the best of them is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DiagramArgs {
    /// Fabric name or id.
    #[arg(long)]
    pub fabric: String,
    /// `dot` (Graphviz), `mermaid` or `json` (`{nodes, links}`).
    #[arg(long, value_enum, default_value_t = DiagramFormat::Dot)]
    pub format: DiagramFormat,
    /// Only the switches, servers and links this VPC is configured on.
    #[arg(long, value_name = "NAME")]
    pub vpc: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiagramFormat {
    Dot,
    Mermaid,
    Json,
}

#[derive(Debug, Args)]
pub struct BenchDriftArgs {
    /// Fabric name or id.
    #[arg(long)]
    pub fabric: String,
    /// First overwrite the fabric's actual state with a cluster-like copy of desired state
    /// (defaults and fabric labels added, 1% with a changed field). Only for benchmark data.
    #[arg(long)]
    pub simulate_actual: bool,
    /// Compare all fields (strict mode) instead of only those present in desired.
    #[arg(long)]
    pub strict: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// API only: run no job workers in this process (needs HNP_REDIS_URL and `hnp worker`s).
    #[arg(long)]
    pub no_workers: bool,
    /// Job workers in this process.
    #[arg(long, default_value_t = 2)]
    pub concurrency: usize,
}

#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// Jobs run at the same time by this worker.
    #[arg(long, default_value_t = 2)]
    pub concurrency: usize,
    /// Serve /healthz and /readyz on this address (no listener by default).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<std::net::SocketAddr>,
}

#[derive(Debug, Subcommand)]
pub enum FabricCommand {
    /// Create a fabric; reuses the repository record with the same URL.
    Create(Box<FabricCreateArgs>),
    /// List fabrics.
    List(JsonFlag),
    /// Create the managed directory layout in one commit (idempotent).
    InitDirectories(FabricRef),
    /// Fetch and report the directory layout status and per-file errors.
    Status(FabricRef),
    /// Contact the fabric's remote with its stored credentials: list refs, check the branch.
    TestConnection(FabricRef),
    /// Set the fabric's Kubernetes cluster connection (API server + token, or a kubeconfig).
    SetCluster(SetClusterArgs),
    /// Contact the fabric's cluster: server version and which Hedgehog CRDs are installed.
    TestCluster(FabricRef),
    /// Each switch's convergence from its Hedgehog Agent at the last cluster read: APPLIED,
    /// PENDING, STALE (no heartbeat in 5 minutes) or UNKNOWN (no Agent).
    Switches(FabricRef),
    /// Record the history of the fabric's resources from the Git history of its directory
    /// (also done on its first ingestion); running it again adds nothing twice.
    BackfillHistory(BackfillHistoryArgs),
}

#[derive(Debug, Args)]
pub struct BackfillHistoryArgs {
    /// Fabric name or id.
    #[arg(long)]
    pub fabric: String,
    /// Commits touching the fabric's directory to walk back from its ingested commit.
    #[arg(long, default_value_t = 500)]
    pub max_commits: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("reverted").required(true).args(["operation", "commit"])))]
pub struct RevertArgs {
    /// The write-back operation whose commit is reverted (its id).
    #[arg(long, conflicts_with_all = ["fabric", "commit"])]
    pub operation: Option<String>,
    /// Fabric name or id (with `--commit`).
    #[arg(long, requires = "commit")]
    pub fabric: Option<String>,
    /// The commit of the fabric's branch to revert (full or abbreviated id).
    #[arg(long, requires = "fabric")]
    pub commit: Option<String>,
    /// Build the commit and print its diff; commit nothing, open no conflict.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    pub target: DraftRef,
    /// Events to show (newest first).
    #[arg(long, default_value_t = 100)]
    pub limit: u64,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["server", "kubeconfig", "in_cluster", "clear"])))]
pub struct SetClusterArgs {
    /// Fabric name or id.
    #[arg(long)]
    pub fabric: String,
    /// API server URL (https://host:6443; plain http:// is accepted with a warning).
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// PEM file with the CA certificate(s) that sign the API server's certificate.
    #[arg(long, value_name = "FILE", requires = "server")]
    pub ca_file: Option<PathBuf>,
    /// Do not verify the API server's TLS certificate (shown as a warning from then on).
    #[arg(long, requires = "server")]
    pub insecure_skip_tls_verify: bool,
    /// Read the bearer token from stdin (required with --server unless one is stored).
    #[arg(long, requires = "server")]
    pub token_stdin: bool,
    /// A kubeconfig file; its content is stored encrypted.
    #[arg(long, value_name = "FILE", conflicts_with = "server")]
    pub kubeconfig: Option<PathBuf>,
    /// Context of the kubeconfig (default: its current-context).
    #[arg(long, requires = "kubeconfig")]
    pub context: Option<String>,
    /// Read the cluster with the pod's own service account (hnp running in the cluster:
    /// KUBERNETES_SERVICE_HOST/PORT and the token and CA under
    /// /var/run/secrets/kubernetes.io/serviceaccount, or HNP_SERVICEACCOUNT_DIR); nothing secret
    /// is stored.
    #[arg(long, conflicts_with_all = ["server", "kubeconfig"])]
    pub in_cluster: bool,
    /// Namespace holding the fabric's objects (default: the context's, with --in-cluster the
    /// pod's, else `default`).
    #[arg(long)]
    pub namespace: Option<String>,
    /// Remove the cluster connection.
    #[arg(long, conflicts_with_all = ["server", "kubeconfig", "in_cluster"])]
    pub clear: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct FabricCreateArgs {
    #[arg(long)]
    pub name: String,
    /// Remote URL (https://, ssh://, file://, user@host:path); never with credentials inside.
    #[arg(long)]
    pub repo_url: String,
    /// Directory inside the repository (e.g. fabrics/dc1; empty for the root).
    #[arg(long)]
    pub directory: String,
    /// Branch to follow (default: the remote's HEAD, else main).
    #[arg(long)]
    pub branch: Option<String>,
    /// How to authenticate to the remote.
    #[arg(long, value_enum, default_value_t = AuthArg::None)]
    pub auth: AuthArg,
    /// Read credentials from stdin: the token, `username:password`, or the private key.
    #[arg(long)]
    pub credentials_stdin: bool,
    /// Pin an SSH host key (`SHA256:…` as `ssh-keygen -lf` prints it); repeatable.
    #[arg(long = "ssh-host-key", value_name = "FINGERPRINT")]
    pub ssh_host_keys: Vec<String>,
    /// Author and committer of write-back commits (default "HNP Sync <hnp-sync@localhost>").
    #[arg(long, value_name = "NAME <EMAIL>")]
    pub commit_author: Option<String>,
    /// Hosting provider (default: guessed from the URL).
    #[arg(long, value_enum)]
    pub provider: Option<ProviderArg>,
    /// GitHub REST API base (default https://api.github.com for github.com, else
    /// <scheme>://<host>/api/v3).
    #[arg(long, value_name = "URL")]
    pub github_api_url: Option<String>,
    /// How write-back reaches the branch (pull-request: GitHub only).
    #[arg(long, value_enum)]
    pub write_mode: Option<WriteModeArg>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct FabricRef {
    /// Fabric name or id.
    #[arg(long)]
    pub fabric: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SyncDirectionArg {
    /// Ingest the fabric's directory from Git into the database.
    GitToGui,
    /// Write all pending drafts to Git as one commit.
    GuiToGit,
    /// Git → GUI, then GUI → Git, as one operation.
    Bidirectional,
    /// Read the fabric's cluster (actual state) and recompute drift.
    Cluster,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Fabric name or id.
    #[arg(long)]
    pub fabric: String,
    #[arg(long, value_enum)]
    pub direction: SyncDirectionArg,
    /// gui-to-git / bidirectional: build the commit and show its files and diffs, no push.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print one compact JSON object as the last line of stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Only show applied and pending migrations.
    #[arg(long, conflicts_with = "down")]
    pub status: bool,
    /// Roll back this many migrations instead of applying.
    #[arg(long, value_name = "STEPS")]
    pub down: Option<u32>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; the password is read from stdin.
    Create(UserCreateArgs),
    /// List users.
    List(JsonFlag),
}

#[derive(Debug, Args)]
pub struct UserCreateArgs {
    #[arg(long)]
    pub username: String,
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// Read the password from stdin (one trailing newline is stripped).
    #[arg(long, required = true)]
    pub password_stdin: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token; it is printed once, alone on the last line of stdout.
    Create(TokenCreateArgs),
    /// List a user's tokens (prefixes only).
    List(TokenListArgs),
    /// Revoke a token by id.
    Revoke(TokenRevokeArgs),
}

#[derive(Debug, Args)]
pub struct TokenCreateArgs {
    #[arg(long)]
    pub username: String,
    /// A label for the token (default `cli`).
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TokenListArgs {
    #[arg(long)]
    pub username: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TokenRevokeArgs {
    #[arg(long)]
    pub id: i32,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// Re-encrypt every stored secret with a new key.
    Rotate(JsonFlag),
}

/// `--auth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthArg {
    None,
    Token,
    Basic,
    #[value(alias = "ssh_key")]
    SshKey,
}

impl From<AuthArg> for hnp_entity::enums::AuthType {
    fn from(arg: AuthArg) -> Self {
        use hnp_entity::enums::AuthType;
        match arg {
            AuthArg::None => AuthType::None,
            AuthArg::Token => AuthType::Token,
            AuthArg::Basic => AuthType::Basic,
            AuthArg::SshKey => AuthType::SshKey,
        }
    }
}

/// `--provider`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProviderArg {
    Github,
    Gitlab,
    Generic,
}

impl From<ProviderArg> for hnp_entity::enums::Provider {
    fn from(arg: ProviderArg) -> Self {
        use hnp_entity::enums::Provider;
        match arg {
            ProviderArg::Github => Provider::Github,
            ProviderArg::Gitlab => Provider::Gitlab,
            ProviderArg::Generic => Provider::Generic,
        }
    }
}

/// `--write-mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WriteModeArg {
    #[value(alias = "direct_push")]
    DirectPush,
    #[value(alias = "pull_request")]
    PullRequest,
}

impl From<WriteModeArg> for hnp_entity::enums::WriteMode {
    fn from(arg: WriteModeArg) -> Self {
        use hnp_entity::enums::WriteMode;
        match arg {
            WriteModeArg::DirectPush => WriteMode::DirectPush,
            WriteModeArg::PullRequest => WriteMode::PullRequest,
        }
    }
}

/// `--role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RoleArg {
    Viewer,
    Operator,
    Admin,
}

impl From<RoleArg> for hnp_entity::enums::Role {
    fn from(arg: RoleArg) -> Self {
        use hnp_entity::enums::Role;
        match arg {
            RoleArg::Viewer => Role::Viewer,
            RoleArg::Operator => Role::Operator,
            RoleArg::Admin => Role::Admin,
        }
    }
}
