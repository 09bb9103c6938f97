//! A secret stored through the vault never appears in clear anywhere in the database file.

use chrono::Utc;
use hnp_core::config::Config;
use hnp_core::security::vault::{KeyMaterial, KeySource, Vault};
use hnp_entity::enums::AuthType;
use hnp_entity::git_repository;
use hnp_tests::TestDatabase;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

/// Every byte of the SQLite database: main file, WAL and shared memory.
fn database_bytes(path: &std::path::Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        if let Ok(content) = std::fs::read(&name) {
            bytes.extend(content);
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[tokio::test]
async fn stored_token_plaintext_is_nowhere_in_the_database_file() {
    let test_db = TestDatabase::sqlite().unwrap();
    let path = test_db.sqlite_path().unwrap();
    let db = hnp_core::db::connect(&test_db.url).await.unwrap();
    hnp_core::db::migrate(&db).await.unwrap();

    let config = Config {
        data_dir: test_db.dir().unwrap().join("data"),
        ..Config::default()
    };
    let vault = Vault::load(&config).unwrap();
    let token = format!("ghp_{}", uuid::Uuid::new_v4().simple());
    let credentials = serde_json::json!({ "token": token }).to_string();
    let now = Utc::now();
    let stored = git_repository::ActiveModel {
        name: Set("gitops".into()),
        url: Set("https://github.com/example/gitops.git".into()),
        auth_type: Set(AuthType::Token),
        encrypted_credentials: Set(Some(
            vault
                .encrypt_str("git_repository.credentials", &credentials)
                .unwrap(),
        )),
        provider: Set(hnp_entity::enums::Provider::Github),
        default_branch: Set("main".into()),
        connection_status: Set(hnp_entity::enums::ConnectionStatus::Untested),
        write_mode: Set(hnp_entity::enums::WriteMode::DirectPush),
        commit_author_name: Set("HNP Sync".into()),
        commit_author_email: Set("hnp@example.com".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();

    // The value reads back through the vault ...
    let row = git_repository::Entity::find_by_id(stored.id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let decrypted = vault
        .decrypt_str(
            "git_repository.credentials",
            row.encrypted_credentials.as_deref().unwrap(),
        )
        .unwrap();
    assert_eq!(decrypted, credentials);
    db.close().await.unwrap();

    // ... but its plaintext is in no byte of the database, and a different key cannot read it.
    let bytes = database_bytes(&path);
    assert!(
        bytes.len() > 4096,
        "database file was not found or is empty"
    );
    assert!(
        contains(&bytes, "github.com/example/gitops"),
        "sanity: clear columns are visible"
    );
    assert!(
        !contains(&bytes, &token),
        "token plaintext found in the database file"
    );
    let other = Vault::new(&KeyMaterial::generate().unwrap(), KeySource::Environment).unwrap();
    let err = other
        .decrypt(
            "git_repository.credentials",
            row.encrypted_credentials.as_deref().unwrap(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("configured key"), "{err}");
}
