//! Arguments of `hnp draft`, `hnp drift`, `hnp conflict` and `hnp flag`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum DraftCommand {
    /// Create or update a draft from a file holding only the object's `spec` (YAML or JSON);
    /// creates the resource as a draft when it does not exist.
    Set(DraftSetArgs),
    /// Mark a resource for deletion (a tombstone draft).
    Delete(DraftRef),
    /// Drop the pending draft of a resource (an open conflict is resolved as git_wins).
    Discard(DraftRef),
}

#[derive(Debug, Args)]
pub struct DraftRef {
    /// Fabric name or id.
    #[arg(long)]
    pub fabric: String,
    /// Kind as in YAML (VPC, VPCAttachment, Switch, …).
    #[arg(long)]
    pub kind: String,
    #[arg(long)]
    pub name: String,
    #[arg(long, default_value = "default")]
    pub namespace: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum DriftCommand {
    /// Take the cluster's values into the resource's draft: at each `--path` (as drift names
    /// it, e.g. `spec.subnets.default.vlan`), or at every differing spec path without one. A
    /// resource only in the cluster becomes a draft that creates it in Git (its spec without
    /// the webhook's defaults). The draft is admission-checked and reaches Git with
    /// `sync --direction gui-to-git`.
    Adopt(DriftAdoptArgs),
    /// Keep Git for drifted paths (each `--path`, or every drifted path without one): Git is
    /// right and the cluster is to be put back by re-applying the managed file. The paths still
    /// count as drift, marked with who decided, until the cluster holds another value there.
    KeepGit(DriftAdoptArgs),
    /// Rules that keep expected differences out of drift (a kind and a dotted path where `*`
    /// matches one segment, e.g. `spec.subnets.*.vlan`), listed, counted and audited.
    #[command(subcommand)]
    Ignore(IgnoreCommand),
}

#[derive(Debug, Subcommand)]
pub enum IgnoreCommand {
    /// Ignore differences of a kind at a path pattern (recomputes the fabric's drift).
    Add(IgnoreAddArgs),
    /// The fabric's rules with the differences each hides now.
    List(IgnoreListArgs),
    /// Stop ignoring (recomputes the fabric's drift).
    Remove(IgnoreRemoveArgs),
}

#[derive(Debug, Args)]
pub struct IgnoreAddArgs {
    /// Fabric name or id.
    #[arg(long)]
    pub fabric: String,
    #[arg(long)]
    pub kind: String,
    /// Dotted path pattern; `*` matches one segment.
    #[arg(long)]
    pub path: String,
    /// Why the difference is expected (shown with the rule).
    #[arg(long)]
    pub reason: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IgnoreRemoveArgs {
    /// Fabric name or id.
    #[arg(long)]
    pub fabric: String,
    #[arg(long)]
    pub kind: String,
    #[arg(long)]
    pub path: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IgnoreListArgs {
    /// Fabric name or id.
    #[arg(long)]
    pub fabric: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DriftAdoptArgs {
    #[command(flatten)]
    pub target: DraftRef,
    /// A differing spec path to adopt (repeatable); all of them when none is given.
    #[arg(long = "path", value_name = "PATH")]
    pub paths: Vec<String>,
}

#[derive(Debug, Args)]
pub struct DraftSetArgs {
    #[command(flatten)]
    pub target: DraftRef,
    /// YAML or JSON file with the spec (`-` reads stdin).
    #[arg(long, value_name = "FILE")]
    pub spec_file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum ConflictCommand {
    /// List conflicts (open ones by default).
    List(ConflictListArgs),
    /// Resolve an open conflict.
    Resolve(ConflictResolveArgs),
}

#[derive(Debug, Args)]
pub struct ConflictListArgs {
    /// Fabric name or id (all fabrics when omitted).
    #[arg(long)]
    pub fabric: Option<String>,
    /// open, resolved or all.
    #[arg(long, default_value = "open")]
    pub status: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StrategyArg {
    GuiWins,
    GitWins,
    Merge,
    Manual,
}

#[derive(Debug, Args)]
pub struct ConflictResolveArgs {
    /// Conflict id.
    #[arg(long)]
    pub id: i32,
    #[arg(long, value_enum)]
    pub strategy: StrategyArg,
    /// For `merge`: file with the merged spec (YAML or JSON).
    #[arg(long, value_name = "FILE")]
    pub spec_file: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum FlagCommand {
    /// Effective flag values (of a fabric, or global).
    List(FlagListArgs),
    /// Set a flag globally or for one fabric (`--clear` removes the fabric's override).
    Set(FlagSetArgs),
}

#[derive(Debug, Args)]
pub struct FlagListArgs {
    #[arg(long)]
    pub fabric: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct FlagSetArgs {
    /// bidirectional_sync, directory_management or conflict_resolution.
    pub flag: String,
    /// on or off.
    #[arg(value_parser = ["on", "off"], required_unless_present = "clear")]
    pub value: Option<String>,
    /// Set the override of this fabric instead of the global value.
    #[arg(long)]
    pub fabric: Option<String>,
    /// Remove the fabric's override.
    #[arg(long, requires = "fabric", conflicts_with = "value")]
    pub clear: bool,
    #[arg(long)]
    pub reason: Option<String>,
    #[arg(long)]
    pub json: bool,
}
