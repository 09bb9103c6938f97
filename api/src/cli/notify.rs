//! `hnp notify`: a fabric's notification targets.

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum NotifyCommand {
    /// Add a webhook or Slack target to a fabric.
    Add(NotifyAddArgs),
    /// The fabric's targets (never their secrets).
    List(NotifyListArgs),
    /// Remove a target and its delivery log.
    Remove(NotifyTargetArgs),
    /// Send a test event to a target now and show the result.
    Test(NotifyTargetArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NotifyType {
    /// JSON body signed with `X-HNP-Signature: sha256=<hex HMAC-SHA256>`.
    Webhook,
    /// Slack-compatible incoming webhook (`text` and `blocks`).
    Slack,
}

#[derive(Debug, Args)]
pub struct NotifyAddArgs {
    /// Fabric name or id.
    #[arg(long)]
    pub fabric: String,
    #[arg(long = "type", value_enum)]
    pub kind: NotifyType,
    /// http or https URL the events are POSTed to.
    #[arg(long)]
    pub url: String,
    /// Read the webhook signing secret from stdin (one trailing newline is stripped).
    #[arg(long)]
    pub secret_stdin: bool,
    /// Events to send, comma-separated (default: every event).
    #[arg(long, value_delimiter = ',')]
    pub events: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NotifyListArgs {
    /// Fabric name or id.
    #[arg(long)]
    pub fabric: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NotifyTargetArgs {
    /// Fabric name or id.
    #[arg(long)]
    pub fabric: String,
    /// Target id (from `hnp notify list`).
    pub id: i32,
    #[arg(long)]
    pub json: bool,
}
