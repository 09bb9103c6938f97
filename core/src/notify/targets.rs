//! Notification targets of a fabric: add (URL and filter validated, the secret encrypted with
//! the vault), list (never the secret), remove. Every change is audited.

use chrono::Utc;
use hnp_entity::enums::NotificationKind;
use hnp_entity::{fabric, notification_target};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;
use serde_json::json;

use super::Event;
use crate::audit::{self, Actor};
use crate::config::SecretString;
use crate::context::Core;
use crate::error::{Error, Result};

/// The vault purpose (associated data) of a target's signing secret.
pub const SECRET_PURPOSE: &str = "notification_target.secret";
/// The vault purpose of a target's whole URL (a Slack incoming webhook's path is its
/// credential; a generic webhook's path or query may carry a token).
pub const URL_PURPOSE: &str = "notification_target.url";
/// Longest accepted target URL.
pub const MAX_URL_LEN: usize = 2048;

/// A new target. `secret` signs webhook bodies (`X-HNP-Signature`); Slack targets take none.
#[derive(Debug, Clone)]
pub struct NewTarget {
    pub kind: NotificationKind,
    pub url: String,
    pub secret: Option<SecretString>,
    /// Event names; empty means every event.
    pub events: Vec<String>,
}

/// A target as the API and CLI show it: the URL without its path and query (see [`shown_url`]),
/// whether it has a secret, never the secret.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub id: i32,
    pub fabric_id: i32,
    pub kind: NotificationKind,
    pub url: String,
    pub has_secret: bool,
    /// The events it receives; empty means every event.
    pub events: Vec<String>,
    pub created_by: Option<String>,
    pub created_at: chrono::DateTime<Utc>,
}

impl From<notification_target::Model> for Target {
    fn from(row: notification_target::Model) -> Self {
        let events = events_of(&row);
        Target {
            id: row.id,
            fabric_id: row.fabric_id,
            kind: row.kind,
            url: row.url,
            has_secret: row.encrypted_secret.is_some(),
            events,
            created_by: row.created_by,
            created_at: row.created_at,
        }
    }
}

/// The filter of a stored target (empty: every event).
pub fn events_of(row: &notification_target::Model) -> Vec<String> {
    crate::db::json_column(row.events.clone())
        .and_then(|v| serde_json::from_value::<Vec<String>>(v).ok())
        .unwrap_or_default()
}

/// Whether `row` receives `event` (the test event reaches every target it is sent to).
pub fn wants(row: &notification_target::Model, event: &str) -> bool {
    let events = events_of(row);
    events.is_empty() || events.iter().any(|e| e == event)
}

/// The URL as shown and audited: scheme, host and port, with `/…` standing for a path or query
/// (which may be the credential).
pub fn shown_url(url: &reqwest::Url) -> String {
    let mut shown = format!("{}://{}", url.scheme(), url.host_str().unwrap_or(""));
    if let Some(port) = url.port() {
        shown.push_str(&format!(":{port}"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        shown.push_str("/…");
    }
    shown
}

/// Checks a target URL: http or https, a host, no user name or password (credentials belong
/// in the secret), at most [`MAX_URL_LEN`] characters.
pub fn check_url(url: &str) -> Result<reqwest::Url> {
    let url = url.trim();
    if url.len() > MAX_URL_LEN {
        return Err(Error::validation(
            "url",
            format!("longer than {MAX_URL_LEN} characters"),
        ));
    }
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Error::validation("url", format!("not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::validation(
            "url",
            format!("scheme {} is not http or https", parsed.scheme()),
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Error::validation("url", "has no host"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::validation(
            "url",
            "must not carry a user name or password (use the secret)",
        ));
    }
    Ok(parsed)
}

/// Checks an event filter: known names, no duplicates; sorted as [`Event::ALL`].
pub fn check_events(events: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for name in events {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        let Some(event) = Event::from_name(name) else {
            let known: Vec<&str> = Event::ALL.iter().map(|e| e.name()).collect();
            return Err(Error::validation(
                "events",
                format!("{name} is not an event (one of {})", known.join(", ")),
            ));
        };
        if !out.contains(&event) {
            out.push(event);
        }
    }
    out.sort_by_key(|e| Event::ALL.iter().position(|a| a == e));
    Ok(out.into_iter().map(|e| e.name().to_owned()).collect())
}

/// Adds a target to a fabric (operator; audited without the secret).
pub async fn add(
    core: &Core,
    fabric: &fabric::Model,
    input: NewTarget,
    actor: &Actor,
) -> Result<Target> {
    let checked = check_url(&input.url)?;
    let url = shown_url(&checked);
    let encrypted_url = core.vault.encrypt_str(URL_PURPOSE, checked.as_str())?;
    let events = check_events(&input.events)?;
    let secret = input
        .secret
        .filter(|s| !s.expose().is_empty())
        .map(|s| {
            if input.kind == NotificationKind::Slack {
                return Err(Error::validation(
                    "secret",
                    "Slack incoming webhooks are not signed (the URL is the credential)",
                ));
            }
            if s.expose().len() > 1024 {
                return Err(Error::validation("secret", "longer than 1024 bytes"));
            }
            core.vault.encrypt_str(SECRET_PURPOSE, s.expose())
        })
        .transpose()?;
    let txn = crate::db::begin_write(&core.db).await?;
    let row = notification_target::ActiveModel {
        fabric_id: Set(fabric.id),
        kind: Set(input.kind),
        url: Set(url.clone()),
        encrypted_url: Set(encrypted_url),
        encrypted_secret: Set(secret.clone()),
        events: Set((!events.is_empty()).then(|| json!(events))),
        created_by: Set(Some(actor.name.clone())),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        audit::Entry {
            action: "notify.target.add".into(),
            target_type: "fabric".into(),
            target_id: Some(fabric.id.to_string()),
            fabric_id: Some(fabric.id),
            summary: Some(format!("notify {} target {} added", input.kind, row.id)),
            after: Some(json!({
                "id": row.id,
                "kind": input.kind,
                "url": url,
                "has_secret": secret.is_some(),
                "events": events,
            })),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(row.into())
}

/// The targets of a fabric, oldest first.
pub async fn list(core: &Core, fabric: &fabric::Model) -> Result<Vec<Target>> {
    Ok(notification_target::Entity::find()
        .filter(notification_target::Column::FabricId.eq(fabric.id))
        .order_by_asc(notification_target::Column::Id)
        .all(&core.db)
        .await?
        .into_iter()
        .map(Target::from)
        .collect())
}

/// One target of a fabric (not found when it belongs to another fabric).
pub async fn get(
    core: &Core,
    fabric: &fabric::Model,
    id: i32,
) -> Result<notification_target::Model> {
    notification_target::Entity::find_by_id(id)
        .filter(notification_target::Column::FabricId.eq(fabric.id))
        .one(&core.db)
        .await?
        .ok_or_else(|| {
            Error::not_found(format!(
                "notification target {id} of fabric {}",
                fabric.name
            ))
        })
}

/// Removes a target and its delivery log (operator; audited).
pub async fn remove(core: &Core, fabric: &fabric::Model, id: i32, actor: &Actor) -> Result<()> {
    let row = get(core, fabric, id).await?;
    let txn = crate::db::begin_write(&core.db).await?;
    hnp_entity::notification_delivery::Entity::delete_many()
        .filter(hnp_entity::notification_delivery::Column::TargetId.eq(row.id))
        .exec(&txn)
        .await?;
    notification_target::Entity::delete_by_id(row.id)
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        audit::Entry {
            action: "notify.target.remove".into(),
            target_type: "fabric".into(),
            target_id: Some(fabric.id.to_string()),
            fabric_id: Some(fabric.id),
            summary: Some(format!("notify {} target {} removed", row.kind, row.id)),
            before: Some(json!({"id": row.id, "kind": row.kind, "url": row.url})),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_http_or_https_with_a_host_and_no_credentials() {
        assert!(check_url("https://hooks.example/x?y=1").is_ok());
        assert!(check_url("http://127.0.0.1:8080/hook").is_ok());
        for bad in [
            "ftp://example/x",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://user:pw@example/x",
            "not a url",
            "",
        ] {
            let err = check_url(bad).unwrap_err();
            assert_eq!(err.code(), "VALIDATION_FAILED", "{bad}");
        }
        assert!(check_url(&format!("https://e/{}", "a".repeat(MAX_URL_LEN))).is_err());
    }

    #[test]
    fn shown_urls_leave_out_path_and_query() {
        let shown = |u: &str| shown_url(&check_url(u).unwrap());
        assert_eq!(
            shown("https://hooks.slack.com/services/T0/B0/secret"),
            "https://hooks.slack.com/…"
        );
        assert_eq!(
            shown("http://127.0.0.1:8080/?token=x"),
            "http://127.0.0.1:8080/…"
        );
        assert_eq!(shown("https://example.org/"), "https://example.org");
    }

    #[test]
    fn event_filters_are_known_names_in_a_fixed_order() {
        let events = check_events(&[
            "drift_ended".into(),
            "sync_failed".into(),
            "drift_ended".into(),
            " ".into(),
        ])
        .unwrap();
        assert_eq!(events, ["sync_failed", "drift_ended"]);
        let err = check_events(&["drift".into()]).unwrap_err();
        assert!(err.to_string().contains("drift is not an event"), "{err}");
    }
}
