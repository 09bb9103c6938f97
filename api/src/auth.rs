//! Who is calling: the bearer token of a request resolved to its user (cached briefly), and the
//! request body limit every route shares. Used by GraphQL, REST and the websocket handshake.

use crate::graphql::Principal;
use crate::state::AppState;
use poem::http::HeaderMap;

/// Largest request body accepted on any route (GraphQL documents with draft specs).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The token of `Authorization: Bearer …` (or NetBox-style `Token …`).
pub fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("authorization")?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token"))
        .then(|| token.trim().to_owned())
}

/// Resolves a request's token to its user; `None` when absent, invalid, expired or revoked
/// (a resolved token is cached for a few seconds, see [`crate::state::TokenCache`]).
pub async fn principal(state: &AppState, token: Option<&str>) -> Option<Principal> {
    let token = token?;
    if let Some(user) = state.tokens.get(token) {
        return Some(Principal(user));
    }
    let user = hnp_core::security::auth::authenticate_token(&state.core.db, token)
        .await
        .ok()?;
    state.tokens.put(token, user.clone());
    Some(Principal(user))
}
