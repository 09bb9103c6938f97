//! API tokens and login sessions: creation, lookup, authentication, logout and revocation.
//!
//! Re-exported from [`super::auth`], where these items have always lived.

use chrono::Utc;
use hnp_entity::{api_token, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use sha2::{Digest, Sha256};

use super::auth::{find_user, record};
use crate::audit::Actor;
use crate::error::{Error, Result};

const TOKEN_PREFIX: &str = "hnp_";
/// Name of login session tokens (they also always have an expiry; API tokens never do).
pub const SESSION_TOKEN_NAME: &str = "session";
/// Characters of the token kept in clear to identify it (`hnp_` + 8 hex digits).
const SHOWN_PREFIX_LEN: usize = 12;

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A token just created: the secret is available only here, once (never in `Debug`).
#[derive(Debug)]
pub struct NewToken {
    pub token: crate::config::SecretString,
    pub record: api_token::Model,
}

/// Creates an API token for `username`; `name` labels it (default `cli`). Audited as
/// `api_token.create`.
pub async fn create_token(
    db: &impl ConnectionTrait,
    username: &str,
    name: Option<&str>,
    actor: &Actor,
) -> Result<NewToken> {
    let user = find_user(db, username)
        .await?
        .ok_or_else(|| Error::not_found(format!("user {username:?}")))?;
    let given = name.unwrap_or("cli");
    let name = given.trim();
    if name.is_empty() {
        return Err(Error::validation("name", "must not be empty"));
    }
    if name == SESSION_TOKEN_NAME {
        return Err(Error::validation(
            "name",
            format!("{SESSION_TOKEN_NAME:?} is reserved for login sessions"),
        ));
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| Error::Vault(format!("no randomness: {e}")))?;
    let token = format!("{TOKEN_PREFIX}{}", hex::encode(secret));
    let record = api_token::ActiveModel {
        user_id: Set(user.id),
        name: Set(name.to_owned()),
        token_prefix: Set(token[..SHOWN_PREFIX_LEN].to_owned()),
        token_hash: Set(token_hash(&token)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    self::record(
        db,
        actor,
        "api_token.create",
        "api_token",
        Some(record.id.to_string()),
        format!(
            "token {:?} ({}…) for {username}",
            given, record.token_prefix
        ),
    )
    .await?;
    Ok(NewToken {
        token: token.into(),
        record,
    })
}

/// A token by id, or NOT_FOUND (`API token <id> not found`).
pub async fn find_token(db: &impl ConnectionTrait, token_id: i32) -> Result<api_token::Model> {
    api_token::Entity::find_by_id(token_id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found(format!("API token {token_id}")))
}

/// Resolves a bearer token to its active user; revoked or expired tokens are rejected.
pub async fn authenticate_token(db: &impl ConnectionTrait, token: &str) -> Result<user::Model> {
    if !token.starts_with(TOKEN_PREFIX) {
        return Err(Error::Unauthenticated);
    }
    let Some(record) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token_hash(token)))
        .one(db)
        .await?
    else {
        return Err(Error::Unauthenticated);
    };
    let now = Utc::now();
    if record.revoked_at.is_some() || record.expires_at.is_some_and(|at| at <= now) {
        return Err(Error::Unauthenticated);
    }
    let user = user::Entity::find_by_id(record.user_id)
        .one(db)
        .await?
        .filter(|u| u.is_active)
        .ok_or(Error::Unauthenticated)?;
    // Remember use at most once a minute: no write per request on a busy token.
    if record
        .last_used_at
        .is_none_or(|at| now - at > chrono::Duration::seconds(60))
    {
        let mut active: api_token::ActiveModel = record.into();
        active.last_used_at = Set(Some(now));
        active.update(db).await?;
    }
    Ok(user)
}

/// Creates a login session token for `user`, valid for `ttl`.
pub async fn create_session_token(
    db: &impl ConnectionTrait,
    user: &user::Model,
    ttl: chrono::Duration,
) -> Result<NewToken> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| Error::Vault(format!("no randomness: {e}")))?;
    let token = format!("{TOKEN_PREFIX}{}", hex::encode(secret));
    let now = Utc::now();
    let record = api_token::ActiveModel {
        user_id: Set(user.id),
        name: Set(SESSION_TOKEN_NAME.to_owned()),
        token_prefix: Set(token[..SHOWN_PREFIX_LEN].to_owned()),
        token_hash: Set(token_hash(&token)),
        created_at: Set(now),
        expires_at: Set(Some(now + ttl)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(NewToken {
        token: token.into(),
        record,
    })
}

/// Whether `record` is the stored row of the secret `token` (its hash matches).
pub fn is_token(record: &api_token::Model, token: &str) -> bool {
    record.token_hash == token_hash(token)
}

/// Lists a user's tokens (prefix and metadata only).
pub async fn list_tokens(
    db: &impl ConnectionTrait,
    username: &str,
) -> Result<Vec<api_token::Model>> {
    let user = find_user(db, username)
        .await?
        .ok_or_else(|| Error::not_found(format!("user {username:?}")))?;
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user.id))
        .order_by_asc(api_token::Column::Id)
        .all(db)
        .await?)
}

/// Ends the login session `token` (logout): its row is deleted, so the token stops working at
/// once (in other API processes within their token cache's few seconds). An API token is not
/// a session and is refused: revoke it instead. Audited as `auth.logout`.
pub async fn end_session(
    db: &impl ConnectionTrait,
    token: &str,
    actor: &Actor,
) -> Result<api_token::Model> {
    let record = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token_hash(token)))
        .one(db)
        .await?
        .ok_or(Error::Unauthenticated)?;
    if !is_session(&record) {
        return Err(Error::validation(
            "token",
            "this request used an API token, not a login session; revoke API tokens with revokeApiToken",
        ));
    }
    api_token::Entity::delete_by_id(record.id).exec(db).await?;
    self::record(
        db,
        actor,
        "auth.logout",
        "user",
        Some(record.user_id.to_string()),
        format!("{} logged out", actor.name),
    )
    .await?;
    Ok(record)
}

/// Whether a token row is a login session.
pub fn is_session(record: &api_token::Model) -> bool {
    record.name == SESSION_TOKEN_NAME && record.expires_at.is_some()
}

/// Deletes login sessions that expired (or were revoked); returns how many. Run at every
/// login and by the daily cleanup job.
pub async fn delete_expired_sessions(db: &impl ConnectionTrait) -> Result<u64> {
    use sea_orm::Condition;
    let result = api_token::Entity::delete_many()
        .filter(api_token::Column::Name.eq(SESSION_TOKEN_NAME))
        .filter(api_token::Column::ExpiresAt.is_not_null())
        .filter(
            Condition::any()
                .add(api_token::Column::ExpiresAt.lte(Utc::now()))
                .add(api_token::Column::RevokedAt.is_not_null()),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Revokes a token by id (already revoked: unchanged); audited as `api_token.revoke`.
pub async fn revoke_token(
    db: &impl ConnectionTrait,
    token_id: i32,
    actor: &Actor,
) -> Result<api_token::Model> {
    let token = find_token(db, token_id).await?;
    let revoked = if token.revoked_at.is_some() {
        token
    } else {
        let mut active: api_token::ActiveModel = token.into();
        active.revoked_at = Set(Some(Utc::now()));
        active.update(db).await?
    };
    record(
        db,
        actor,
        "api_token.revoke",
        "api_token",
        Some(token_id.to_string()),
        format!("revoked token {}…", revoked.token_prefix),
    )
    .await?;
    Ok(revoked)
}
