//! The graph over the real Hedgehog samples (`fixtures/hedgehog/samples`, see its NOTICE.md):
//! the links of every connection type, with the endpoints read off the sample YAML, the nodes
//! and what a VPC reaches. Documents that do not parse are skipped. Impact: `tests/impact.rs`.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::links::CONNECTION_TYPES;
use super::*;
use crate::hedgehog::files::collect_files;
use crate::yaml::{Limits, parse_documents};

mod impact;

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/hedgehog/samples")
}

fn load_path(path: &Path) -> Vec<Object> {
    let bytes = std::fs::read(path).expect("sample readable");
    let Ok(documents) = parse_documents(&bytes, &Limits::default()) else {
        return Vec::new();
    };
    documents
        .iter()
        .filter_map(|d| Object::from_document(&d.value, None))
        .collect()
}

/// The objects of the sample files `files` (relative to the samples), as one fabric.
pub(super) fn load(files: &[&str]) -> Vec<Object> {
    let dir = samples_dir();
    let objects: Vec<Object> = files.iter().flat_map(|f| load_path(&dir.join(f))).collect();
    assert!(!objects.is_empty(), "{files:?}");
    objects
}

fn link(
    id: &str,
    (from, from_port): (&str, &str),
    (to, to_port): (&str, Option<&str>),
    kind: &str,
) -> Link {
    Link {
        id: id.to_owned(),
        from: from.to_owned(),
        from_port: from_port.to_owned(),
        to: to.to_owned(),
        to_port: to_port.map(str::to_owned),
        connection: id.split('/').next().unwrap().to_owned(),
        kind: kind.to_owned(),
    }
}

fn links_of(file: &str) -> Vec<Link> {
    build(&load(&[file])).links
}

const MASTER: &str = "docs/master/docs__user-guide__connections__block";
const R2503: &str = "docs/release-25.03/docs__user-guide__connections__block";

#[test]
fn server_facing_connections_link_switch_ports_to_servers() {
    assert_eq!(
        links_of(&format!("{MASTER}01.yaml")),
        vec![link(
            "server-4--unbundled--s5248-02/0",
            ("switch/s5248-02", "E1/1"),
            ("server/server-4", Some("enp2s1")),
            "unbundled"
        )]
    );
    assert_eq!(
        links_of(&format!("{MASTER}02.yaml")),
        vec![
            link(
                "server-3--bundled--s5248-01/0",
                ("switch/s5248-01", "E1/1"),
                ("server/server-3", Some("enp2s1")),
                "bundled"
            ),
            link(
                "server-3--bundled--s5248-01/1",
                ("switch/s5248-01", "E1/2"),
                ("server/server-3", Some("enp2s2")),
                "bundled"
            ),
        ]
    );
    for (file, name, kind) in [
        (
            format!("{MASTER}03.yaml"),
            "server-1--eslag--s5248-01--s5248-02",
            "eslag",
        ),
        (
            format!("{R2503}03.yaml"),
            "server-1--mclag--s5248-01--s5248-02",
            "mclag",
        ),
    ] {
        assert_eq!(
            links_of(&file),
            vec![
                link(
                    &format!("{name}/0"),
                    ("switch/s5248-01", "E1/1"),
                    ("server/server-1", Some("enp2s1")),
                    kind
                ),
                link(
                    &format!("{name}/1"),
                    ("switch/s5248-02", "E1/1"),
                    ("server/server-1", Some("enp2s2")),
                    kind
                ),
            ],
            "{file}"
        );
    }
}

#[test]
fn switch_to_switch_connections() {
    let fabric = "s5232-01--fabric--s5248-01";
    assert_eq!(
        links_of(&format!("{MASTER}04.yaml")),
        vec![
            link(
                &format!("{fabric}/0"),
                ("switch/s5232-01", "E1/1"),
                ("switch/s5248-01", Some("E1/18")),
                "fabric"
            ),
            link(
                &format!("{fabric}/1"),
                ("switch/s5232-01", "E1/2"),
                ("switch/s5248-01", Some("E1/16")),
                "fabric"
            ),
        ]
    );
    let mesh = "s5248-03--mesh--s5248-04";
    assert_eq!(
        links_of(&format!("{MASTER}05.yaml")),
        vec![
            link(
                &format!("{mesh}/0"),
                ("switch/s5248-03", "E1/55"),
                ("switch/s5248-04", Some("E1/55")),
                "mesh"
            ),
            link(
                &format!("{mesh}/1"),
                ("switch/s5248-03", "E1/56"),
                ("switch/s5248-04", Some("E1/56")),
                "mesh"
            ),
        ]
    );
    let domain = "s5248-01--mclag-domain--s5248-02";
    let expected: Vec<Link> = [
        ("peer/0", 12),
        ("peer/1", 13),
        ("session/0", 14),
        ("session/1", 15),
    ]
    .iter()
    .map(|(suffix, port)| {
        link(
            &format!("{domain}/{suffix}"),
            ("switch/s5248-01", &format!("E1/{port}")),
            ("switch/s5248-02", Some(format!("E1/{port}").as_str())),
            "mclagDomain",
        )
    })
    .collect();
    assert_eq!(links_of(&format!("{R2503}06.yaml")), expected);
    // A VPC loopback joins two ports of one switch.
    let loopback = "s5248-01--vpc-loopback";
    assert_eq!(
        links_of(&format!("{R2503}07.yaml")),
        vec![
            link(
                &format!("{loopback}/0"),
                ("switch/s5248-01", "E1/16"),
                ("switch/s5248-01", Some("E1/17")),
                "vpcLoopback"
            ),
            link(
                &format!("{loopback}/1"),
                ("switch/s5248-01", "E1/18"),
                ("switch/s5248-01", Some("E1/19")),
                "vpcLoopback"
            ),
        ]
    );
    let graph = build(&load(&[&format!("{R2503}07.yaml")]));
    assert_eq!(graph.nodes.len(), 1);
    assert_eq!(graph.node_links("switch/s5248-01").count(), 2);
}

#[test]
fn gateway_and_external_connections() {
    assert_eq!(
        links_of(&format!("{MASTER}08.yaml")),
        vec![link(
            "spine-01--gateway--gateway-1/0",
            ("switch/spine-01", "E1/5"),
            ("gateway/gateway-1", Some("enp2s1")),
            "gateway"
        )]
    );
    let external = "s5248-03--external--5835";
    let graph = build(&load(&[&format!("{MASTER}07.yaml")]));
    assert_eq!(
        graph.links,
        vec![link(
            &format!("{external}/0"),
            ("switch/s5248-03", "E1/3"),
            (&format!("external-peer/{external}"), None),
            "external"
        )]
    );
    let peer = graph.node(&format!("external-peer/{external}")).unwrap();
    assert_eq!(peer.kind, NodeKind::ExternalPeer);
    assert_eq!(
        peer.resource
            .as_ref()
            .map(|r| (r.kind.as_str(), r.name.as_str())),
        Some(("Connection", external))
    );
    let static_external = "third-party-dhcp-server--static-external--s5248-04";
    assert_eq!(
        links_of(&format!("{MASTER}06.yaml")),
        vec![link(
            &format!("{static_external}/0"),
            ("switch/s5248-04", "E1/1"),
            (&format!("external-peer/{static_external}"), None),
            "staticExternal"
        )]
    );
}

#[test]
fn a_wiring_diagram_has_every_link_and_device() {
    let graph = build(&load(&[
        "docs/master/docs__install-upgrade__build-wiring__block02.yaml",
    ]));
    // 8 spine-leaf connections of 2 links each, 2 gateway connections of 1 link.
    assert_eq!(graph.links.len(), 18);
    let ids: Vec<&str> = graph.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "gateway/gateway-1",
            "switch/leaf-01",
            "switch/leaf-02",
            "switch/leaf-03",
            "switch/leaf-04",
            "switch/spine-01",
            "switch/spine-02",
        ]
    );
    let leaf_02 = graph
        .links
        .iter()
        .find(|l| l.id == "spine-01--fabric--leaf-02/1")
        .unwrap();
    assert_eq!(
        leaf_02,
        &link(
            "spine-01--fabric--leaf-02/1",
            ("switch/spine-01", "E1/2/2"),
            ("switch/leaf-02", Some("E1/10")),
            "fabric"
        )
    );
    // spine-01: 4 leaves × 2 links, and its gateway link.
    assert_eq!(graph.node_links("switch/spine-01").count(), 9);
    assert_eq!(graph.node_links("switch/leaf-03").count(), 4);
    let spine = graph.node("switch/spine-01").unwrap();
    assert_eq!(spine.role.as_deref(), Some("spine"));
    assert_eq!(spine.redundancy_group, None); // `redundancy: {}`
    let gateway = graph.node("gateway/gateway-1").unwrap();
    assert_eq!(gateway.kind, NodeKind::Gateway);
    assert_eq!(
        gateway.resource,
        Some(ResourceRef {
            kind: "Gateway".into(),
            namespace: "fab".into(),
            name: "gateway-1".into()
        })
    );
    let release = build(&load(&[
        "docs/release-25.03/docs__install-upgrade__build-wiring__block02.yaml",
    ]));
    // 4 VPC loopbacks and 8 spine-leaf connections, 2 links each.
    assert_eq!(release.links.len(), 24);
    let kinds: Vec<(&str, usize)> = ["vpcLoopback", "fabric"]
        .iter()
        .map(|k| (*k, release.links.iter().filter(|l| l.kind == *k).count()))
        .collect();
    assert_eq!(kinds, [("vpcLoopback", 8), ("fabric", 16)]);
    assert_eq!(
        release.connection_links("leaf-01--vpc-loopback").nth(1),
        Some(&link(
            "leaf-01--vpc-loopback/1",
            ("switch/leaf-01", "E1/14"),
            ("switch/leaf-01", Some("E1/15")),
            "vpcLoopback"
        ))
    );
}

#[test]
fn switch_nodes_carry_role_groups_and_redundancy() {
    let graph = build(&load(&[
        "docs/master/docs__user-guide__devices__block01.yaml",
        "docs/master/docs__user-guide__devices__block04.yaml",
        &format!("{MASTER}03.yaml"),
    ]));
    let switch = graph.node("switch/s5248-01").unwrap();
    assert_eq!(switch.role.as_deref(), Some("server-leaf"));
    assert_eq!(switch.groups, ["some-group"]);
    assert_eq!(
        switch.redundancy_group,
        Some(Redundancy {
            kind: "eslag".into(),
            group: "eslag-1".into()
        })
    );
    assert_eq!(graph.group_switches("some-group"), ["s5248-01"]);
    // Defined by an object, or only named by a link.
    assert!(graph.node("server/server-1").unwrap().resource.is_some());
    let undefined = graph.node("switch/s5248-02").unwrap();
    assert_eq!(
        (undefined.resource.as_ref(), undefined.role.as_ref()),
        (None, None)
    );
    assert_eq!(graph.nodes.len(), 3);
}

#[test]
fn every_sample_connection_type_yields_consistent_links() {
    let dir = samples_dir();
    let mut kinds = BTreeSet::new();
    let mut connections = 0;
    for file in collect_files(std::slice::from_ref(&dir)).unwrap() {
        let objects = load_path(&file);
        let graph = build(&objects);
        let ids: HashSet<&str> = graph.nodes.iter().map(|n| n.id.as_str()).collect();
        for l in &graph.links {
            kinds.insert(l.kind.clone());
            assert!(ids.contains(l.from.as_str()), "{}: {l:?}", file.display());
            assert!(ids.contains(l.to.as_str()), "{}: {l:?}", file.display());
            assert!(l.from.starts_with("switch/"), "{l:?}");
            assert!(
                !l.from_port.is_empty() && !l.from_port.contains(' '),
                "{l:?}"
            );
        }
        for object in objects.iter().filter(|o| o.kind == "Connection") {
            connections += 1;
            // A connection of a current type with ports has links (the v1alpha2 `management`
            // type is not one).
            let spec = serde_json::to_string(&object.spec).unwrap();
            let current = super::links::connection_type(&object.spec).is_some();
            if current && spec.contains("\"port\":\"") {
                assert!(
                    graph.connection_links(&object.name).count() > 0,
                    "{}: {}",
                    file.display(),
                    object.name
                );
            }
        }
    }
    let all: BTreeSet<String> = CONNECTION_TYPES.iter().map(|k| k.to_string()).collect();
    assert_eq!(kinds, all);
    assert!(connections >= 60, "{connections}");
}

#[test]
fn malformed_ports_are_left_out() {
    let object = |spec: Value| Object {
        kind: "Connection".into(),
        api_version: "wiring.githedgehog.com/v1beta1".into(),
        namespace: String::new(),
        name: "c".into(),
        spec,
        annotations: Default::default(),
        source: None,
    };
    let graph = build(&[object(json!({"bundled": {"links": [
        {"server": {"port": "srv/eth0"}, "switch": {"port": "leaf-01"}},
        {"server": {"port": "srv/eth1"}, "switch": {"port": "leaf-01/E1/2"}},
        "not a link",
    ]}}))]);
    let ids: Vec<&str> = graph.links.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["c/1"]);
    assert!(build(&[object(json!({"unknown": {}}))]).links.is_empty());
    assert!(build(&[object(Value::Null)]).links.is_empty());
}

#[test]
fn vpc_reach_follows_attachments_to_switch_ports_and_servers() {
    let graph = build(&impact::demo());
    let reach = graph.vpc_reach("demo-vpc-1");
    assert_eq!(
        reach.switches,
        BTreeSet::from(["s5248-01".to_owned(), "s5248-02".to_owned()])
    );
    assert_eq!(
        reach.ports,
        BTreeSet::from([
            ("s5248-01".to_owned(), "E1/1".to_owned()),
            ("s5248-02".to_owned(), "E1/1".to_owned())
        ])
    );
    assert_eq!(reach.servers, BTreeSet::from(["server-1".to_owned()]));
    assert_eq!(
        reach.links,
        BTreeSet::from([
            "server-1--mclag--s5248-01--s5248-02/0".to_owned(),
            "server-1--mclag--s5248-01--s5248-02/1".to_owned()
        ])
    );
    let reach = graph.vpc_reach("demo-vpc-2");
    assert_eq!(reach.servers, BTreeSet::from(["server-4".to_owned()]));
    assert_eq!(
        reach.ports,
        BTreeSet::from([("s5248-02".to_owned(), "E1/1".to_owned())])
    );
    assert_eq!(graph.vpc_reach("vpc-test"), VpcReach::default());
    assert_eq!(graph.vpc_reach("no-such-vpc"), VpcReach::default());
    // The logical layer.
    let vpc = graph.vpc("vpc-1").unwrap();
    assert_eq!(
        (vpc.ipv4_namespace.as_str(), vpc.vlan_namespace.as_str()),
        ("default", "default")
    );
    assert_eq!(
        vpc.subnets,
        [
            "another-subnet",
            "bgp-on-host",
            "default",
            "dhcp-relay-to-other-vpc"
        ]
    );
    let attachment = graph
        .attachment(
            AttachmentKind::Vpc,
            "vpc-1-server-1--eslag--s5248-01--s5248-02",
        )
        .unwrap();
    assert_eq!(
        (attachment.target.as_str(), attachment.subnet.as_deref()),
        ("vpc-1", Some("default"))
    );
    assert!(attachment.native_vlan);
    let peering = graph.peering(PeeringKind::Vpc, "vpc-1--vpc-2").unwrap();
    assert_eq!(peering.vpcs, ["vpc-1", "vpc-2"]);
    let gateway = graph
        .peering(PeeringKind::Gateway, "vpc-01--static-edge")
        .unwrap();
    assert_eq!(
        (gateway.vpcs.as_slice(), gateway.externals.as_slice()),
        (&["vpc-01".to_owned()][..], &["static-edge".to_owned()][..])
    );
}

#[test]
fn the_graph_serializes_as_nodes_and_links() {
    let graph = build(&load(&[
        "docs/master/docs__user-guide__devices__block01.yaml",
        &format!("{MASTER}07.yaml"),
    ]));
    let value = serde_json::to_value(&graph).unwrap();
    assert_eq!(
        value["links"][0],
        json!({
            "id": "s5248-03--external--5835/0",
            "from": "switch/s5248-03",
            "from_port": "E1/3",
            "to": "external-peer/s5248-03--external--5835",
            "to_port": null,
            "connection": "s5248-03--external--5835",
            "kind": "external",
        })
    );
    let nodes = value["nodes"].as_array().unwrap();
    let switch = nodes.iter().find(|n| n["id"] == "switch/s5248-01").unwrap();
    assert_eq!(
        switch,
        &json!({
            "id": "switch/s5248-01",
            "kind": "switch",
            "name": "s5248-01",
            "role": "server-leaf",
            "groups": ["some-group"],
            "redundancy_group": {"type": "eslag", "group": "eslag-1"},
            "resource": {"kind": "Switch", "namespace": "default", "name": "s5248-01"},
        })
    );
    let peer = nodes.iter().find(|n| n["kind"] == "external_peer").unwrap();
    assert_eq!(peer["id"], "external-peer/s5248-03--external--5835");
    assert_eq!(nodes.len(), 3);
}
