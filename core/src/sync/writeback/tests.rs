//! Tests of `writeback`.

use super::*;
use hnp_entity::enums::DraftOperation;

fn item(kind: &str, name: &str, operation: DraftOperation) -> render::Item {
    render::Item {
        resource_id: 1,
        key: ResourceKey {
            kind: kind.into(),
            namespace: "default".into(),
            name: name.into(),
        },
        api_version: "vpc.githedgehog.com/v1beta1".into(),
        operation,
        spec: json!({}),
        path: None,
        labels: None,
        annotations: None,
    }
}

#[test]
fn commit_message_summarises_and_has_trailers() {
    let items = vec![
        item("VPC", "a", DraftOperation::Update),
        item("VPC", "b", DraftOperation::Update),
        item("VPC", "c", DraftOperation::Update),
        item("VPCAttachment", "x", DraftOperation::Create),
        item("Switch", "s1", DraftOperation::Delete),
        item("Switch", "s2", DraftOperation::Delete),
    ];
    let message = commit_message(&items, "op-1", "cli:alice");
    assert!(
        message.starts_with("HNP: update 3 VPCs, create 1 VPCAttachment, delete 2 Switches\n\n"),
        "{message}"
    );
    assert!(message.contains("- create VPCAttachment default/x\n"));
    let trailers = git2::message_trailers_strs(&message).unwrap();
    let found: Vec<(String, String)> = trailers
        .iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    assert!(found.contains(&("HNP-Operation".into(), "op-1".into())));
    assert!(found.contains(&("HNP-User".into(), "cli:alice".into())));
}
