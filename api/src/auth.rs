//! Who is calling: the token of a request (`Authorization: Bearer …`, or the SPA's session
//! cookie) resolved to its user (cached briefly), and the request body limit every route
//! shares. Used by GraphQL, REST and the websocket handshake.
//!
//! The session cookie: `login` sets `hnp_session` (HttpOnly, SameSite=Strict, Path=/, Secure
//! when the request came over TLS, i.e. with `X-Forwarded-Proto: https` from the TLS proxy in
//! front), `logout` clears it. Only GraphQL accepts it (REST and other API clients send the
//! header). Against cross-site request forgery, on top of SameSite=Strict: a cookie is only
//! read from a GraphQL POST whose `Content-Type` is `application/json` (a cross-site form
//! cannot send that without a CORS preflight, which this server never grants), and from a
//! websocket handshake whose `Origin` is the server's own host.

use crate::graphql::Principal;
use crate::state::AppState;
use poem::http::HeaderMap;

/// Largest request body accepted on any route (GraphQL documents with draft specs).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The name of the SPA's session cookie.
pub const SESSION_COOKIE: &str = "hnp_session";

/// The token of `Authorization: Bearer …` (or NetBox-style `Token …`).
pub fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("authorization")?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token"))
        .then(|| token.trim().to_owned())
}

/// The value of the session cookie, if the request carries one.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Whether the body is declared as JSON (`application/json`, parameters allowed).
pub fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"))
}

/// Whether a browser's websocket handshake comes from a page of this server: `Origin` absent
/// (not a browser) or naming the `Host` the request was sent to.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get("origin").and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers.get("host").and_then(|v| v.to_str().ok());
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest.trim_end_matches('/'));
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

/// Whether the request reached the TLS proxy in front over HTTPS (`X-Forwarded-Proto` or
/// `Forwarded: proto=https`): the session cookie is then `Secure`.
pub fn over_tls(headers: &HeaderMap) -> bool {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    header("x-forwarded-proto").is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
        || header("forwarded").is_some_and(|f| {
            f.split([';', ','])
                .any(|part| part.trim().eq_ignore_ascii_case("proto=https"))
        })
}

/// The `Set-Cookie` value that stores `token` for `max_age_secs` (0 with an empty token:
/// clears it).
pub fn set_cookie(token: &str, max_age_secs: i64, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(*name, value.parse().unwrap());
        }
        h
    }

    #[test]
    fn cookie_content_type_origin_and_tls() {
        let h = headers(&[("cookie", "a=1; hnp_session=hnp_abc ; b=2")]);
        assert_eq!(session_cookie(&h).as_deref(), Some("hnp_abc"));
        assert_eq!(
            session_cookie(&headers(&[("cookie", "hnp_session2=x")])),
            None
        );
        assert!(is_json(&headers(&[(
            "content-type",
            "application/json; charset=utf-8"
        )])));
        assert!(!is_json(&headers(&[("content-type", "text/plain")])));
        assert!(!is_json(&headers(&[])));
        let ws = |origin: &str| headers(&[("origin", origin), ("host", "hnp.example:8080")]);
        assert!(same_origin(&ws("https://hnp.example:8080")));
        assert!(!same_origin(&ws("https://evil.example")));
        assert!(!same_origin(&ws("https://hnp.example:8080.evil.example")));
        assert!(same_origin(&headers(&[("host", "x")])));
        assert!(over_tls(&headers(&[("x-forwarded-proto", "https")])));
        assert!(over_tls(&headers(&[(
            "forwarded",
            "for=1.2.3.4;proto=https"
        )])));
        assert!(!over_tls(&headers(&[("x-forwarded-proto", "http")])));
        assert_eq!(
            set_cookie("t", 60, true),
            "hnp_session=t; Path=/; Max-Age=60; HttpOnly; SameSite=Strict; Secure"
        );
    }
}
