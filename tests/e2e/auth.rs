//! Users, tokens, feature-flag defaults and key rotation against real databases.

use hnp_core::Error;
use hnp_core::config::{Config, SecretString};
use hnp_core::flags::{self, Flag};
use hnp_core::security::vault::{KeyMaterial, KeySource, Vault};
use hnp_core::security::{auth, secrets};
use hnp_entity::enums::Role;
use hnp_tests::{Backend, TestDatabase};
use sea_orm::sea_query::Query;
use sea_orm::{ConnectionTrait, DatabaseConnection};

async fn migrated(backend: Backend) -> (TestDatabase, DatabaseConnection) {
    let test_db = TestDatabase::migrated(backend).await.unwrap();
    let db = hnp_core::db::connect(&test_db.url).await.unwrap();
    hnp_core::db::migrate(&db).await.unwrap();
    (test_db, db)
}

fn cli() -> hnp_core::audit::Actor {
    hnp_core::audit::Actor::system("cli")
}

async fn users_and_tokens(backend: Backend) {
    let (_guard, db) = migrated(backend).await;
    let admin = auth::create_user(&db, "admin", "correct horse", Role::Admin, &cli())
        .await
        .unwrap();
    assert!(admin.password_hash.starts_with("$argon2id$"));
    assert!(matches!(
        auth::create_user(&db, "admin", "another password", Role::Viewer, &cli()).await,
        Err(Error::AlreadyExists(_))
    ));
    assert!(matches!(
        auth::create_user(&db, "bob", "", Role::Viewer, &cli()).await,
        Err(Error::Validation { .. })
    ));

    assert_eq!(
        auth::authenticate(&db, "admin", "correct horse")
            .await
            .unwrap()
            .id,
        admin.id
    );
    assert!(matches!(
        auth::authenticate(&db, "admin", "wrong").await,
        Err(Error::Unauthenticated)
    ));
    assert!(matches!(
        auth::authenticate(&db, "nobody", "correct horse").await,
        Err(Error::Unauthenticated)
    ));

    let created = auth::create_token(&db, "admin", Some("ci"), &cli())
        .await
        .unwrap();
    assert!(
        created
            .token
            .expose()
            .starts_with(&created.record.token_prefix)
    );
    assert_ne!(created.record.token_hash, created.token.expose());
    let user = auth::authenticate_token(&db, created.token.expose())
        .await
        .unwrap();
    assert_eq!(user.username, "admin");
    let mut tampered = created.token.expose().to_owned();
    tampered.pop();
    tampered.push('x');
    assert!(auth::authenticate_token(&db, &tampered).await.is_err());
    auth::revoke_token(&db, created.record.id, &cli())
        .await
        .unwrap();
    assert!(matches!(
        auth::authenticate_token(&db, created.token.expose()).await,
        Err(Error::Unauthenticated)
    ));
    assert!(matches!(
        auth::create_token(&db, "nobody", None, &cli()).await,
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test]
async fn sqlite_users_and_tokens() {
    users_and_tokens(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_users_and_tokens() {
    users_and_tokens(Backend::Postgres).await;
}

#[tokio::test]
async fn flag_defaults_come_from_config_and_never_override_admin_choices() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let (_guard, db) = migrated(backend).await;
        let config = Config {
            directory_management_enabled: false,
            ..Config::default()
        };
        flags::ensure_defaults(&db, &config).await.unwrap();
        flags::ensure_defaults(&db, &config).await.unwrap();
        assert!(
            flags::is_enabled(&db, &config, Flag::BidirectionalSync, None)
                .await
                .unwrap()
        );
        assert!(
            !flags::is_enabled(&db, &config, Flag::DirectoryManagement, None)
                .await
                .unwrap()
        );
        // A later start with a different default keeps the stored global value.
        let other = Config::default();
        flags::ensure_defaults(&db, &other).await.unwrap();
        assert!(
            !flags::is_enabled(&db, &other, Flag::DirectoryManagement, None)
                .await
                .unwrap()
        );
    }
}

#[tokio::test]
async fn rotation_reencrypts_every_secret_and_retires_the_old_key() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let (test_db, db) = migrated(backend).await;
        let scratch = tempfile::tempdir().unwrap();
        let config = Config {
            data_dir: scratch.path().join("data"),
            ..Config::default()
        };
        let old = Vault::load(&config).unwrap();
        let old_key_text = std::fs::read_to_string(config.data_dir.join("secret.key")).unwrap();
        let insert = Query::insert()
            .into_table("git_repositories")
            .columns([
                "name",
                "url",
                "encrypted_credentials",
                "encrypted_webhook_secret",
            ])
            .values_panic([
                "r".into(),
                "file:///r.git".into(),
                old.encrypt_str("git_repository.credentials", "{\"token\":\"t1\"}")
                    .unwrap()
                    .into(),
                old.encrypt_str("git_repository.webhook_secret", "hook")
                    .unwrap()
                    .into(),
            ])
            .to_owned();
        db.execute(&insert).await.unwrap();
        let insert = Query::insert()
            .into_table("fabrics")
            .columns(["name", "encrypted_kubernetes_token"])
            .values_panic([
                "f".into(),
                old.encrypt_str("fabric.kubernetes_token", "kube-token")
                    .unwrap()
                    .into(),
            ])
            .to_owned();
        db.execute(&insert).await.unwrap();

        let rotation = secrets::rotate(&db, &config).await.unwrap();
        assert_eq!(rotation.values_reencrypted, 3);
        assert_ne!(rotation.old_key_id, rotation.new_key_id);
        assert!(!rotation.operator_action_required);

        let new = Vault::load(&config).unwrap();
        assert_eq!(new.key_id(), rotation.new_key_id);
        let row = db
            .query_one(
                &Query::select()
                    .columns(["encrypted_credentials", "encrypted_webhook_secret"])
                    .from("git_repositories")
                    .to_owned(),
            )
            .await
            .unwrap()
            .unwrap();
        let credentials: String = row.try_get("", "encrypted_credentials").unwrap();
        assert_eq!(
            new.decrypt_str("git_repository.credentials", &credentials)
                .unwrap(),
            "{\"token\":\"t1\"}"
        );
        // The old key alone no longer decrypts it (a vault that reads the key files follows
        // the rotation: see the vault's unit tests).
        let old_key_only = Vault::new(
            &KeyMaterial::from_base64(&old_key_text, "old key").unwrap(),
            KeySource::Environment,
        )
        .unwrap();
        assert!(
            old_key_only
                .decrypt("git_repository.credentials", &credentials)
                .is_err()
        );
        let hook: String = row.try_get("", "encrypted_webhook_secret").unwrap();
        assert_eq!(
            new.decrypt_str("git_repository.webhook_secret", &hook)
                .unwrap(),
            "hook"
        );

        // With the key in HNP_SECRET_KEY, the new key lands in a file the operator switches to.
        let env_material = KeyMaterial::from_base64(
            std::fs::read_to_string(config.data_dir.join("secret.key"))
                .unwrap()
                .trim(),
            "test",
        )
        .unwrap();
        let env_config = Config {
            secret_key: Some(SecretString::new(env_material.to_base64())),
            data_dir: config.data_dir.clone(),
            ..Config::default()
        };
        let rotation = secrets::rotate(&db, &env_config).await.unwrap();
        assert!(rotation.operator_action_required);
        assert_eq!(rotation.values_reencrypted, 3);
        let next = Config {
            secret_key_file: Some(rotation.key_file.clone()),
            data_dir: config.data_dir.clone(),
            ..Config::default()
        };
        assert_eq!(Vault::load(&next).unwrap().key_id(), rotation.new_key_id);
        drop(test_db);
    }
}
