//! `hnp demo` seed: a local bare git repository holding a small fabric built from the Hedgehog
//! demo samples (`fixtures/hedgehog/samples/demo-gitops/env-1`, Apache-2.0, embedded at build
//! time), an `admin` user with a generated password, the fabric, and its first sync.
//! Idempotent: a second start reuses everything and prints no password.

use std::path::{Path, PathBuf};

use git2::{Repository, Signature};
use hnp_entity::enums::{AuthType, Role};

use crate::audit::Actor;
use crate::context::Core;
use crate::error::{Error, Result};
use crate::operations::Requester;
use crate::progress::NoProgress;
use crate::security::auth;
use crate::{repositories, sync::ingest};

/// The demo fabric's files (path inside the repository, content).
const FILES: [(&str, &str); 2] = [
    (
        "fabrics/demo/pre-demo.yaml",
        include_str!("../../fixtures/hedgehog/samples/demo-gitops/env-1/pre-demo.yaml"),
    ),
    (
        "fabrics/demo/vpc-test.yaml",
        include_str!("../../fixtures/hedgehog/samples/demo-gitops/env-1/vpc-test.yaml"),
    ),
];

pub const FABRIC: &str = "demo";
pub const ADMIN: &str = "admin";

/// What seeding did.
#[derive(Debug)]
pub struct Seeded {
    /// The generated admin password, only when the user was created now.
    pub admin_password: Option<String>,
    pub repository: PathBuf,
    pub fabric_created: bool,
}

/// A password of 16 letters and digits.
fn generate_password() -> Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::Vault(format!("no randomness: {e}")))?;
    let mut password: String = bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    // At least one letter and one digit.
    if !password.chars().any(|c| c.is_ascii_digit()) {
        password.replace_range(0..1, "7");
    }
    if !password.chars().any(|c| c.is_ascii_alphabetic()) {
        password.replace_range(1..2, "k");
    }
    Ok(password)
}

/// Creates the bare repository with one commit of the demo files (when it does not exist).
fn create_repository(path: &Path) -> Result<()> {
    if path.join("HEAD").is_file() {
        return Ok(());
    }
    let fail = |e: git2::Error| Error::Io(format!("{}: {}", path.display(), e.message()));
    let repo = Repository::init_bare(path).map_err(fail)?;
    repo.set_head("refs/heads/main").map_err(fail)?;
    // Build nested trees bottom-up: fabrics/demo/<file>.
    let mut demo = repo.treebuilder(None).map_err(fail)?;
    for (file, content) in FILES {
        let name = file.rsplit('/').next().unwrap_or(file);
        let blob = repo.blob(content.as_bytes()).map_err(fail)?;
        demo.insert(name, blob, 0o100644).map_err(fail)?;
    }
    let demo_id = demo.write().map_err(fail)?;
    let mut fabrics = repo.treebuilder(None).map_err(fail)?;
    fabrics.insert("demo", demo_id, 0o040000).map_err(fail)?;
    let fabrics_id = fabrics.write().map_err(fail)?;
    let mut root = repo.treebuilder(None).map_err(fail)?;
    root.insert("fabrics", fabrics_id, 0o040000).map_err(fail)?;
    let readme = repo
        .blob(b"# HNP Sync demo fabric\n\nHedgehog demo samples (Apache-2.0, githedgehog).\n")
        .map_err(fail)?;
    root.insert("README.md", readme, 0o100644).map_err(fail)?;
    let tree = repo.find_tree(root.write().map_err(fail)?).map_err(fail)?;
    let sig = Signature::now("HNP Sync demo", "hnp-sync@localhost").map_err(fail)?;
    repo.commit(
        Some("refs/heads/main"),
        &sig,
        &sig,
        "Demo fabric from the Hedgehog samples",
        &tree,
        &[],
    )
    .map_err(fail)?;
    Ok(())
}

/// Seeds the demo (idempotent).
pub async fn seed(core: &Core) -> Result<Seeded> {
    let path = core.config.data_dir.join("demo").join("fabric.git");
    std::fs::create_dir_all(path.parent().unwrap_or(&core.config.data_dir))
        .map_err(|e| Error::io(&path, e))?;
    let repo_path = path.clone();
    tokio::task::spawn_blocking(move || create_repository(&repo_path))
        .await
        .map_err(|e| Error::Io(format!("background task failed: {e}")))??;

    let admin_password = match auth::find_user(&core.db, ADMIN).await? {
        Some(_) => None,
        None => {
            let password = generate_password()?;
            auth::create_user(
                &core.db,
                ADMIN,
                &password,
                Role::Admin,
                &Actor::system("demo"),
            )
            .await?;
            Some(password)
        }
    };

    let fabric_created = match repositories::find_fabric(core, FABRIC).await {
        Ok(_) => false,
        Err(Error::NotFound { .. }) => {
            let url = format!(
                "file://{}",
                path.canonicalize().unwrap_or(path.clone()).display()
            );
            let (fabric, _) = repositories::create_fabric(
                core,
                repositories::NewFabric {
                    name: FABRIC.to_owned(),
                    repo_url: url,
                    directory: "fabrics/demo".to_owned(),
                    branch: Some("main".to_owned()),
                    auth: AuthType::None,
                    credentials: None,
                    ssh_host_keys: vec![],
                    commit_author: None,
                },
                &Actor::system("demo"),
            )
            .await?;
            let report = ingest::git_to_gui(
                core,
                &fabric,
                &Requester {
                    user_id: None,
                    name: "demo".to_owned(),
                    trigger: hnp_entity::enums::OperationTrigger::Cli,
                },
                &NoProgress,
            )
            .await?;
            tracing::info!(
                created = report.counters.created,
                status = %report.status,
                "demo fabric ingested"
            );
            true
        }
        Err(e) => return Err(e),
    };
    Ok(Seeded {
        admin_password,
        repository: path,
        fabric_created,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_long_letters_and_digits() {
        for _ in 0..50 {
            let p = generate_password().unwrap();
            assert!(p.len() >= 12);
            assert!(p.chars().all(|c| c.is_ascii_alphanumeric()));
            assert!(p.chars().any(|c| c.is_ascii_digit()));
            assert!(p.chars().any(|c| c.is_ascii_alphabetic()));
        }
    }

    #[test]
    fn demo_samples_are_valid_managed_documents() {
        for (path, content) in FILES {
            let docs = crate::sync::ingest::parse::parse_file(
                path,
                content.as_bytes(),
                &Default::default(),
            )
            .unwrap();
            assert!(!docs.managed.is_empty(), "{path}");
        }
    }
}
