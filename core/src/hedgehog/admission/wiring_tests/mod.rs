//! Table tests of the wiring kinds (Switch, Server, SwitchGroup, Connection, SwitchProfile),
//! over YAML through the engine of `hnp validate`. The connection and switch cases port
//! Hedgehog's tables (`api/wiring/v1beta1/connection_types_test.go`: `TestConnectionValidation`;
//! `switch_types_test.go`: `TestHydrationValidation`; `switchprofile_types_test.go`:
//! `TestGetAPI2NOSPortsFor`; `pkg/ctrl/switchprofile/catalog_test.go`:
//! `TestDefaultSwitchProfiles`), named as there; cases that need the fabric configuration
//! (reserved subnets, ASN ranges, management subnet and DHCP range, spine ASN) are left out as
//! those rules are not checked. Unlike Hedgehog's unit tests, every case is a whole fabric, so
//! the switches carry the addresses a hydrated wiring has. The other cases cover each remaining
//! rule with a passing and a failing case.

use super::tests::{Error, Valid, WIRING_API, case, doc, run, run_cases, show, with_ns};

mod connection;
mod connection_rules;
mod switch;
mod switchprofile;

/// A hydrated switch (`dell-s5232f-on` unless `extra` sets another profile).
fn switch(
    name: &str,
    role: &str,
    asn: u32,
    ip: &str,
    vtep: &str,
    protocol: &str,
    extra: &str,
) -> String {
    let vtep = if vtep.is_empty() {
        String::new()
    } else {
        format!("  vtepIP: {vtep}\n")
    };
    let profile = if extra.contains("profile:") {
        String::new()
    } else {
        "  profile: dell-s5232f-on\n".to_owned()
    };
    doc(
        WIRING_API,
        "Switch",
        name,
        &format!(
            "  role: {role}\n{profile}  asn: {asn}\n  ip: {ip}\n{vtep}  protocolIP: {protocol}\n{extra}"
        ),
    )
}

/// Hedgehog's connection test base: spine-01, leaf-01, leaf-02 on `dell-s5232f-on`.
fn base() -> Vec<String> {
    with_ns(vec![
        switch(
            "spine-01",
            "spine",
            65100,
            "172.30.0.2/21",
            "",
            "172.30.8.1/32",
            "",
        ),
        switch(
            "leaf-01",
            "server-leaf",
            65101,
            "172.30.0.3/21",
            "172.30.12.1/32",
            "172.30.8.2/32",
            "",
        ),
        switch(
            "leaf-02",
            "server-leaf",
            65102,
            "172.30.0.4/21",
            "172.30.12.2/32",
            "172.30.8.3/32",
            "",
        ),
    ])
}

fn with(mut docs: Vec<String>, more: &[String]) -> Vec<String> {
    docs.extend_from_slice(more);
    docs
}

fn connection(name: &str, spec: &str) -> String {
    doc(WIRING_API, "Connection", name, spec)
}

fn server(name: &str) -> String {
    doc(WIRING_API, "Server", name, "  description: a server\n")
}

/// `fabricConnGen`: spine-01/E1/1 172.30.128.0/31 ←→ leaf-01/E1/1 172.30.128.1/31.
fn fabric_conn(name: &str, spine: &str, spine_ip: &str, leaf: &str, leaf_ip: &str) -> String {
    connection(
        name,
        &format!(
            "  fabric:\n    links:\n    - spine: {{port: {spine}, ip: {spine_ip}}}\n      leaf: {{port: {leaf}, ip: {leaf_ip}}}\n"
        ),
    )
}

fn mesh_conn(name: &str, leaf1: &str, ip1: &str, leaf2: &str, ip2: &str) -> String {
    connection(
        name,
        &format!(
            "  mesh:\n    links:\n    - leaf1: {{port: {leaf1}, ip: {ip1}}}\n      leaf2: {{port: {leaf2}, ip: {ip2}}}\n"
        ),
    )
}

fn gw_conn(name: &str, switch: &str, switch_ip: &str, gateway: &str, gateway_ip: &str) -> String {
    connection(
        name,
        &format!(
            "  gateway:\n    links:\n    - switch: {{port: {switch}, ip: {switch_ip}}}\n      gateway: {{port: {gateway}, ip: {gateway_ip}}}\n"
        ),
    )
}

const IP0: &str = "172.30.128.0/31";
const IP1: &str = "172.30.128.1/31";
const ALT40: &str = "172.30.128.40/31";
const ALT41: &str = "172.30.128.41/31";

fn fabric_1() -> String {
    fabric_conn("fabric-1", "spine-01/E1/1", IP0, "leaf-01/E1/1", IP1)
}

fn mesh_1() -> String {
    mesh_conn("mesh-1", "leaf-01/E1/1", IP0, "leaf-02/E1/1", IP1)
}

fn static_ext(name: &str, subnets: &[&str]) -> String {
    let list: Vec<String> = subnets.iter().map(|s| format!("\"{s}\"")).collect();
    connection(
        name,
        &format!(
            "  staticExternal:\n    link:\n      switch:\n        port: leaf-01/E1/5\n        ip: 192.168.1.2/24\n        nextHop: 192.168.1.1\n        subnets: [{}]\n",
            list.join(", ")
        ),
    )
}

fn unbundled(name: &str, server_port: &str, switch_port: &str) -> String {
    connection(
        name,
        &format!(
            "  unbundled:\n    link:\n      server: {{port: {server_port}}}\n      switch: {{port: {switch_port}}}\n"
        ),
    )
}

fn links(shape: &str, pairs: &[(&str, &str)]) -> String {
    let mut spec = format!("  {shape}:\n    links:\n");
    for (server, switch) in pairs {
        spec.push_str(&format!(
            "    - server: {{port: {server}}}\n      switch: {{port: {switch}}}\n"
        ));
    }
    spec
}

/// Hedgehog's `TestGetAPI2NOSPortsFor` "simple" profile as a SwitchProfile object; `extra`
/// is appended to its spec.
fn test_profile(name: &str, extra: &str) -> String {
    doc(
        WIRING_API,
        "SwitchProfile",
        name,
        &format!(
            "  displayName: Test
  switchSilicon: test
  nosType: sonic-bcm-vs
  platform: vs
  ports:
    M1: {{nos: Management0, management: true, oniePortName: eth0}}
    E1/1: {{nos: Ethernet0, label: \"1\", group: \"1\"}}
    E1/2: {{nos: Ethernet4, label: \"2\", group: \"1\"}}
    E1/3: {{nos: Ethernet8, label: \"3\", group: \"2\"}}
    E1/4: {{nos: Ethernet12, label: \"4\", group: \"2\"}}
    E1/5: {{nos: Ethernet16, label: \"5\", profile: SFP28-25G}}
    E1/6: {{nos: Ethernet17, label: \"6\", profile: SFP28-25G}}
    E1/7: {{nos: 1/7, label: \"7\", profile: QSFP28-100G, baseNOSName: Ethernet20}}
    E1/8: {{nos: 1/8, label: \"8\", profile: QSFP28-100G, baseNOSName: Ethernet24}}
    E1/9: {{nos: 1/9, label: \"9\", profile: QSFP28-100G, baseNOSName: Ethernet28}}
  portGroups:
    \"1\": {{nos: \"1\", profile: SFP28-25G}}
    \"2\": {{nos: \"2\", profile: SFP28-25G}}
  portProfiles:
    SFP28-25G:
      speed: {{default: 25G, supported: [10G, 25G]}}
    QSFP28-100G:
      breakout:
        default: 1x100G
        supported:
          1x100G: {{offsets: [\"0\"]}}
          1x40G: {{offsets: [\"0\"]}}
          2x50G: {{offsets: [\"0\", \"2\"]}}
          1x50G: {{offsets: [\"0\"]}}
          4x25G: {{offsets: [\"0\", \"1\", \"2\", \"3\"]}}
          4x10G: {{offsets: [\"0\", \"1\", \"2\", \"3\"]}}
          1x25G: {{offsets: [\"0\"]}}
          1x10G: {{offsets: [\"0\"]}}
{extra}"
        ),
    )
}

#[test]
fn server_and_switch_group_need_only_their_name_rules() {
    let cases = vec![
        case("server", vec![server("server-01")], vec![Valid]),
        case(
            "server outside the default namespace",
            vec![server("server-01").replace(
                "  name: server-01\n",
                "  name: server-01\n  namespace: other\n",
            )],
            vec![Error(
                "Server",
                "server-01",
                "metadata.namespace",
                "only the default namespace",
            )],
        ),
        case(
            "switch group outside the default namespace",
            vec![
                doc(WIRING_API, "SwitchGroup", "g", "  {}\n")
                    .replace("  name: g\n", "  name: g\n  namespace: other\n"),
            ],
            vec![Error(
                "SwitchGroup",
                "g",
                "metadata.namespace",
                "only the default namespace",
            )],
        ),
    ];
    assert_eq!(run_cases(cases), 3);
}

#[test]
fn wiring_checks_are_linear() {
    // 2,500 leaves with one unbundled connection and server each (10,000 objects), one port
    // used twice: checked well under the time a quadratic pass would take.
    let mut docs = with_ns(Vec::new());
    for n in 0..2500u32 {
        let (a, b) = (n / 250, n % 250);
        docs.push(switch(
            &format!("leaf-{n}"),
            "server-leaf",
            65000 + n,
            &format!("172.{}.{a}.{b}/21", 16 + a / 250),
            &format!("172.30.{a}.{b}/32"),
            &format!("172.31.{a}.{b}/32"),
            "",
        ));
        docs.push(server(&format!("server-{n}")));
        docs.push(unbundled(
            &format!("c-{n}"),
            &format!("server-{n}/enp2s1"),
            &format!("leaf-{n}/E1/5"),
        ));
        docs.push(unbundled(
            &format!("d-{n}"),
            &format!("server-{n}/enp2s2"),
            &format!("leaf-{n}/E1/6"),
        ));
    }
    docs.push(unbundled("dup", "server-0/enp2s3", "leaf-0/E1/5"));
    let start = std::time::Instant::now();
    let report = run(&docs);
    let elapsed = start.elapsed();
    let errors: Vec<_> = report
        .errors
        .iter()
        .map(|f| (f.name.as_str(), f.field.as_str()))
        .collect();
    assert_eq!(errors.len(), 2, "{}", show(&report.errors));
    assert!(errors.contains(&("dup", "spec.unbundled.link.switch.port")));
    assert!(errors.contains(&("c-0", "spec.unbundled.link.switch.port")));
    // Generous for debug builds on a loaded machine; the quadratic version takes minutes.
    assert!(elapsed.as_secs() < 30, "{elapsed:?}");
}
