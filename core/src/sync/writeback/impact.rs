//! What the drafts a write-back writes touch in the fabric ([`crate::hedgehog::graph::impact`]
//! between desired state and desired state with those drafts applied), for dry runs and the
//! pull request body.

use std::collections::HashMap;
use std::fmt::Write;

use hnp_entity::enums::DraftOperation;
use sea_orm::ConnectionTrait;

use super::render::Item;
use crate::error::Result;
use crate::hedgehog::admission::{self, Object};
use crate::hedgehog::graph;
use crate::hedgehog::kinds::ResourceKey;
use crate::queries::topology::ImpactSummary;
use crate::sync::drafts::{FabricRow, fabric_rows};

/// The impact of writing `items` onto the fabric's desired state.
pub(super) async fn of_items(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    items: &[Item],
) -> Result<ImpactSummary> {
    let rows = fabric_rows(db, fabric_id, &admission::CONTEXT_KINDS).await?;
    let written: HashMap<ResourceKey, &Item> = items.iter().map(|i| (i.key.clone(), i)).collect();
    let mut before: Vec<Object> = Vec::with_capacity(rows.len());
    let mut after: Vec<Object> = Vec::with_capacity(rows.len() + items.len());
    let mut seen: Vec<&ResourceKey> = Vec::new();
    for row in &rows {
        if let Some(spec) = &row.desired_spec {
            before.push(row.object(spec.clone()));
        }
        let key = row.key();
        match written.get_key_value(&key) {
            Some((key, item)) => {
                seen.push(key);
                if item.operation != DraftOperation::Delete {
                    after.push(row.object(item.spec.clone()));
                }
            }
            None => {
                if let Some(spec) = &row.desired_spec {
                    after.push(row.object(spec.clone()));
                }
            }
        }
    }
    for item in items {
        if item.operation == DraftOperation::Delete || seen.contains(&&item.key) {
            continue;
        }
        let row = FabricRow {
            kind: item.key.kind.clone(),
            api_version: item.api_version.clone(),
            namespace: item.key.namespace.clone(),
            name: item.key.name.clone(),
            desired_spec: None,
            draft_spec: None,
            draft_operation: None,
            annotations: item.annotations.clone(),
            admission_errors: None,
        };
        after.push(row.object(item.spec.clone()));
    }
    let keys: Vec<ResourceKey> = items.iter().map(|i| i.key.clone()).collect();
    Ok(ImpactSummary::from(&graph::impact(&before, &after, &keys)))
}

/// Names listed per line before the rest is counted.
const LISTED: usize = 30;

/// A name as Markdown code: backticks, line breaks and pipes cannot escape it.
fn code(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| match c {
            '`' | '|' | '<' | '>' => '\u{FFFD}',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    format!("`{clean}`")
}

fn line(out: &mut String, what: &str, names: &[String]) {
    if names.is_empty() {
        return;
    }
    let mut listed: Vec<String> = names.iter().take(LISTED).map(|n| code(n)).collect();
    if names.len() > LISTED {
        listed.push(format!("… and {} more", names.len() - LISTED));
    }
    let _ = writeln!(out, "- **{what}** ({}): {}", names.len(), listed.join(", "));
}

/// The "Impact" section of a pull request body.
pub(super) fn section(impact: &ImpactSummary) -> String {
    let mut out = String::from("\n### Impact\n\n");
    if impact.is_empty() {
        out.push_str("These changes touch no switch, port, server, VPC or external.\n");
        return out;
    }
    let ports: Vec<String> = impact
        .ports
        .iter()
        .map(|p| format!("{} {}", p.switch, p.port))
        .collect();
    line(&mut out, "Switches", &impact.switches);
    line(&mut out, "Ports", &ports);
    line(&mut out, "Servers", &impact.servers);
    line(&mut out, "VPCs", &impact.vpcs);
    line(&mut out, "Externals", &impact.externals);
    line(&mut out, "Gateways", &impact.gateways);
    line(&mut out, "Connections", &impact.connections);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queries::topology::Port;

    #[test]
    fn section_lists_names_as_code_and_caps_long_lists() {
        let impact = ImpactSummary {
            switches: vec!["leaf-01".into(), "le`af|\n<b>".into()],
            ports: vec![Port {
                switch: "leaf-01".into(),
                port: "E1/9".into(),
            }],
            servers: (0..40).map(|i| format!("server-{i:02}")).collect(),
            vpcs: vec!["vpc-web".into()],
            ..Default::default()
        };
        let text = section(&impact);
        assert!(text.starts_with("\n### Impact\n\n"), "{text}");
        assert!(
            text.contains(
                "- **Switches** (2): `leaf-01`, `le\u{FFFD}af\u{FFFD} \u{FFFD}b\u{FFFD}`\n"
            ),
            "{text}"
        );
        assert!(text.contains("- **Ports** (1): `leaf-01 E1/9`\n"), "{text}");
        assert!(text.contains("- **Servers** (40): `server-00`"), "{text}");
        assert!(text.contains("… and 10 more\n"), "{text}");
        assert!(!text.contains("server-35"), "{text}");
        assert!(text.contains("- **VPCs** (1): `vpc-web`\n"), "{text}");
        assert!(!text.contains("Externals"), "{text}");
        assert!(section(&ImpactSummary::default()).contains("touch no switch"));
    }
}
