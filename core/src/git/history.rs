//! Reading commit history: first-parent walks and a commit's author, date, message and
//! trailers (resource history, see `crate::history`).

use chrono::{DateTime, TimeZone, Utc};
use git2::{Oid, Sort};

use super::cache::CachedRepo;
use super::error::GitError;

/// What a commit says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitMeta {
    pub id: String,
    /// First parent, `None` for a root commit.
    pub parent: Option<String>,
    /// `Name <email>` of the author (lossy UTF-8, newlines removed).
    pub author: String,
    /// Author date.
    pub at: DateTime<Utc>,
    pub message: String,
    /// Trailers of the message (`key`, `value`), in order.
    pub trailers: Vec<(String, String)>,
}

impl CommitMeta {
    /// The value of the first trailer named `key` (case-insensitive).
    pub fn trailer(&self, key: &str) -> Option<&str> {
        self.trailers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

fn clean(text: &str) -> String {
    text.replace(['\n', '\r'], " ").trim().to_owned()
}

impl CachedRepo {
    /// The metadata of `commit`.
    pub fn commit_meta(&self, commit: &str) -> Result<CommitMeta, GitError> {
        let oid = self.commit_oid(commit)?;
        self.meta_of(oid)
    }

    /// Whether `commit` is `head` or in its history (any parent, not only the first): a
    /// commit merged from a pull request branch counts.
    pub fn is_in_history(&self, commit: &str, head: &str) -> Result<bool, GitError> {
        let (commit, head) = (self.commit_oid(commit)?, self.commit_oid(head)?);
        if commit == head {
            return Ok(true);
        }
        self.repo
            .graph_descendant_of(head, commit)
            .map_err(|e| GitError::local("cannot walk history", &e))
    }

    fn meta_of(&self, oid: Oid) -> Result<CommitMeta, GitError> {
        let c = self
            .repo
            .find_commit(oid)
            .map_err(|e| GitError::local(&format!("cannot read commit {oid}"), &e))?;
        let author = c.author();
        let name = clean(&String::from_utf8_lossy(author.name_bytes()));
        let email = clean(&String::from_utf8_lossy(author.email_bytes()));
        let when = author.when();
        let at = Utc
            .timestamp_opt(when.seconds(), 0)
            .single()
            .unwrap_or_else(Utc::now);
        let message = String::from_utf8_lossy(c.message_bytes()).into_owned();
        let trailers = git2::message_trailers_strs(&message)
            .map(|t| {
                t.iter()
                    .map(|(k, v)| (k.trim().to_owned(), clean(v)))
                    .collect()
            })
            .unwrap_or_default();
        Ok(CommitMeta {
            id: oid.to_string(),
            parent: c.parent_id(0).ok().map(|p| p.to_string()),
            author: format!("{name} <{email}>"),
            at,
            message,
            trailers,
        })
    }

    /// First-parent history from `head`, newest first: at most `max` commits, stopping before
    /// any commit reachable from `hide` (commits already seen). Commits missing from the cache
    /// (a shallow history) end the walk.
    pub fn first_parent_walk(
        &self,
        head: &str,
        hide: Option<&str>,
        max: usize,
    ) -> Result<Vec<CommitMeta>, GitError> {
        let fail = |e: git2::Error| GitError::local("cannot walk history", &e);
        let mut walk = self.repo.revwalk().map_err(fail)?;
        walk.set_sorting(Sort::TOPOLOGICAL).map_err(fail)?;
        walk.simplify_first_parent().map_err(fail)?;
        walk.push(self.commit_oid(head)?).map_err(fail)?;
        if let Some(hide) = hide
            && let Ok(oid) = self.commit_oid(hide)
        {
            // A commit no longer in the cache (history rewritten and pruned) hides nothing.
            let _ = walk.hide(oid);
        }
        let mut out = Vec::new();
        for oid in walk {
            if out.len() >= max {
                break;
            }
            let Ok(oid) = oid else { break };
            match self.meta_of(oid) {
                Ok(meta) => out.push(meta),
                Err(_) => break,
            }
        }
        Ok(out)
    }
}
