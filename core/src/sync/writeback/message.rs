//! Commit messages of write-back commits.

use std::collections::BTreeMap;

use hnp_entity::enums::DraftOperation;

use super::render;

/// Plural of a kind name for commit messages (`VPCs`, `Switches`).
fn plural(kind: &str, count: usize) -> String {
    if count == 1 {
        kind.to_owned()
    } else if kind.ends_with('s') || kind.ends_with('h') || kind.ends_with('x') {
        format!("{kind}es")
    } else {
        format!("{kind}s")
    }
}

/// `HNP: update 3 VPCs, create 1 VPCAttachment`, a body listing every resource, and the
/// `HNP-Operation` / `HNP-User` trailers.
pub(super) fn commit_message(items: &[render::Item], operation_id: &str, user: &str) -> String {
    let mut groups: BTreeMap<(u8, &str), usize> = BTreeMap::new();
    for item in items {
        let order = match item.operation {
            DraftOperation::Update => 0,
            DraftOperation::Create => 1,
            DraftOperation::Delete => 2,
        };
        *groups.entry((order, item.key.kind.as_str())).or_default() += 1;
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|((order, kind), count)| {
            let verb = ["update", "create", "delete"][*order as usize];
            format!("{verb} {count} {}", plural(kind, *count))
        })
        .collect();
    let mut message = format!("HNP: {}\n\n", parts.join(", "));
    for item in items {
        let verb = match item.operation {
            DraftOperation::Update => "update",
            DraftOperation::Create => "create",
            DraftOperation::Delete => "delete",
        };
        message.push_str(&format!("- {verb} {}\n", item.key));
    }
    let user = user.replace(['\n', '\r'], " ");
    message.push_str(&format!(
        "\nHNP-Operation: {operation_id}\nHNP-User: {user}\n"
    ));
    message
}
