//! Repository and fabric management (create, update, delete) on real databases, with real git
//! (file://) where the remote matters.

use hnp_core::Error;
use hnp_core::audit::Actor;
use hnp_core::flags::{self, Flag};
use hnp_core::git::GitAuth;
use hnp_core::repositories::{
    self, CREDENTIALS_PURPOSE, FabricInput, FabricUpdate, RepositoryInput, RepositoryUpdate,
    WEBHOOK_SECRET_PURPOSE,
};
use hnp_core::security::secrets;
use hnp_entity::enums::{
    AuthType, ConflictState, ConflictStatus, ConflictType, DirectoryStatus, DriftStatus,
    OperationDirection, OperationStatus, OperationTrigger, Provider, ResourceState, SyncDirection,
    WriteMode,
};
use hnp_entity::sync_operation;
use hnp_entity::{audit_event, conflict, fabric, feature_flag, git_repository, resource};
use hnp_tests::Backend;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::ingest::{Env, env, resources, sync};

const TOKEN: &str = "ghp_SuperSecretToken123";
const HOOK: &str = "hook-secret-XYZ";
const HOST_KEY: &str = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";

fn actor() -> Actor {
    Actor::system("tester")
}

fn repo_input(url: &str) -> RepositoryInput {
    RepositoryInput {
        name: None,
        url: url.to_owned(),
        provider: None,
        auth: AuthType::None,
        credentials: None,
        default_branch: None,
        write_mode: None,
        commit_author: None,
        ssh_host_keys: vec![],
        webhook_secret: None,
        github_api_url: None,
    }
}

fn fabric_input(name: &str, repo: Option<i32>, directory: &str) -> FabricInput {
    FabricInput {
        name: name.to_owned(),
        git_repository_id: repo,
        directory: directory.to_owned(),
        branch: None,
        description: None,
        sync_interval_seconds: None,
    }
}

#[track_caller]
fn assert_validation<T: std::fmt::Debug>(result: Result<T, Error>, field: &str, contains: &str) {
    match result {
        Err(Error::Validation {
            field: actual,
            message,
        }) => {
            assert_eq!(actual, field, "message: {message}");
            assert!(
                message.contains(contains),
                "{message:?} should contain {contains:?}"
            );
        }
        other => panic!("expected a validation error on {field}, got {other:?}"),
    }
}

async fn reload_repo(env: &Env, id: i32) -> git_repository::Model {
    git_repository::Entity::find_by_id(id)
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap()
}

async fn reload_fabric(env: &Env, id: i32) -> Option<fabric::Model> {
    fabric::Entity::find_by_id(id)
        .one(&env.core.db)
        .await
        .unwrap()
}

async fn audits(env: &Env, action: &str) -> Vec<audit_event::Model> {
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .order_by_asc(audit_event::Column::Id)
        .all(&env.core.db)
        .await
        .unwrap()
}

/// No audit row anywhere mentions a secret.
async fn assert_no_secret_in_audit(env: &Env, secrets: &[&str]) {
    for event in audit_event::Entity::find().all(&env.core.db).await.unwrap() {
        let text = format!("{:?} {:?} {:?}", event.summary, event.before, event.after);
        for secret in secrets {
            assert!(!text.contains(secret), "{} leaks a secret", event.action);
        }
    }
}

#[tokio::test]
async fn repository_create_update_delete() {
    let env = env(Backend::Sqlite, false).await;
    let core = &env.core;
    let url = "https://github.com/example/fabric-config.git";

    let repo = repositories::create_repository(
        core,
        RepositoryInput {
            auth: AuthType::Token,
            credentials: Some(format!("  {TOKEN}\n").into()),
            webhook_secret: Some(HOOK.into()),
            commit_author: Some("Ops Bot <ops@example.com>".to_owned()),
            ssh_host_keys: vec![HOST_KEY.to_owned()],
            ..repo_input(url)
        },
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(repo.name, "fabric-config");
    assert_eq!(repo.provider, Provider::Github);
    assert_eq!(repo.default_branch, "main");
    assert_eq!(repo.write_mode, WriteMode::DirectPush);
    assert_eq!(
        (
            repo.commit_author_name.as_str(),
            repo.commit_author_email.as_str()
        ),
        ("Ops Bot", "ops@example.com")
    );

    // Secrets are stored encrypted, under the purposes key rotation uses.
    let stored = reload_repo(&env, repo.id).await;
    let credentials = stored.encrypted_credentials.clone().unwrap();
    assert!(credentials.starts_with("hnp1:"), "{credentials}");
    assert!(!credentials.contains(TOKEN));
    let hook = stored.encrypted_webhook_secret.clone().unwrap();
    assert!(hook.starts_with("hnp1:") && !hook.contains(HOOK));
    assert_eq!(
        core.vault
            .decrypt_str(WEBHOOK_SECRET_PURPOSE, &hook)
            .unwrap(),
        HOOK
    );
    for purpose in [CREDENTIALS_PURPOSE, WEBHOOK_SECRET_PURPOSE] {
        assert!(
            secrets::SECRET_COLUMNS
                .iter()
                .any(|c| c.table == "git_repositories" && c.purpose == purpose)
        );
    }
    let spec = repositories::remote_spec(core, &stored).unwrap();
    assert!(matches!(&spec.auth, GitAuth::Token { token } if token == TOKEN));
    assert_eq!(spec.ssh_host_keys, vec![HOST_KEY.to_owned()]);

    // Defaults for a plain repository; the same URL twice is refused.
    let plain = repositories::create_repository(
        core,
        RepositoryInput {
            name: Some("  lab  ".into()),
            default_branch: Some("develop".into()),
            write_mode: Some(WriteMode::PullRequest),
            ..repo_input("https://gitlab.example.com/net/lab")
        },
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(plain.name, "lab");
    assert_eq!(plain.provider, Provider::Gitlab);
    assert_eq!(plain.default_branch, "develop");
    assert_eq!(plain.write_mode, WriteMode::PullRequest);
    assert_eq!(
        (
            plain.commit_author_name.as_str(),
            plain.commit_author_email.as_str()
        ),
        ("HNP Sync", "hnp-sync@localhost")
    );
    assert_eq!(
        (plain.encrypted_credentials, plain.encrypted_webhook_secret),
        (None, None)
    );
    let duplicate = repositories::create_repository(core, repo_input(url), &actor()).await;
    assert!(
        matches!(&duplicate, Err(Error::AlreadyExists(m)) if m.contains(url)),
        "{duplicate:?}"
    );

    // Invalid input names the field, never echoes a secret.
    assert_validation(
        repositories::create_repository(
            core,
            repo_input(&format!("https://user:{TOKEN}@github.com/o/r.git")),
            &actor(),
        )
        .await,
        "url",
        "credentials",
    );
    assert_validation(
        repositories::create_repository(
            core,
            RepositoryInput {
                auth: AuthType::Token,
                ..repo_input("https://example.com/a.git")
            },
            &actor(),
        )
        .await,
        "credentials",
        "required for auth type token",
    );
    assert_validation(
        repositories::create_repository(
            core,
            RepositoryInput {
                commit_author: Some("nobody".into()),
                ..repo_input("https://example.com/b.git")
            },
            &actor(),
        )
        .await,
        "commit_author",
        "Name <email>",
    );
    assert_validation(
        repositories::create_repository(
            core,
            RepositoryInput {
                ssh_host_keys: vec!["MD5:aa".into()],
                ..repo_input("https://example.com/c.git")
            },
            &actor(),
        )
        .await,
        "ssh_host_key",
        "SHA256",
    );
    assert_validation(
        repositories::create_repository(
            core,
            RepositoryInput {
                default_branch: Some("bad..branch".into()),
                ..repo_input("https://example.com/d.git")
            },
            &actor(),
        )
        .await,
        "default_branch",
        "not a valid git branch name",
    );
    assert_validation(
        repositories::create_repository(
            core,
            RepositoryInput {
                webhook_secret: Some("  ".into()),
                ..repo_input("https://example.com/e.git")
            },
            &actor(),
        )
        .await,
        "webhook_secret",
        "must not be empty",
    );
    let created = audits(&env, "git_repository.create").await;
    assert_eq!(created.len(), 2);
    assert_eq!(created[0].target_id.as_deref(), Some(&*repo.id.to_string()));

    // Changing the auth type needs credentials.
    let refused = repositories::update_repository(
        core,
        repo.id,
        RepositoryUpdate {
            auth: Some(AuthType::Basic),
            ..Default::default()
        },
        &actor(),
    )
    .await;
    assert_validation(refused, "credentials", "required for auth type basic");
    assert_eq!(reload_repo(&env, repo.id).await, stored);

    // New credentials of the current type; then another type with its credentials.
    let updated = repositories::update_repository(
        core,
        repo.id,
        RepositoryUpdate {
            credentials: Some("ghp_other".into()),
            name: Some("renamed".into()),
            ..Default::default()
        },
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(updated.name, "renamed");
    assert!(matches!(
        repositories::remote_spec(core, &updated).unwrap().auth,
        GitAuth::Token { token } if token == "ghp_other"
    ));
    let updated = repositories::update_repository(
        core,
        repo.id,
        RepositoryUpdate {
            auth: Some(AuthType::Basic),
            credentials: Some("deploy:pa:ss".into()),
            default_branch: Some("release/1".into()),
            write_mode: Some(WriteMode::PullRequest),
            commit_author: Some("Bot <bot@example.com>".into()),
            ssh_host_keys: Some(vec![]),
            ..Default::default()
        },
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(updated.auth_type, AuthType::Basic);
    assert_eq!(updated.default_branch, "release/1");
    assert_eq!(updated.write_mode, WriteMode::PullRequest);
    assert_eq!(updated.commit_author_email, "bot@example.com");
    assert_eq!(updated.ssh_host_keys, None);
    let stored = updated.encrypted_credentials.clone().unwrap();
    assert!(stored.starts_with("hnp1:") && !stored.contains("pa:ss"));
    assert!(matches!(
        repositories::remote_spec(core, &updated).unwrap().auth,
        GitAuth::Basic { username, password } if username == "deploy" && password == "pa:ss"
    ));
    // An SSH key; the user comes from the URL (default git).
    let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----";
    let updated = repositories::update_repository(
        core,
        repo.id,
        RepositoryUpdate {
            auth: Some(AuthType::SshKey),
            credentials: Some(key.into()),
            ..Default::default()
        },
        &actor(),
    )
    .await
    .unwrap();
    assert!(matches!(
        repositories::remote_spec(core, &updated).unwrap().auth,
        GitAuth::SshKey { username, private_key, .. }
            if username == "git" && private_key == format!("{key}\n")
    ));

    // Webhook secret replaced, then removed.
    let updated = repositories::update_repository(
        core,
        repo.id,
        RepositoryUpdate {
            webhook_secret: Some(Some("new-hook".into())),
            ..Default::default()
        },
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(
        core.vault
            .decrypt_str(
                WEBHOOK_SECRET_PURPOSE,
                updated.encrypted_webhook_secret.as_deref().unwrap()
            )
            .unwrap(),
        "new-hook"
    );
    let updated = repositories::update_repository(
        core,
        repo.id,
        RepositoryUpdate {
            webhook_secret: Some(None),
            ..Default::default()
        },
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(updated.encrypted_webhook_secret, None);

    // Clearing credentials leaves anonymous access.
    let updated = repositories::update_repository(
        core,
        repo.id,
        RepositoryUpdate {
            clear_credentials: true,
            ..Default::default()
        },
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(
        (updated.auth_type, updated.encrypted_credentials.clone()),
        (AuthType::None, None)
    );
    assert!(matches!(
        repositories::remote_spec(core, &updated).unwrap().auth,
        GitAuth::None
    ));

    // The audit lists field names, never values of secrets.
    let updates = audits(&env, "git_repository.update").await;
    let changed: Vec<serde_json::Value> = updates
        .iter()
        .map(|e| e.after.clone().unwrap()["changed"].clone())
        .collect();
    assert_eq!(
        changed,
        vec![
            serde_json::json!(["name", "credentials"]),
            serde_json::json!([
                "auth",
                "credentials",
                "default_branch",
                "write_mode",
                "commit_author",
                "ssh_host_keys"
            ]),
            serde_json::json!(["auth", "credentials"]),
            serde_json::json!(["webhook_secret"]),
            serde_json::json!(["webhook_secret"]),
            serde_json::json!(["auth", "credentials"]),
        ]
    );
    // Nothing to change: no write, no audit.
    repositories::update_repository(
        core,
        repo.id,
        RepositoryUpdate {
            webhook_secret: Some(None),
            write_mode: Some(WriteMode::PullRequest),
            ..Default::default()
        },
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(audits(&env, "git_repository.update").await.len(), 6);

    // Delete: refused while a fabric uses the repository.
    repositories::create_fabric_for(core, fabric_input("dc-b", Some(repo.id), "b"), &actor())
        .await
        .unwrap();
    let dc_a =
        repositories::create_fabric_for(core, fabric_input("dc-a", Some(repo.id), "a"), &actor())
            .await
            .unwrap();
    assert_validation(
        repositories::delete_repository(core, repo.id, &actor()).await,
        "id",
        &format!("repository {url} is used by fabric(s) dc-a, dc-b; delete or move them first"),
    );
    repositories::delete_fabric(core, dc_a.id, &actor())
        .await
        .unwrap();
    let dc_b = repositories::find_fabric(core, "dc-b").await.unwrap();
    repositories::update_fabric(
        core,
        dc_b.id,
        FabricUpdate {
            git_repository_id: Some(Some(plain.id)),
            ..Default::default()
        },
        &actor(),
    )
    .await
    .unwrap();
    repositories::delete_repository(core, repo.id, &actor())
        .await
        .unwrap();
    assert!(
        git_repository::Entity::find_by_id(repo.id)
            .one(&core.db)
            .await
            .unwrap()
            .is_none()
    );
    let deleted = audits(&env, "git_repository.delete").await;
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0].target_id.as_deref(), Some(&*repo.id.to_string()));
    assert!(matches!(
        repositories::delete_repository(core, repo.id, &actor()).await,
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        repositories::update_repository(core, repo.id, RepositoryUpdate::default(), &actor()).await,
        Err(Error::NotFound { .. })
    ));

    assert_no_secret_in_audit(
        &env,
        &[TOKEN, HOOK, "ghp_other", "pa:ss", "new-hook", "AAAA"],
    )
    .await;
}

#[tokio::test]
async fn fabric_creation_rules() {
    let env = env(Backend::Sqlite, false).await;
    let core = &env.core;
    let repo = repositories::create_repository(
        core,
        RepositoryInput {
            default_branch: Some("develop".into()),
            ..repo_input("https://example.com/net/fabrics.git")
        },
        &actor(),
    )
    .await
    .unwrap();
    let other = repositories::create_repository(
        core,
        repo_input("https://example.com/net/other.git"),
        &actor(),
    )
    .await
    .unwrap();

    // With a repository: directory normalised, branch from the repository (no remote contact:
    // the URL does not exist).
    let dc1 = repositories::create_fabric_for(
        core,
        FabricInput {
            description: Some("  first site ".into()),
            ..fabric_input(" dc1 ", Some(repo.id), "/fabrics//dc1/")
        },
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(dc1.name, "dc1");
    assert_eq!(dc1.gitops_directory, "fabrics/dc1");
    assert_eq!(dc1.git_branch.as_deref(), Some("develop"));
    assert_eq!(dc1.description.as_deref(), Some("first site"));
    assert_eq!(dc1.sync_interval_seconds, 120);
    assert_eq!(dc1.git_repository_id, Some(repo.id));
    assert_eq!(dc1.gitops_directory_status, DirectoryStatus::NotInitialized);

    // Explicit branch and interval; without a repository.
    let dc2 = repositories::create_fabric_for(
        core,
        FabricInput {
            branch: Some("feature/x".into()),
            sync_interval_seconds: Some(30),
            ..fabric_input("dc2", Some(repo.id), "fabrics/dc2")
        },
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(
        (dc2.git_branch.as_deref(), dc2.sync_interval_seconds),
        (Some("feature/x"), 30)
    );
    let lab = repositories::create_fabric_for(
        core,
        FabricInput {
            sync_interval_seconds: Some(86400),
            ..fabric_input("lab", None, "fabrics/dc1")
        },
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!((lab.git_repository_id, lab.git_branch), (None, None));
    // The same directory in another repository is fine.
    repositories::create_fabric_for(
        core,
        fabric_input("dc1-mirror", Some(other.id), "fabrics/dc1"),
        &actor(),
    )
    .await
    .unwrap();

    // Refusals.
    let duplicate = repositories::create_fabric_for(
        core,
        fabric_input("dc1", Some(other.id), "elsewhere"),
        &actor(),
    )
    .await;
    assert!(
        matches!(&duplicate, Err(Error::AlreadyExists(m)) if m.contains("\"dc1\"")),
        "{duplicate:?}"
    );
    let same_dir = repositories::create_fabric_for(
        core,
        fabric_input("dc1-again", Some(repo.id), "fabrics/dc1/"),
        &actor(),
    )
    .await;
    assert!(
        matches!(&same_dir, Err(Error::AlreadyExists(m))
            if m.contains("already belongs to another fabric") && m.contains("fabrics/dc1")),
        "{same_dir:?}"
    );
    for seconds in [29, 0, -5, 86401] {
        assert_validation(
            repositories::create_fabric_for(
                core,
                FabricInput {
                    sync_interval_seconds: Some(seconds),
                    ..fabric_input("x", None, "x")
                },
                &actor(),
            )
            .await,
            "sync_interval_seconds",
            "between 30 and 86400",
        );
    }
    assert_validation(
        repositories::create_fabric_for(core, fabric_input("  ", None, "x"), &actor()).await,
        "name",
        "1 to 100 characters",
    );
    assert_validation(
        repositories::create_fabric_for(core, fabric_input(&"n".repeat(101), None, "x"), &actor())
            .await,
        "name",
        "1 to 100 characters",
    );
    assert_validation(
        repositories::create_fabric_for(core, fabric_input("x", None, "a/../b"), &actor()).await,
        "directory",
        "relative path",
    );
    assert_validation(
        repositories::create_fabric_for(
            core,
            FabricInput {
                branch: Some("-bad".into()),
                ..fabric_input("x", Some(repo.id), "x")
            },
            &actor(),
        )
        .await,
        "branch",
        "not a valid git branch name",
    );
    assert!(matches!(
        repositories::create_fabric_for(core, fabric_input("x", Some(9999), "x"), &actor()).await,
        Err(Error::NotFound { .. })
    ));

    let created = audits(&env, "fabric.create").await;
    assert_eq!(created.len(), 4);
    assert_eq!(created[0].fabric_id, Some(dc1.id));
    assert_eq!(created[0].after.as_ref().unwrap()["branch"], "develop");
    assert_eq!(fabric::Entity::find().all(&core.db).await.unwrap().len(), 4);
}

/// Fabric update and delete with a real repository, real syncs and every dependent row.
async fn fabric_lifecycle(backend: Backend) {
    let env = env(backend, false).await;
    let core = &env.core;
    let vpc = |name: &str| {
        format!(
            "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: {name}\nspec:\n  subnets:\n    default:\n      subnet: 10.0.1.0/24\n      vlan: 1001\n"
        )
    };
    env.git.write("fabrics/dc1/a.yaml", vpc("vpc-a")).unwrap();
    env.git.write("fabrics/new/b.yaml", vpc("vpc-b")).unwrap();
    env.git.commit("two directories").unwrap();

    let repo = repositories::create_repository(core, repo_input(&env.git.url()), &actor())
        .await
        .unwrap();
    let fabric = repositories::create_fabric_for(
        core,
        fabric_input("dc1", Some(repo.id), "fabrics/dc1"),
        &actor(),
    )
    .await
    .unwrap();
    let other = repositories::create_fabric_for(
        core,
        fabric_input("dc2", Some(repo.id), "fabrics/dc2"),
        &actor(),
    )
    .await
    .unwrap();
    let report = sync(&env, fabric.id).await;
    assert_eq!(
        report.status,
        OperationStatus::Succeeded,
        "{:?}",
        report.errors
    );
    assert_eq!(
        resources(&env, fabric.id).await.keys().collect::<Vec<_>>(),
        vec!["VPC/default/vpc-a"]
    );
    let synced = reload_fabric(&env, fabric.id).await.unwrap();
    assert!(synced.desired_state_commit.is_some());

    // Rename, interval and description: the ingested state stays.
    let renamed = repositories::update_fabric(
        core,
        fabric.id,
        FabricUpdate {
            name: Some("dc1-renamed".into()),
            description: Some(Some("site one".into())),
            sync_interval_seconds: Some(600),
            ..Default::default()
        },
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(renamed.name, "dc1-renamed");
    assert_eq!(renamed.description.as_deref(), Some("site one"));
    assert_eq!(renamed.sync_interval_seconds, 600);
    assert_eq!(renamed.desired_state_commit, synced.desired_state_commit);

    // Refused updates change nothing.
    let taken = repositories::update_fabric(
        core,
        fabric.id,
        FabricUpdate {
            name: Some("dc2".into()),
            ..Default::default()
        },
        &actor(),
    )
    .await;
    assert!(matches!(taken, Err(Error::AlreadyExists(_))), "{taken:?}");
    let dir_taken = repositories::update_fabric(
        core,
        fabric.id,
        FabricUpdate {
            directory: Some("fabrics/dc2/".into()),
            ..Default::default()
        },
        &actor(),
    )
    .await;
    assert!(
        matches!(&dir_taken, Err(Error::AlreadyExists(m)) if m.contains("already belongs")),
        "{dir_taken:?}"
    );
    assert_validation(
        repositories::update_fabric(
            core,
            fabric.id,
            FabricUpdate {
                sync_interval_seconds: Some(10),
                ..Default::default()
            },
            &actor(),
        )
        .await,
        "sync_interval_seconds",
        "between",
    );
    assert!(matches!(
        repositories::update_fabric(
            core,
            fabric.id,
            FabricUpdate {
                git_repository_id: Some(Some(9999)),
                ..Default::default()
            },
            &actor(),
        )
        .await,
        Err(Error::NotFound { .. })
    ));
    assert_eq!(reload_fabric(&env, fabric.id).await.unwrap(), renamed);

    // Directory change: the next sync reads the new directory from scratch.
    let moved = repositories::update_fabric(
        core,
        fabric.id,
        FabricUpdate {
            directory: Some("fabrics/new".into()),
            ..Default::default()
        },
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(moved.gitops_directory, "fabrics/new");
    assert_eq!(moved.desired_state_commit, None);
    assert_eq!(
        moved.gitops_directory_status,
        DirectoryStatus::NotInitialized
    );
    assert_eq!(moved.git_branch.as_deref(), Some("main"));
    let report = sync(&env, fabric.id).await;
    assert_eq!(
        report.status,
        OperationStatus::Succeeded,
        "{:?}",
        report.errors
    );
    let now = resources(&env, fabric.id).await;
    assert!(now.contains_key("VPC/default/vpc-b"), "{:?}", now.keys());
    assert!(!now.contains_key("VPC/default/vpc-a"), "{:?}", now.keys());

    // Detached from the repository, then attached again: branch follows the repository.
    let detached = repositories::update_fabric(
        core,
        other.id,
        FabricUpdate {
            git_repository_id: Some(None),
            ..Default::default()
        },
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(
        (detached.git_repository_id, detached.git_branch),
        (None, None)
    );
    let attached = repositories::update_fabric(
        core,
        other.id,
        FabricUpdate {
            git_repository_id: Some(Some(repo.id)),
            branch: Some(Some("main".into())),
            ..Default::default()
        },
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(attached.git_repository_id, Some(repo.id));
    assert_eq!(attached.git_branch.as_deref(), Some("main"));

    let changes: Vec<serde_json::Value> = audits(&env, "fabric.update")
        .await
        .iter()
        .map(|e| e.after.clone().unwrap()["changed"].clone())
        .collect();
    assert_eq!(
        changes,
        vec![
            serde_json::json!(["name", "description", "sync_interval_seconds"]),
            serde_json::json!(["directory"]),
            serde_json::json!(["git_repository_id", "branch"]),
            serde_json::json!(["git_repository_id", "branch"]),
        ]
    );

    // Dependent rows of every kind, then delete: they all go, the audit event stays.
    let extra = resource::ActiveModel {
        fabric_id: Set(fabric.id),
        kind: Set("Switch".into()),
        api_version: Set("wiring.githedgehog.com/v1beta1".into()),
        namespace: Set("default".into()),
        name: Set("leaf-01".into()),
        created_at: Set(chrono::Utc::now()),
        updated_at: Set(chrono::Utc::now()),
        sync_direction: Set(SyncDirection::Bidirectional),
        conflict_status: Set(ConflictStatus::Detected),
        resource_state: Set(ResourceState::Draft),
        drift_status: Set(DriftStatus::Unknown),
        ..Default::default()
    }
    .insert(&core.db)
    .await
    .unwrap();
    let operation_id = uuid_like(fabric.id);
    sync_operation::ActiveModel {
        id: Set(operation_id.clone()),
        fabric_id: Set(fabric.id),
        direction: Set(OperationDirection::GuiToGit),
        trigger: Set(OperationTrigger::Manual),
        status: Set(OperationStatus::Queued),
        percent: Set(0),
        files_processed: Set(0),
        resources_created: Set(0),
        resources_updated: Set(0),
        resources_deleted: Set(0),
        resources_unchanged: Set(0),
        conflicts_detected: Set(0),
        dry_run: Set(false),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&core.db)
    .await
    .unwrap();
    conflict::ActiveModel {
        fabric_id: Set(fabric.id),
        resource_id: Set(extra.id),
        conflict_type: Set(ConflictType::ConcurrentModification),
        status: Set(ConflictState::Open),
        sync_operation_id: Set(Some(operation_id)),
        detected_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&core.db)
    .await
    .unwrap();
    flags::set(
        &core.db,
        Flag::DirectoryManagement,
        Some(fabric.id),
        true,
        None,
        &actor(),
    )
    .await
    .unwrap();
    let count_rows = || async {
        (
            resource::Entity::find()
                .filter(resource::Column::FabricId.eq(fabric.id))
                .all(&core.db)
                .await
                .unwrap()
                .len(),
            sync_operation::Entity::find()
                .filter(sync_operation::Column::FabricId.eq(fabric.id))
                .all(&core.db)
                .await
                .unwrap()
                .len(),
            conflict::Entity::find()
                .filter(conflict::Column::FabricId.eq(fabric.id))
                .all(&core.db)
                .await
                .unwrap()
                .len(),
            feature_flag::Entity::find()
                .filter(feature_flag::Column::FabricId.eq(fabric.id))
                .all(&core.db)
                .await
                .unwrap()
                .len(),
        )
    };
    let before = count_rows().await;
    assert!(
        before.0 >= 2 && before.1 >= 3 && before.2 == 1 && before.3 == 1,
        "{before:?}"
    );

    repositories::delete_fabric(core, fabric.id, &actor())
        .await
        .unwrap();
    assert!(reload_fabric(&env, fabric.id).await.is_none());
    assert_eq!(count_rows().await, (0, 0, 0, 0));
    assert!(reload_fabric(&env, other.id).await.is_some());
    let deleted = audits(&env, "fabric.delete").await;
    assert_eq!(deleted.len(), 1);
    assert_eq!(
        deleted[0].target_id.as_deref(),
        Some(&*fabric.id.to_string())
    );
    assert_eq!(deleted[0].fabric_id, None);
    assert_eq!(deleted[0].before.as_ref().unwrap()["name"], "dc1-renamed");
    // Earlier audit events of the fabric survive too (their fabric_id is cleared).
    assert_eq!(audits(&env, "fabric.update").await.len(), 4);
    assert!(matches!(
        repositories::delete_fabric(core, fabric.id, &actor()).await,
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        repositories::update_fabric(core, fabric.id, FabricUpdate::default(), &actor()).await,
        Err(Error::NotFound { .. })
    ));

    // The repository can go once its last fabric has.
    assert_validation(
        repositories::delete_repository(core, repo.id, &actor()).await,
        "id",
        "dc2",
    );
    repositories::delete_fabric(core, other.id, &actor())
        .await
        .unwrap();
    repositories::delete_repository(core, repo.id, &actor())
        .await
        .unwrap();
}

/// A UUID-shaped id (sync operation ids are UUID text).
fn uuid_like(seed: i32) -> String {
    format!("00000000-0000-4000-8000-{seed:012}")
}

#[tokio::test]
async fn sqlite_fabric_update_and_delete() {
    fabric_lifecycle(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_fabric_update_and_delete() {
    fabric_lifecycle(Backend::Postgres).await;
}

/// Two fabrics created at the same time on one repository URL not recorded yet: both succeed
/// and share one repository record (the second insert meets the first's row and reuses it).
#[tokio::test]
async fn concurrent_fabric_creation_on_a_new_url_shares_one_repository() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let env = env(backend, false).await;
        let new = |name: &str| repositories::NewFabric {
            name: name.into(),
            repo_url: env.git.url(),
            directory: format!("dir-{name}"),
            branch: Some("main".into()),
            auth: AuthType::None,
            credentials: None,
            ssh_host_keys: vec![],
            commit_author: None,
        };
        let actor = actor();
        let (a, b) = tokio::join!(
            repositories::create_fabric(&env.core, new("a"), &actor),
            repositories::create_fabric(&env.core, new("b"), &actor),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.1.id, b.1.id, "{backend:?}");
        let repos = git_repository::Entity::find()
            .all(&env.core.db)
            .await
            .unwrap();
        assert_eq!(repos.len(), 1, "{backend:?}");
    }
}
