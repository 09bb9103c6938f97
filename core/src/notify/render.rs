//! What a delivery sends: the webhook JSON body (`event`, `fabric`, `at`, `details`) signed
//! with HMAC-SHA256 (`X-HNP-Signature: sha256=<hex>`), or a Slack message (`text` and
//! `blocks`).

use chrono::{DateTime, SecondsFormat, Utc};
use hmac::{Hmac, Mac};
use hnp_entity::enums::NotificationKind;
use serde_json::{Value, json};
use sha2::Sha256;

/// The header carrying the signature of a webhook body.
pub const SIGNATURE_HEADER: &str = "X-HNP-Signature";

/// One event as it is rendered for a target.
#[derive(Debug, Clone)]
pub struct Rendered<'a> {
    pub id: i32,
    pub event: &'a str,
    pub fabric_id: i32,
    pub fabric_name: &'a str,
    pub at: DateTime<Utc>,
    pub details: &'a Value,
}

/// The body for a target of `kind`.
pub fn body(kind: NotificationKind, event: &Rendered<'_>) -> Value {
    match kind {
        NotificationKind::Webhook => webhook(event),
        NotificationKind::Slack => slack(event),
    }
}

/// The generic webhook body.
pub fn webhook(e: &Rendered<'_>) -> Value {
    json!({
        "id": e.id,
        "event": e.event,
        "fabric": {"id": e.fabric_id, "name": e.fabric_name},
        "at": e.at.to_rfc3339_opts(SecondsFormat::Secs, true),
        "details": e.details,
    })
}

/// `sha256=<hex HMAC-SHA256 of body under secret>`.
pub fn signature(secret: &[u8], body: &[u8]) -> String {
    // HMAC accepts keys of any length.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Escapes the three characters Slack's mrkdwn reserves.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn str_of<'v>(details: &'v Value, key: &str) -> &'v str {
    details.get(key).and_then(Value::as_str).unwrap_or("")
}

fn resource_of(details: &Value) -> String {
    let r = &details["resource"];
    let kind = str_of(r, "kind");
    let name = str_of(r, "name");
    match r.get("namespace").and_then(Value::as_str) {
        Some(ns) if !ns.is_empty() => format!("{kind} {ns}/{name}"),
        _ => format!("{kind} {name}"),
    }
}

fn list_of(details: &Value, key: &str, max: usize) -> String {
    let items: Vec<String> = details
        .get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(esc).collect())
        .unwrap_or_default();
    let mut shown = items
        .iter()
        .take(max)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > max {
        shown.push_str(&format!(" and {} more", items.len() - max));
    }
    shown
}

/// The one-line summary of an event (mrkdwn, escaped).
pub fn summary(e: &Rendered<'_>) -> String {
    let d = e.details;
    let fabric = esc(e.fabric_name);
    match e.event {
        "sync_failed" => format!(
            ":x: *{fabric}*: {} sync failed: {}",
            esc(str_of(d, "direction")),
            esc(str_of(d, "message"))
        ),
        "conflict_opened" => format!(
            ":warning: *{fabric}*: conflict opened on {}",
            esc(&resource_of(d))
        ),
        "drift_started" | "drift_ended" => {
            let verb = if e.event == "drift_started" {
                ":large_orange_circle: drift started"
            } else {
                ":large_green_circle: drift ended"
            };
            let mut text = format!("{verb} on *{fabric}* {}", esc(&resource_of(d)));
            let paths = list_of(d, "paths", 10);
            if !paths.is_empty() {
                text.push_str(&format!(" at {paths}"));
            }
            let managers = list_of(d, "managers", 5);
            if !managers.is_empty() {
                text.push_str(&format!(" (field managers: {managers})"));
            }
            text
        }
        "pull_request_opened" | "pull_request_merged" | "pull_request_closed" => {
            let what = e.event.trim_start_matches("pull_request_");
            let number = d.get("number").and_then(Value::as_i64).unwrap_or_default();
            match d.get("url").and_then(Value::as_str) {
                Some(url) if !url.is_empty() => format!(
                    ":arrow_heading_up: *{fabric}*: pull request <{}|#{number}> {what}",
                    esc(url)
                ),
                _ => format!(":arrow_heading_up: *{fabric}*: pull request #{number} {what}"),
            }
        }
        "breaker_tripped" => format!(
            ":rotating_light: *{fabric}*: bidirectional sync turned off: {}",
            esc(str_of(d, "reason"))
        ),
        "admission_errors" => format!(
            ":no_entry: *{fabric}*: {} resource(s) fail admission",
            d.get("invalid").and_then(Value::as_u64).unwrap_or_default()
        ),
        other => format!(
            ":bell: *{fabric}*: {} {}",
            esc(other),
            esc(str_of(d, "message"))
        ),
    }
}

/// The Slack incoming-webhook body: `text` (the fallback) and `blocks`.
pub fn slack(e: &Rendered<'_>) -> Value {
    let text = summary(e);
    json!({
        "text": text,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {"type": "context", "elements": [{
                "type": "mrkdwn",
                "text": format!(
                    "HNP · `{}` · fabric {} · {}",
                    esc(e.event),
                    esc(e.fabric_name),
                    e.at.to_rfc3339_opts(SecondsFormat::Secs, true)
                ),
            }]},
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event<'a>(name: &'a str, details: &'a Value) -> Rendered<'a> {
        Rendered {
            id: 7,
            event: name,
            fabric_id: 3,
            fabric_name: "dc<1>",
            at: DateTime::parse_from_rfc3339("2026-01-02T03:04:05Z")
                .unwrap()
                .with_timezone(&Utc),
            details,
        }
    }

    #[test]
    fn signature_is_hex_hmac_sha256() {
        // RFC 4231 test case 2.
        assert_eq!(
            signature(b"Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn webhook_body_has_event_fabric_at_and_details() {
        let details = json!({"resource": {"kind": "VPC", "name": "v"}, "paths": ["spec.a"]});
        let body = webhook(&event("drift_started", &details));
        assert_eq!(body["event"], "drift_started");
        assert_eq!(body["fabric"], json!({"id": 3, "name": "dc<1>"}));
        assert_eq!(body["at"], "2026-01-02T03:04:05Z");
        assert_eq!(body["details"], details);
    }

    #[test]
    fn slack_text_is_escaped_and_lists_paths_and_managers() {
        let details = json!({
            "resource": {"kind": "VPC", "namespace": "default", "name": "v"},
            "paths": ["spec.subnets.a.vlan"],
            "managers": ["kubectl-edit"],
        });
        let body = slack(&event("drift_started", &details));
        let text = body["text"].as_str().unwrap();
        assert!(text.contains("*dc&lt;1&gt;*"), "{text}");
        assert!(
            text.contains("VPC default/v at spec.subnets.a.vlan"),
            "{text}"
        );
        assert!(text.contains("kubectl-edit"), "{text}");
        assert_eq!(body["blocks"][0]["text"]["text"], text);
        assert_eq!(body["blocks"][1]["type"], "context");
    }
}
