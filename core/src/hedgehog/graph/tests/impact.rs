//! [`impact`] over a fabric put together from the samples whose names refer to each other: the
//! demo VPCs and attachments of `demo-gitops/env-1` on the documentation's mclag and unbundled
//! connections, the documentation's eslag connection and its `vpc-1` attachment, the
//! BGP and static externals with their connections, attachments and peerings, a gateway
//! connection, a fabric link and the namespaces. Expected values are read off those files.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::super::*;
use super::load;
use crate::hedgehog::kinds::ResourceKey;

const MCLAG: &str = "server-1--mclag--s5248-01--s5248-02";
const ESLAG: &str = "server-1--eslag--s5248-01--s5248-02";
const UNBUNDLED: &str = "server-4--unbundled--s5248-02";
const MCLAG_ATTACHMENT: &str = "demo-vpc-1--server-1--mclag--s5248-01--s5248-02";

pub(in super::super) fn demo() -> Vec<Object> {
    let master = |name: &str| format!("docs/master/docs__user-guide__{name}.yaml");
    let files = [
        "demo-gitops/env-1/pre-demo.yaml".to_owned(),
        "demo-gitops/env-1/vpc-test.yaml".to_owned(),
        "docs/release-25.03/docs__user-guide__connections__block03.yaml".to_owned(),
        master("connections__block01"),
        master("connections__block03"),
        master("connections__block04"),
        master("connections__block06"),
        master("connections__block08"),
        master("devices__block01"),
        master("devices__block04"),
        master("vpcs__block01"),
        master("vpcs__block03"),
        master("vpcs__block04"),
        master("vpcs__block06"),
        master("vpcs__block07"),
        master("external__block07"),
        master("external__block08"),
        master("external__block09"),
        master("external__block10"),
        master("external__block11"),
        master("external__block12"),
        master("external__block13"),
        master("external__block14"),
        master("external__block15"),
    ];
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    load(&files)
}

fn key(kind: &str, name: &str) -> ResourceKey {
    ResourceKey {
        kind: kind.into(),
        namespace: "default".into(),
        name: name.into(),
    }
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn ports(ports: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    ports
        .iter()
        .map(|(s, p)| (s.to_string(), p.to_string()))
        .collect()
}

fn without(objects: &[Object], kind: &str, name: &str) -> Vec<Object> {
    let out: Vec<Object> = objects
        .iter()
        .filter(|o| !(o.kind == kind && o.name == name))
        .cloned()
        .collect();
    assert_eq!(out.len() + 1, objects.len(), "{kind} {name}");
    out
}

fn edited(objects: &[Object], kind: &str, name: &str, edit: impl Fn(&mut Value)) -> Vec<Object> {
    let mut out = objects.to_vec();
    let object = out
        .iter_mut()
        .find(|o| o.kind == kind && o.name == name)
        .unwrap();
    edit(&mut object.spec);
    out
}

/// The impact of changing one object of the demo fabric with `edit`.
fn change(kind: &str, name: &str, edit: impl Fn(&mut Value)) -> Impact {
    let before = demo();
    let after = edited(&before, kind, name, edit);
    impact(&before, &after, &[key(kind, name)])
}

#[test]
fn a_vpc_vlan_change_reaches_the_switches_and_servers_of_its_attachments() {
    let impact = change("VPC", "demo-vpc-1", |spec| {
        spec["subnets"]["default"]["vlan"] = json!(1199);
    });
    assert_eq!(
        impact,
        Impact {
            switches: set(&["s5248-01", "s5248-02"]),
            ports: ports(&[("s5248-01", "E1/1"), ("s5248-02", "E1/1")]),
            servers: set(&["server-1"]),
            vpcs: set(&["demo-vpc-1"]),
            ..Impact::default()
        }
    );
    let impact = change("VPC", "demo-vpc-2", |spec| {
        spec["subnets"]["default"]["vlan"] = json!(1198);
    });
    assert_eq!(impact.switches, set(&["s5248-02"]));
    assert_eq!(impact.ports, ports(&[("s5248-02", "E1/1")]));
    assert_eq!(impact.servers, set(&["server-4"]));
    // A VPC nothing is attached to touches no device.
    let impact = change("VPC", "vpc-test", |spec| {
        spec["subnets"]["default"]["vlan"] = json!(1201);
    });
    assert_eq!(
        impact,
        Impact {
            vpcs: set(&["vpc-test"]),
            ..Impact::default()
        }
    );
}

#[test]
fn deleting_a_connection_shows_the_attachments_and_vpcs_that_used_it() {
    let before = demo();
    let after = without(&before, "Connection", MCLAG);
    let impact = impact(&before, &after, &[key("Connection", MCLAG)]);
    assert_eq!(
        impact,
        Impact {
            switches: set(&["s5248-01", "s5248-02"]),
            ports: ports(&[("s5248-01", "E1/1"), ("s5248-02", "E1/1")]),
            servers: set(&["server-1"]),
            vpcs: set(&["demo-vpc-1"]),
            connections: set(&[MCLAG]),
            vpc_attachments: set(&[MCLAG_ATTACHMENT]),
            ..Impact::default()
        }
    );
    // Afterwards the VPC reaches nothing.
    assert_eq!(build(&after).vpc_reach("demo-vpc-1"), VpcReach::default());
    // The per-draft variant gives the same.
    let deleted = key("Connection", MCLAG);
    assert_eq!(impact_of_draft(&before, Draft::Delete(&deleted)), impact);
}

#[test]
fn a_namespace_change_reaches_its_vpcs_and_externals() {
    let vlan = change("VLANNamespace", "default", |spec| {
        spec["ranges"][0]["to"] = json!(2000);
    });
    let vpcs = ["demo-vpc-1", "demo-vpc-2", "vpc-1", "vpc-test"];
    assert_eq!(
        vlan,
        Impact {
            switches: set(&["s5248-01", "s5248-02"]),
            ports: ports(&[("s5248-01", "E1/1"), ("s5248-02", "E1/1")]),
            servers: set(&["server-1", "server-4"]),
            vpcs: set(&vpcs),
            ..Impact::default()
        }
    );
    let ipv4 = change("IPv4Namespace", "default", |spec| {
        spec["subnets"] = json!(["10.0.0.0/8"]);
    });
    // The Externals of the namespace too, with their switch port and peered VPC.
    assert_eq!(
        ipv4,
        Impact {
            switches: set(&["s5248-01", "s5248-02", "switch-border"]),
            ports: ports(&[
                ("s5248-01", "E1/1"),
                ("s5248-02", "E1/1"),
                ("switch-border", "E1/2")
            ]),
            servers: set(&["server-1", "server-4"]),
            vpcs: set(&["demo-vpc-1", "demo-vpc-2", "vpc-01", "vpc-1", "vpc-test"]),
            externals: set(&["bgp-edge", "static-edge"]),
            ..Impact::default()
        }
    );
    // A VPC moved to another namespace: the new one reaches it, the old one no longer.
    let before = demo();
    let after = edited(&before, "VPC", "demo-vpc-2", |spec| {
        spec["vlanNamespace"] = json!("lab");
    });
    let lab = impact(&before, &after, &[key("VLANNamespace", "lab")]);
    assert_eq!(lab.vpcs, set(&["demo-vpc-2"]));
    assert_eq!(lab.servers, set(&["server-4"]));
    assert_eq!(
        build(&after).vlan_namespace_vpcs("default"),
        ["demo-vpc-1", "vpc-test", "vpc-1"]
    );
}

#[test]
fn attachments_and_peerings() {
    // An attachment moved to another connection: both places.
    let moved = change(
        "VPCAttachment",
        "demo-vpc-2--server-4--unbundled--s5248-02",
        |s| {
            s["connection"] = json!(ESLAG);
        },
    );
    assert_eq!(
        moved,
        Impact {
            switches: set(&["s5248-01", "s5248-02"]),
            ports: ports(&[("s5248-01", "E1/1"), ("s5248-02", "E1/1")]),
            servers: set(&["server-1", "server-4"]),
            vpcs: set(&["demo-vpc-2"]),
            connections: set(&[ESLAG, UNBUNDLED]),
            vpc_attachments: set(&["demo-vpc-2--server-4--unbundled--s5248-02"]),
            ..Impact::default()
        }
    );
    // Both VPCs and their switches, no ports.
    let peering = change("VPCPeering", "vpc-1--vpc-2", |s| {
        s["permit"][0]["vpc-1"] = json!({"subnets": ["default"]});
    });
    assert_eq!(
        peering,
        Impact {
            switches: set(&["s5248-01", "s5248-02"]),
            vpcs: set(&["vpc-1", "vpc-2"]),
            ..Impact::default()
        }
    );
    // A new peering on a remote switch group: that group's switches.
    let mut remote = demo().into_iter().find(|o| o.kind == "VPCPeering").unwrap();
    remote.name = "vpc-2--vpc-test".into();
    remote.spec = json!({"remote": "some-group", "permit": [{"vpc-2": {}, "vpc-test": {}}]});
    assert_eq!(
        impact_of_draft(&demo(), Draft::Put(&remote)),
        Impact {
            switches: set(&["s5248-01"]),
            vpcs: set(&["vpc-2", "vpc-test"]),
            ..Impact::default()
        }
    );
    let fabric = demo();
    let group = impact(&fabric, &fabric, &[key("SwitchGroup", "some-group")]);
    assert_eq!(group.switches, set(&["s5248-01"]));
}

#[test]
fn externals_their_attachments_and_peerings() {
    let border = (set(&["switch-border"]), ports(&[("switch-border", "E1/2")]));
    let attachment = change("ExternalAttachment", "switch-border--bgp-edge", |s| {
        s["neighbor"]["asn"] = json!(65103);
    });
    assert_eq!(
        attachment,
        Impact {
            switches: border.0.clone(),
            ports: border.1.clone(),
            vpcs: set(&["vpc-01"]),
            externals: set(&["bgp-edge"]),
            connections: set(&["switch-border--external--bgp-edge"]),
            external_attachments: set(&["switch-border--bgp-edge"]),
            ..Impact::default()
        }
    );
    let before = demo();
    let deleted = impact(
        &before,
        &without(&before, "External", "bgp-edge"),
        &[key("External", "bgp-edge")],
    );
    assert_eq!(deleted, attachment);
    let peering = change("ExternalPeering", "vpc-01--static-edge", |s| {
        s["permit"]["external"]["prefixes"] = json!([{"prefix": "10.0.0.0/8"}]);
    });
    assert_eq!(
        peering,
        Impact {
            switches: border.0.clone(),
            ports: border.1.clone(),
            vpcs: set(&["vpc-01"]),
            externals: set(&["static-edge"]),
            ..Impact::default()
        }
    );
    let gateway = change("GatewayPeering", "vpc-01--static-edge", |_| {});
    assert_eq!(
        gateway,
        Impact {
            vpcs: set(&["vpc-01"]),
            externals: set(&["static-edge"]),
            ..Impact::default()
        }
    );
    // A static external within a VPC joins the VPC's reach.
    let connection = "third-party-dhcp-server--static-external--s5248-04";
    let after = edited(&before, "Connection", connection, |s| {
        s["staticExternal"]["withinVPC"] = json!("vpc-test");
    });
    let within = impact(&before, &after, &[key("Connection", connection)]);
    assert_eq!(
        within,
        Impact {
            switches: set(&["s5248-04"]),
            ports: ports(&[("s5248-04", "E1/1")]),
            vpcs: set(&["vpc-test"]),
            connections: set(&[connection]),
            ..Impact::default()
        }
    );
    assert_eq!(
        build(&after).vpc_reach("vpc-test").links,
        set(&[format!("{connection}/0").as_str()])
    );
}

#[test]
fn devices_and_their_links() {
    // A switch: its links' ports on both ends, with the switches they are on.
    let switch = change("Switch", "s5248-01", |s| s["role"] = json!("border-leaf"));
    assert_eq!(
        switch,
        Impact {
            switches: set(&["s5232-01", "s5248-01"]),
            ports: ports(&[
                ("s5232-01", "E1/1"),
                ("s5232-01", "E1/2"),
                ("s5248-01", "E1/1"),
                ("s5248-01", "E1/16"),
                ("s5248-01", "E1/18"),
            ]),
            ..Impact::default()
        }
    );
    // Deleted: also its connections, their servers and what is attached to them.
    let before = demo();
    let deleted = impact(
        &before,
        &without(&before, "Switch", "s5248-01"),
        &[key("Switch", "s5248-01")],
    );
    let mut expected = switch.clone();
    expected.extend(Impact {
        switches: set(&["s5248-02"]),
        ports: ports(&[("s5248-02", "E1/1")]),
        servers: set(&["server-1"]),
        vpcs: set(&["demo-vpc-1", "vpc-1"]),
        connections: set(&[ESLAG, MCLAG, "s5232-01--fabric--s5248-01"]),
        vpc_attachments: set(&[
            MCLAG_ATTACHMENT,
            "vpc-1-server-1--eslag--s5248-01--s5248-02",
        ]),
        ..Impact::default()
    });
    assert_eq!(deleted, expected);
    // A server: itself and the switch ports it is cabled to.
    let server = change("Server", "server-1", |s| s["description"] = json!("x"));
    assert_eq!(
        server,
        Impact {
            switches: set(&["s5248-01", "s5248-02"]),
            ports: ports(&[("s5248-01", "E1/1"), ("s5248-02", "E1/1")]),
            servers: set(&["server-1"]),
            ..Impact::default()
        }
    );
    // A gateway connection: its switch port and gateway.
    let gateway = change("Connection", "spine-01--gateway--gateway-1", |s| {
        s["gateway"]["links"][0]["switch"]["port"] = json!("spine-01/E1/6");
    });
    assert_eq!(
        gateway,
        Impact {
            switches: set(&["spine-01"]),
            ports: ports(&[("spine-01", "E1/5"), ("spine-01", "E1/6")]),
            gateways: set(&["gateway-1"]),
            connections: set(&["spine-01--gateway--gateway-1"]),
            ..Impact::default()
        }
    );
}

#[test]
fn one_draft_and_unknown_kinds() {
    let current = demo();
    let mut vpc = current
        .iter()
        .find(|o| o.kind == "VPC" && o.name == "demo-vpc-2")
        .unwrap()
        .clone();
    vpc.spec["subnets"]["default"]["vlan"] = json!(1198);
    let draft = impact_of_draft(&current, Draft::Put(&vpc));
    assert_eq!(draft.vpcs, set(&["demo-vpc-2"]));
    assert_eq!(draft.servers, set(&["server-4"]));
    assert_eq!(draft.ports, ports(&[("s5248-02", "E1/1")]));
    // A new attachment of an existing VPC: the new connection's devices.
    let mut new = current
        .iter()
        .find(|o| o.name == MCLAG_ATTACHMENT)
        .unwrap()
        .clone();
    new.name = "demo-vpc-1--eslag".into();
    new.spec["connection"] = json!(ESLAG);
    let created = impact_of_draft(&current, Draft::Put(&new));
    assert_eq!(created.connections, set(&[ESLAG]));
    assert_eq!(created.vpc_attachments, set(&["demo-vpc-1--eslag"]));
    assert_eq!(created.servers, set(&["server-1"]));
    // Kinds with no devices behind them touch nothing.
    let profile = key("SwitchProfile", "dell-s5248f-on");
    assert!(impact_of_draft(&current, Draft::Delete(&profile)).is_empty());
    assert!(impact(&current, &current, &[]).is_empty());
    // The impact serializes with ports as pairs.
    let value = serde_json::to_value(&draft).unwrap();
    assert_eq!(value["ports"], json!([["s5248-02", "E1/1"]]));
    assert_eq!(value["vpcs"], json!(["demo-vpc-2"]));
}
