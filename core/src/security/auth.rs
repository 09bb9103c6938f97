//! Users, passwords and API tokens.
//!
//! Passwords are stored as argon2id PHC strings. API tokens are 32 random bytes shown once as
//! `hnp_<hex>`; the database keeps only their SHA-256 and a short prefix to recognise them.
//! Hashing runs on the blocking pool: argon2 is deliberately slow.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::Utc;
use hnp_entity::enums::Role;
use hnp_entity::{api_token, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::audit::{self, Actor};
use crate::error::{Error, Result};

pub use super::tokens::{
    NewToken, SESSION_TOKEN_NAME, authenticate_token, create_session_token, create_token,
    delete_expired_sessions, end_session, find_token, is_session, is_token, list_tokens,
    revoke_token,
};

/// Records an audit event about users and tokens (no before/after: never a secret).
pub(super) async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    target_type: &str,
    target_id: Option<String>,
    summary: String,
) -> Result<()> {
    audit::record(
        db,
        actor,
        audit::Entry {
            action: action.to_owned(),
            target_type: target_type.to_owned(),
            target_id,
            summary: Some(summary),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

const MAX_USERNAME_LEN: usize = 150;
const MIN_PASSWORD_LEN: usize = 8;

fn validate_username(username: &str) -> Result<()> {
    if username.is_empty() {
        return Err(Error::validation("username", "must not be empty"));
    }
    if username.len() > MAX_USERNAME_LEN {
        return Err(Error::validation(
            "username",
            format!("must be at most {MAX_USERNAME_LEN} characters"),
        ));
    }
    if !username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
    {
        return Err(Error::validation(
            "username",
            "may contain only letters, digits and . _ - @",
        ));
    }
    Ok(())
}

fn validate_password(password: &str) -> Result<()> {
    if password.is_empty() {
        return Err(Error::validation("password", "must not be empty"));
    }
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(Error::validation(
            "password",
            format!("must be at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
    Ok(())
}

/// How many argon2 computations run at once in this process. A flood of logins queues here
/// (and gives up after [`ARGON2_WAIT`]) instead of filling the blocking pool and starving every
/// other request.
const ARGON2_CONCURRENCY: usize = 2;
/// How long a password check waits for a free slot before the login is refused as busy.
const ARGON2_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

static ARGON2_SLOTS: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(ARGON2_CONCURRENCY));

async fn argon2_slot() -> Result<tokio::sync::SemaphorePermit<'static>> {
    match tokio::time::timeout(ARGON2_WAIT, ARGON2_SLOTS.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(Error::RateLimited {
            message: "too many password checks in progress".to_owned(),
            retry_after_secs: 5,
        }),
    }
}

/// argon2id hash (PHC string) of `password`.
pub async fn hash_password(password: &str) -> Result<String> {
    let password = password.to_owned();
    let _slot = argon2_slot().await?;
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| Error::Vault(format!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| Error::Vault(format!("password hashing task failed: {e}")))?
}

/// Whether `password` matches the stored PHC string (an error only when no argon2 slot came
/// free in time).
pub async fn verify_password(password: &str, stored: &str) -> Result<bool> {
    let password = password.to_owned();
    let stored = stored.to_owned();
    let _slot = argon2_slot().await?;
    Ok(tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|hash| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &hash)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false))
}

/// A hash of a random password with the default parameters: unknown usernames are verified
/// against it, so they cost the same time as known ones.
async fn dummy_hash() -> Result<&'static str> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| async {
            let mut random = [0u8; 24];
            getrandom::fill(&mut random)
                .map_err(|e| Error::Vault(format!("no randomness: {e}")))?;
            hash_password(&hex::encode(random)).await
        })
        .await
        .map(String::as_str)
}

/// Creates a user, audited as `user.create`. Errors: invalid username/password, or the username
/// is taken.
pub async fn create_user(
    db: &impl ConnectionTrait,
    username: &str,
    password: &str,
    role: Role,
    actor: &Actor,
) -> Result<user::Model> {
    validate_username(username)?;
    validate_password(password)?;
    if find_user(db, username).await?.is_some() {
        return Err(Error::AlreadyExists(format!(
            "user {username:?} already exists"
        )));
    }
    let now = Utc::now();
    let model = user::ActiveModel {
        username: Set(username.to_owned()),
        password_hash: Set(hash_password(password).await?),
        role: Set(role),
        is_active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let user = model.insert(db).await?;
    record(
        db,
        actor,
        "user.create",
        "user",
        Some(user.id.to_string()),
        format!("created user {} ({})", user.username, user.role),
    )
    .await?;
    Ok(user)
}

pub async fn find_user(db: &impl ConnectionTrait, username: &str) -> Result<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(db)
        .await?)
}

pub async fn list_users(db: &impl ConnectionTrait) -> Result<Vec<user::Model>> {
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Username)
        .all(db)
        .await?)
}

/// A login: the user and their new session token.
#[derive(Debug)]
pub struct Login {
    pub user: user::Model,
    pub session: NewToken,
}

/// Logs `username` in: checks the password ([`authenticate`]), deletes expired sessions and
/// creates a session token valid for `ttl`; audited as `auth.login`, a wrong password as
/// `auth.login_failed` (then [`Error::Unauthenticated`]).
pub async fn login(
    db: &impl ConnectionTrait,
    username: &str,
    password: &str,
    ttl: chrono::Duration,
) -> Result<Login> {
    let user = match authenticate(db, username, password).await {
        Ok(user) => user,
        Err(Error::Unauthenticated) => {
            let _ = record(
                db,
                &Actor::system(username),
                "auth.login_failed",
                "user",
                None,
                format!("failed login for {username:?}"),
            )
            .await;
            return Err(Error::Unauthenticated);
        }
        Err(e) => return Err(e),
    };
    if let Err(e) = delete_expired_sessions(db).await {
        tracing::warn!(error = %e, "cannot delete expired sessions");
    }
    let session = create_session_token(db, &user, ttl).await?;
    record(
        db,
        &Actor::user(&user),
        "auth.login",
        "user",
        Some(user.id.to_string()),
        format!("{} logged in", user.username),
    )
    .await?;
    Ok(Login { user, session })
}

/// Checks a username and password; the same error for unknown users and wrong passwords.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    username: &str,
    password: &str,
) -> Result<user::Model> {
    let Some(user) = find_user(db, username).await? else {
        // The same work as for a known user: unknown usernames are not told apart by timing.
        let _ = verify_password(password, dummy_hash().await?).await?;
        return Err(Error::Unauthenticated);
    };
    if !verify_password(password, &user.password_hash).await? || !user.is_active {
        return Err(Error::Unauthenticated);
    }
    let mut active: user::ActiveModel = user.into();
    active.last_login_at = Set(Some(Utc::now()));
    Ok(active.update(db).await?)
}

/// A change of a user by an admin: `None` fields stay.
#[derive(Debug, Clone, Copy, Default)]
pub struct UserChange {
    /// `false` deactivates: the user's tokens stop working and their login sessions are
    /// deleted; `true` reactivates.
    pub active: Option<bool>,
    pub role: Option<Role>,
}

/// Applies `change` to user `user_id` and returns (before, after); audited as `user.update`
/// when something changed (`deactivated`, `reactivated`, `role a → b`).
pub async fn update_user(
    db: &sea_orm::DatabaseConnection,
    user_id: i32,
    change: UserChange,
    actor: &Actor,
) -> Result<(user::Model, user::Model)> {
    let (before, user) = apply_change(db, user_id, change).await?;
    let mut changes = Vec::new();
    if before.is_active != user.is_active {
        changes.push(
            if user.is_active {
                "reactivated"
            } else {
                "deactivated"
            }
            .to_owned(),
        );
    }
    if before.role != user.role {
        changes.push(format!("role {} → {}", before.role, user.role));
    }
    if !changes.is_empty() {
        record(
            db,
            actor,
            "user.update",
            "user",
            Some(user.id.to_string()),
            format!("{}: {}", user.username, changes.join(", ")),
        )
        .await?;
    }
    Ok((before, user))
}

/// Sets the role of user `user_id` and returns (before, after); audited as `user.update_role`
/// (also when the role stays).
pub async fn update_user_role(
    db: &sea_orm::DatabaseConnection,
    user_id: i32,
    role: Role,
    actor: &Actor,
) -> Result<(user::Model, user::Model)> {
    let change = UserChange {
        active: None,
        role: Some(role),
    };
    let (before, user) = apply_change(db, user_id, change).await?;
    record(
        db,
        actor,
        "user.update_role",
        "user",
        Some(user.id.to_string()),
        format!("{}: role {} → {}", user.username, before.role, user.role),
    )
    .await?;
    Ok((before, user))
}

/// Applies `change` to user `user_id` in one transaction and returns (before, after). There
/// must stay an active admin: deactivating or demoting the last one is refused (the active
/// admins are locked first on PostgreSQL, and SQLite's write transaction is exclusive, so two
/// concurrent changes cannot both pass the check).
async fn apply_change(
    db: &sea_orm::DatabaseConnection,
    user_id: i32,
    change: UserChange,
) -> Result<(user::Model, user::Model)> {
    use sea_orm::QuerySelect;
    let txn = crate::db::begin_write(db).await?;
    let mut admins = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin))
        .filter(user::Column::IsActive.eq(true));
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        admins = admins.lock_exclusive();
    }
    let admins = admins.all(&txn).await?;
    let before = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::not_found(format!("user {user_id}")))?;
    let active = change.active.unwrap_or(before.is_active);
    let role = change.role.unwrap_or(before.role);
    if active == before.is_active && role == before.role {
        txn.commit().await?;
        return Ok((before.clone(), before));
    }
    let was_admin = before.is_active && before.role == Role::Admin;
    let stays_admin = active && role == Role::Admin;
    if was_admin && !stays_admin && admins.iter().all(|a| a.id == user_id) {
        return Err(Error::validation(
            if active { "role" } else { "active" },
            format!(
                "{} is the last active admin; make another user admin first",
                before.username
            ),
        ));
    }
    if !active {
        api_token::Entity::delete_many()
            .filter(api_token::Column::UserId.eq(user_id))
            .filter(api_token::Column::Name.eq(SESSION_TOKEN_NAME))
            .filter(api_token::Column::ExpiresAt.is_not_null())
            .exec(&txn)
            .await?;
    }
    let mut model: user::ActiveModel = before.clone().into();
    model.is_active = Set(active);
    model.role = Set(role);
    model.updated_at = Set(Utc::now());
    let after = model.update(&txn).await?;
    txn.commit().await?;
    Ok((before, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_order() {
        assert!(Role::Viewer < Role::Operator && Role::Operator < Role::Admin);
    }

    #[tokio::test]
    async fn password_hashes_are_argon2id_and_verify() {
        let hash = hash_password("correct horse").await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("correct horse", &hash).await.unwrap());
        assert!(!verify_password("wrong horse", &hash).await.unwrap());
        assert!(!verify_password("x", "not a hash").await.unwrap());
    }

    #[test]
    fn input_rules() {
        assert!(validate_username("").is_err());
        assert!(validate_username("a b").is_err());
        assert!(validate_username("ops.admin@dc1").is_ok());
        assert!(validate_password("").is_err());
        assert!(validate_password("short").is_err());
    }
}
