//! `hnp demo` seed: a local bare git repository holding a small fabric built from the Hedgehog
//! demo samples (`fixtures/hedgehog/samples/demo-gitops/env-1`, Apache-2.0, embedded at build
//! time), an `admin` user with a generated password, the fabric, and its first sync; and a
//! second repository and fabric, `demo-topology` (`fixtures/demo-topology`): a small realistic
//! fabric (2 spines, 4 leaves in 2 ESLAG groups, 8 servers on unbundled, bundled and ESLAG
//! connections, 3 VPCs with attachments and a peering, an external with its attachment and
//! peering) for the topology view. Idempotent: a second start reuses everything and prints no
//! password.

pub mod cluster;

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

/// The topology demo fabric's files.
const TOPOLOGY_FILES: [(&str, &str); 2] = [
    (
        "fabrics/demo-topology/wiring.yaml",
        include_str!("../../fixtures/demo-topology/wiring.yaml"),
    ),
    (
        "fabrics/demo-topology/vpcs.yaml",
        include_str!("../../fixtures/demo-topology/vpcs.yaml"),
    ),
];

pub const FABRIC: &str = "demo";
/// The second demo fabric: a whole small fabric (devices, links, VPCs, an external).
pub const TOPOLOGY_FABRIC: &str = "demo-topology";
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

/// Creates the bare repository with one commit of `files` (all in one directory) when it does
/// not exist.
fn create_repository(path: &Path, files: &[(&str, &str)], message: &str) -> Result<()> {
    if path.join("HEAD").is_file() {
        return Ok(());
    }
    let fail = |e: git2::Error| Error::Io(format!("{}: {}", path.display(), e.message()));
    let repo = Repository::init_bare(path).map_err(fail)?;
    repo.set_head("refs/heads/main").map_err(fail)?;
    // Build nested trees bottom-up: fabrics/<dir>/<file>.
    let dir = files
        .first()
        .and_then(|(f, _)| f.split('/').nth(1))
        .unwrap_or(FABRIC);
    let mut fabric = repo.treebuilder(None).map_err(fail)?;
    for (file, content) in files {
        let name = file.rsplit('/').next().unwrap_or(file);
        let blob = repo.blob(content.as_bytes()).map_err(fail)?;
        fabric.insert(name, blob, 0o100644).map_err(fail)?;
    }
    let fabric_id = fabric.write().map_err(fail)?;
    let mut fabrics = repo.treebuilder(None).map_err(fail)?;
    fabrics.insert(dir, fabric_id, 0o040000).map_err(fail)?;
    let fabrics_id = fabrics.write().map_err(fail)?;
    let mut root = repo.treebuilder(None).map_err(fail)?;
    root.insert("fabrics", fabrics_id, 0o040000).map_err(fail)?;
    let readme = repo
        .blob(b"# HNP Sync demo fabric\n\nHedgehog demo samples (Apache-2.0, githedgehog).\n")
        .map_err(fail)?;
    root.insert("README.md", readme, 0o100644).map_err(fail)?;
    let tree = repo.find_tree(root.write().map_err(fail)?).map_err(fail)?;
    let sig = Signature::now("HNP Sync demo", "hnp-sync@localhost").map_err(fail)?;
    repo.commit(Some("refs/heads/main"), &sig, &sig, message, &tree, &[])
        .map_err(fail)?;
    Ok(())
}

/// Creates (once) the bare repository at `path` with `files`, and the fabric `name` on its
/// directory, ingested. Whether the fabric was created now.
async fn seed_fabric(
    core: &Core,
    name: &str,
    path: &Path,
    files: &'static [(&'static str, &'static str)],
    message: &'static str,
) -> Result<bool> {
    let repo_path = path.to_owned();
    tokio::task::spawn_blocking(move || create_repository(&repo_path, files, message))
        .await
        .map_err(|e| Error::Io(format!("background task failed: {e}")))??;
    match repositories::find_fabric(core, name).await {
        Ok(_) => Ok(false),
        Err(Error::NotFound { .. }) => {
            let url = format!(
                "file://{}",
                path.canonicalize().unwrap_or(path.to_owned()).display()
            );
            let directory = files
                .first()
                .and_then(|(f, _)| f.rsplit_once('/'))
                .map(|(dir, _)| dir.to_owned())
                .unwrap_or_default();
            let (fabric, _) = repositories::create_fabric(
                core,
                repositories::NewFabric {
                    name: name.to_owned(),
                    repo_url: url,
                    directory,
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
                fabric = name,
                created = report.counters.created,
                status = %report.status,
                "demo fabric ingested"
            );
            Ok(true)
        }
        Err(e) => Err(e),
    }
}

/// Seeds the demo (idempotent).
pub async fn seed(core: &Core) -> Result<Seeded> {
    let dir = core.config.data_dir.join("demo");
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let path = dir.join("fabric.git");

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

    let fabric_created = seed_fabric(
        core,
        FABRIC,
        &path,
        &FILES,
        "Demo fabric from the Hedgehog samples",
    )
    .await?;
    seed_fabric(
        core,
        TOPOLOGY_FABRIC,
        &dir.join("topology.git"),
        &TOPOLOGY_FILES,
        "Demo topology fabric",
    )
    .await?;
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
        for (path, content) in FILES.into_iter().chain(TOPOLOGY_FILES) {
            let docs = crate::sync::ingest::parse::parse_file(
                path,
                content.as_bytes(),
                &Default::default(),
            )
            .unwrap();
            assert!(!docs.managed.is_empty(), "{path}");
        }
    }

    /// The topology fabric passes Hedgehog admission as a whole (no error; warnings only for
    /// what the cluster installs) and has the devices, links and VPCs it promises.
    #[test]
    fn topology_fabric_is_admitted_and_complete() {
        use crate::hedgehog::admission::{self, Object, Severity};
        let objects: Vec<Object> = TOPOLOGY_FILES
            .iter()
            .flat_map(|(_, content)| {
                crate::yaml::parse_documents(content.as_bytes(), &Default::default()).unwrap()
            })
            .filter_map(|d| Object::from_document(&d.value, None))
            .collect();
        let errors: Vec<_> = admission::check(&objects, &admission::Options::default())
            .into_iter()
            .flatten()
            .filter(|p| p.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let graph = crate::hedgehog::graph::build(&objects);
        let count = |kind| graph.nodes.iter().filter(|n| n.kind == kind).count();
        use crate::hedgehog::graph::NodeKind;
        assert_eq!(count(NodeKind::Switch), 6);
        assert_eq!(count(NodeKind::Server), 8);
        assert_eq!(count(NodeKind::External), 1);
        let links = |kind: &str| graph.links.iter().filter(|l| l.kind == kind).count();
        assert_eq!(links("fabric"), 16);
        assert_eq!(links("eslag"), 8);
        assert_eq!(links("bundled"), 4);
        assert_eq!(links("unbundled"), 2);
        assert_eq!(graph.vpcs.len(), 3);
        assert_eq!(graph.peerings.len(), 2);
        let groups: std::collections::BTreeSet<_> = graph
            .nodes
            .iter()
            .filter_map(|n| n.redundancy_group.as_ref().map(|r| r.group.clone()))
            .collect();
        assert_eq!(groups.len(), 2);
    }
}
