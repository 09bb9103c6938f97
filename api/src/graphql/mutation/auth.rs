//! Sessions, users and API tokens.

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use hnp_core::security::auth;
use hnp_entity::api_token;
use hnp_entity::enums::Role;

use super::super::types::User;
use super::super::{CoreResult, caller, coded, enums, int_id, require, state};
use super::{ClientAddr, SESSION_HOURS, actor_of};

#[derive(SimpleObject)]
pub struct LoginPayload {
    pub token: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub user: User,
}

#[derive(SimpleObject)]
pub struct ApiToken {
    pub id: ID,
    pub name: String,
    pub prefix: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked: bool,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    /// A login session (from `login`) rather than an API token.
    pub session: bool,
    /// The token this request was made with (in `apiTokens`).
    pub current: bool,
}

impl From<api_token::Model> for ApiToken {
    fn from(t: api_token::Model) -> Self {
        ApiToken {
            id: ID(t.id.to_string()),
            session: auth::is_session(&t),
            name: t.name,
            prefix: t.token_prefix,
            created_at: t.created_at,
            expires_at: t.expires_at,
            revoked: t.revoked_at.is_some(),
            last_used_at: t.last_used_at,
            current: false,
        }
    }
}

#[derive(SimpleObject)]
pub struct CreatedApiToken {
    /// Shown once; only its hash is stored.
    pub token: String,
    pub api_token: ApiToken,
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Exchanges a username and password for a session token (valid 12 hours), also set as the
    /// HttpOnly session cookie the web UI uses. At most one `login` per request; failed
    /// attempts are limited per username, per address and per both.
    async fn login(
        &self,
        ctx: &Context<'_>,
        username: String,
        password: String,
    ) -> Result<LoginPayload> {
        let s = state(ctx);
        let addr = ctx.data_opt::<ClientAddr>().and_then(|a| a.0);
        if let Err(wait) = s.logins.check(&username, addr) {
            return Err(coded(
                format!("too many failed logins; try again in {wait} s"),
                "RATE_LIMITED",
            ));
        }
        let ttl = chrono::Duration::hours(SESSION_HOURS);
        let login = match auth::login(&s.core.db, &username, &password, ttl).await {
            Ok(login) => login,
            Err(hnp_core::Error::Unauthenticated) => {
                s.logins.failed(&username, addr);
                return Err(coded("invalid username or password", "UNAUTHENTICATED"));
            }
            Err(hnp_core::Error::RateLimited {
                retry_after_secs, ..
            }) => {
                return Err(coded(
                    format!("too many logins in progress; try again in {retry_after_secs} s"),
                    "RATE_LIMITED",
                ));
            }
            Err(e) => return Err(super::super::gql(e)),
        };
        s.logins.succeeded(&username, addr);
        // The SPA's session cookie (HttpOnly: scripts never see it; see `crate::auth`).
        let secure = ctx
            .data_opt::<super::super::SecureCookie>()
            .is_some_and(|s| s.0);
        ctx.append_http_header(
            "set-cookie",
            crate::auth::set_cookie(login.session.token.expose(), ttl.num_seconds(), secure),
        );
        Ok(LoginPayload {
            token: login.session.token.expose().to_owned(),
            expires_at: login.session.record.expires_at.unwrap_or_default(),
            user: User(login.user),
        })
    }

    /// Ends the login session this request was made with (its token stops working server-side)
    /// and clears the session cookie.
    async fn logout(&self, ctx: &Context<'_>) -> Result<bool> {
        let me = caller(ctx)?;
        let Some(token) = ctx.data_opt::<super::super::RequestToken>() else {
            return Err(coded("no session token in this request", "UNAUTHENTICATED"));
        };
        let s = state(ctx);
        auth::end_session(&s.core.db, &token.0, &actor_of(me))
            .await
            .gql()?;
        s.tokens.clear();
        let secure = ctx
            .data_opt::<super::super::SecureCookie>()
            .is_some_and(|s| s.0);
        ctx.append_http_header("set-cookie", crate::auth::set_cookie("", 0, secure));
        Ok(true)
    }

    /// Changes a user (admin): `active: false` deactivates them (their tokens stop working,
    /// their sessions end; the last active admin cannot be deactivated), `active: true`
    /// reactivates them; `role` changes the role.
    async fn update_user(
        &self,
        ctx: &Context<'_>,
        id: ID,
        active: Option<bool>,
        role: Option<enums::Role>,
    ) -> Result<User> {
        let me = require(ctx, Role::Admin)?;
        let user_id = int_id(&id, "id")?;
        let s = state(ctx);
        if active == Some(false) && user_id == me.id {
            return Err(coded("you cannot deactivate yourself", "VALIDATION_FAILED"));
        }
        let change = auth::UserChange {
            active,
            role: role.map(Into::into),
        };
        let (_, user) = auth::update_user(&s.core.db, user_id, change, &actor_of(me))
            .await
            .gql()?;
        s.tokens.clear();
        Ok(User(user))
    }

    /// Creates an API token for yourself, or (admin) for `username`.
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        name: String,
        username: Option<String>,
    ) -> Result<CreatedApiToken> {
        let me = caller(ctx)?;
        let owner = username.unwrap_or_else(|| me.username.clone());
        if owner != me.username {
            require(ctx, Role::Admin)?;
        }
        let created = auth::create_token(&state(ctx).core.db, &owner, Some(&name), &actor_of(me))
            .await
            .gql()?;
        Ok(CreatedApiToken {
            token: created.token.expose().to_owned(),
            api_token: created.record.into(),
        })
    }

    /// Revokes one of your tokens, or (admin) anyone's.
    async fn revoke_api_token(&self, ctx: &Context<'_>, id: ID) -> Result<ApiToken> {
        let me = caller(ctx)?;
        let token_id = int_id(&id, "id")?;
        let db = &state(ctx).core.db;
        let token = auth::find_token(db, token_id).await.gql()?;
        if token.user_id != me.id {
            require(ctx, Role::Admin)?;
        }
        let revoked = auth::revoke_token(db, token_id, &actor_of(me))
            .await
            .gql()?;
        state(ctx).tokens.clear();
        Ok(revoked.into())
    }

    /// Creates a user (admin).
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        username: String,
        password: String,
        role: enums::Role,
    ) -> Result<User> {
        let me = require(ctx, Role::Admin)?;
        let db = &state(ctx).core.db;
        let user = auth::create_user(db, &username, &password, role.into(), &actor_of(me))
            .await
            .gql()?;
        Ok(User(user))
    }

    /// Changes a user's role (admin).
    async fn update_user_role(&self, ctx: &Context<'_>, id: ID, role: enums::Role) -> Result<User> {
        let me = require(ctx, Role::Admin)?;
        let user_id = int_id(&id, "id")?;
        let db = &state(ctx).core.db;
        let (_, user) = auth::update_user_role(db, user_id, role.into(), &actor_of(me))
            .await
            .gql()?;
        state(ctx).tokens.clear();
        Ok(User(user))
    }
}
