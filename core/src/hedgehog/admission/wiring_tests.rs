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

#[test]
fn connection_table_ported_from_hedgehog() {
    let fip = "spec.fabric.links[0].spine.ip";
    let fport = "spec.fabric.links[0].spine.port";
    let cases = vec![
        case(
            "static-ext-default-route",
            with(
                base(),
                &[static_ext("static-ext-default-route", &["0.0.0.0/0"])],
            ),
            vec![Valid],
        ),
        case(
            "static-ext-default-route-and-not",
            with(base(), &[static_ext("s", &["0.0.0.0/0", "0.0.0.0/0"])]),
            vec![Error(
                "Connection",
                "s",
                "spec.staticExternal.link.switch.subnets[0]",
                "only subnet",
            )],
        ),
        case(
            "static-ext-default-route-and-not-2",
            with(base(), &[static_ext("s", &["0.0.0.0/0", "1.2.3.0/24"])]),
            vec![Error(
                "Connection",
                "s",
                "spec.staticExternal.link.switch.subnets[0]",
                "only subnet",
            )],
        ),
        case(
            "static-ext--not-default-route",
            with(base(), &[static_ext("s", &["1.2.3.0/24"])]),
            vec![Valid],
        ),
        case(
            "collision-fabric-with-fabric-IP",
            with(
                base(),
                &[
                    fabric_1(),
                    fabric_conn("fabric-2", "spine-01/E1/3", IP0, "leaf-01/E1/2", IP1),
                ],
            ),
            vec![
                Error(
                    "Connection",
                    "fabric-1",
                    fip,
                    "also used by Connection fabric-2",
                ),
                Error(
                    "Connection",
                    "fabric-2",
                    fip,
                    "also used by Connection fabric-1",
                ),
            ],
        ),
        case(
            "collision-fabric-with-fabric-port",
            with(
                base(),
                &[
                    fabric_1(),
                    fabric_conn("fabric-2", "spine-01/E1/1", ALT40, "leaf-01/E1/1", ALT41),
                ],
            ),
            vec![
                Error(
                    "Connection",
                    "fabric-1",
                    fport,
                    "switch port spine-01/E1/1 is also used by Connection fabric-2",
                ),
                Error(
                    "Connection",
                    "fabric-2",
                    fport,
                    "also used by Connection fabric-1",
                ),
            ],
        ),
        case(
            "no-collision-fabric-with-fabric",
            with(
                base(),
                &[
                    fabric_1(),
                    fabric_conn("fabric-2", "spine-01/E1/3", ALT40, "leaf-01/E1/2", ALT41),
                ],
            ),
            vec![Valid],
        ),
        case(
            "collision-fabric-with-mesh-IP",
            with(
                base(),
                &[
                    fabric_1(),
                    mesh_conn("mesh-2", "leaf-01/E1/2", IP0, "leaf-02/E1/3", IP1),
                ],
            ),
            vec![Error(
                "Connection",
                "fabric-1",
                fip,
                "also used by Connection mesh-2",
            )],
        ),
        case(
            "collision-fabric-with-mesh-port",
            with(
                base(),
                &[
                    fabric_1(),
                    mesh_conn("mesh-2", "leaf-01/E1/1", ALT41, "leaf-02/E1/1", ALT40),
                ],
            ),
            vec![Error(
                "Connection",
                "fabric-1",
                "spec.fabric.links[0].leaf.port",
                "also used by Connection mesh-2",
            )],
        ),
        case(
            "no-collision-fabric-with-mesh",
            with(
                base(),
                &[
                    fabric_1(),
                    mesh_conn("mesh-2", "leaf-01/E1/2", ALT41, "leaf-02/E1/3", ALT40),
                ],
            ),
            vec![Valid],
        ),
        case(
            "collision-fabric-with-gateway-IP",
            with(
                base(),
                &[
                    fabric_1(),
                    gw_conn("gw-2", "spine-01/E1/3", IP0, "gateway-1/enp2s2", IP1),
                ],
            ),
            vec![Error(
                "Connection",
                "fabric-1",
                fip,
                "also used by Connection gw-2",
            )],
        ),
        case(
            "collision-fabric-with-gateway-port",
            with(
                base(),
                &[
                    fabric_1(),
                    gw_conn("gw-2", "spine-01/E1/1", ALT40, "gateway-1/enp2s1", ALT41),
                ],
            ),
            vec![Error(
                "Connection",
                "gw-2",
                "spec.gateway.links[0].switch.port",
                "also used by Connection fabric-1",
            )],
        ),
        case(
            "no-collision-fabric-with-gateway",
            with(
                base(),
                &[
                    fabric_1(),
                    gw_conn("gw-2", "spine-01/E1/3", ALT40, "gateway-1/enp2s2", ALT41),
                ],
            ),
            vec![Valid],
        ),
        case(
            "collision-mesh-with-fabric-IP",
            with(
                base(),
                &[
                    mesh_1(),
                    fabric_conn("fabric-2", "spine-01/E1/3", IP0, "leaf-01/E1/2", IP1),
                ],
            ),
            vec![Error(
                "Connection",
                "mesh-1",
                "spec.mesh.links[0].leaf1.ip",
                "also used by Connection fabric-2",
            )],
        ),
        case(
            "collision-mesh-with-fabric-port",
            with(
                base(),
                &[
                    mesh_1(),
                    fabric_conn("fabric-2", "spine-01/E1/1", ALT40, "leaf-01/E1/1", ALT41),
                ],
            ),
            vec![Error(
                "Connection",
                "mesh-1",
                "spec.mesh.links[0].leaf1.port",
                "also used by Connection fabric-2",
            )],
        ),
        case(
            "no-collision-mesh-with-fabric",
            with(
                base(),
                &[
                    mesh_1(),
                    fabric_conn("fabric-2", "spine-01/E1/3", ALT40, "leaf-01/E1/2", ALT41),
                ],
            ),
            vec![Valid],
        ),
        case(
            "collision-mesh-with-mesh-IP",
            with(
                base(),
                &[
                    mesh_1(),
                    mesh_conn("mesh-2", "leaf-01/E1/2", IP0, "leaf-02/E1/3", IP1),
                ],
            ),
            vec![Error(
                "Connection",
                "mesh-2",
                "spec.mesh.links[0].leaf1.ip",
                "also used by Connection mesh-1",
            )],
        ),
        case(
            "collision-mesh-with-mesh-port",
            with(
                base(),
                &[
                    mesh_1(),
                    mesh_conn("mesh-2", "leaf-01/E1/1", ALT41, "leaf-02/E1/1", ALT40),
                ],
            ),
            vec![Error(
                "Connection",
                "mesh-2",
                "spec.mesh.links[0].leaf2.port",
                "also used by Connection mesh-1",
            )],
        ),
        case(
            "no-collision-mesh-with-mesh",
            with(
                base(),
                &[
                    mesh_1(),
                    mesh_conn("mesh-2", "leaf-01/E1/2", ALT41, "leaf-02/E1/3", ALT40),
                ],
            ),
            vec![Valid],
        ),
    ];
    assert_eq!(run_cases(cases), 19);
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

#[test]
fn connection_rules() {
    let srv = || with(base(), &[server("server-01")]);
    let eslag_switches = |kind1: &str, group2: &str| {
        with_ns(vec![
            server("server-01"),
            doc(WIRING_API, "SwitchGroup", "eslag-1", "  {}\n").replace("spec:\n  {}", "spec: {}"),
            doc(WIRING_API, "SwitchGroup", "eslag-2", "  {}\n").replace("spec:\n  {}", "spec: {}"),
            switch(
                "leaf-01",
                "server-leaf",
                65101,
                "172.30.0.3/21",
                "172.30.12.1/32",
                "172.30.8.2/32",
                &format!("  redundancy: {{group: eslag-1, type: {kind1}}}\n"),
            ),
            switch(
                "leaf-02",
                "server-leaf",
                65102,
                "172.30.0.4/21",
                "172.30.12.2/32",
                "172.30.8.3/32",
                &format!("  redundancy: {{group: {group2}, type: eslag}}\n"),
            ),
            connection(
                "server-01--eslag",
                &links(
                    "eslag",
                    &[
                        ("server-01/enp2s1", "leaf-01/E1/5"),
                        ("server-01/enp2s2", "leaf-02/E1/5"),
                    ],
                ),
            ),
        ])
    };
    let cases = vec![
        case(
            "unbundled",
            with(srv(), &[unbundled("u", "server-01/enp2s1", "leaf-01/E1/5")]),
            vec![Valid],
        ),
        case(
            "unbundled on a breakout lane",
            with(
                srv(),
                &[unbundled("u", "server-01/enp2s1", "leaf-01/E1/5/1")],
            ),
            vec![Valid],
        ),
        case(
            "unbundled on a lane the default breakout does not have",
            with(
                srv(),
                &[unbundled("u", "server-01/enp2s1", "leaf-01/E1/5/2")],
            ),
            vec![Error(
                "Connection",
                "u",
                "spec.unbundled.link.switch.port",
                "port E1/5/2 does not exist on switch leaf-01",
            )],
        ),
        case(
            "unbundled on a lane of the switch's breakout",
            with_ns(vec![
                server("server-01"),
                switch(
                    "leaf-01",
                    "server-leaf",
                    65101,
                    "172.30.0.3/21",
                    "172.30.12.1/32",
                    "172.30.8.2/32",
                    "  portBreakouts: {E1/5: 4x25G}\n",
                ),
                unbundled("u", "server-01/enp2s1", "leaf-01/E1/5/4"),
            ]),
            vec![Valid],
        ),
        case(
            "unbundled on a port the profile does not have",
            with(
                srv(),
                &[unbundled("u", "server-01/enp2s1", "leaf-01/E1/99")],
            ),
            vec![Error(
                "Connection",
                "u",
                "spec.unbundled.link.switch.port",
                "does not exist on switch leaf-01",
            )],
        ),
        case(
            "unbundled on a management port name format",
            with(srv(), &[unbundled("u", "server-01/enp2s1", "leaf-01")]),
            vec![Error(
                "Connection",
                "u",
                "spec.unbundled.link.switch.port",
                "<device>/<port>",
            )],
        ),
        case(
            "unbundled to a missing server",
            with(
                base(),
                &[unbundled("u", "server-09/enp2s1", "leaf-01/E1/5")],
            ),
            vec![Error(
                "Connection",
                "u",
                "spec.unbundled.link.server.port",
                "Server server-09 not found",
            )],
        ),
        case(
            "unbundled to a missing switch",
            with(srv(), &[unbundled("u", "server-01/enp2s1", "leaf-09/E1/5")]),
            vec![Error(
                "Connection",
                "u",
                "spec.unbundled.link.switch.port",
                "Switch leaf-09 not found",
            )],
        ),
        case(
            "two connection types",
            with(
                srv(),
                &[connection(
                    "u",
                    "  unbundled:\n    link:\n      server: {port: server-01/a}\n      switch: {port: leaf-01/E1/5}\n  external:\n    link:\n      switch: {port: leaf-01/E1/6}\n",
                )],
            ),
            vec![Error(
                "Connection",
                "u",
                "spec",
                "exactly one connection type",
            )],
        ),
        case(
            "mclag is deprecated, a warning",
            with(
                srv(),
                &[connection(
                    "m",
                    &links(
                        "mclag",
                        &[
                            ("server-01/enp2s1", "leaf-01/E1/5"),
                            ("server-01/enp2s2", "leaf-02/E1/5"),
                        ],
                    ),
                )],
            ),
            vec![Valid],
        ),
        case(
            "bundled",
            with(
                srv(),
                &[connection(
                    "b",
                    &links(
                        "bundled",
                        &[
                            ("server-01/enp2s1", "leaf-01/E1/5"),
                            ("server-01/enp2s2", "leaf-01/E1/6"),
                        ],
                    ),
                )],
            ),
            vec![Valid],
        ),
        case(
            "bundled on two switches",
            with(
                srv(),
                &[connection(
                    "b",
                    &links(
                        "bundled",
                        &[
                            ("server-01/enp2s1", "leaf-01/E1/5"),
                            ("server-01/enp2s2", "leaf-02/E1/6"),
                        ],
                    ),
                )],
            ),
            vec![Error(
                "Connection",
                "b",
                "spec.bundled",
                "must use one switch, found 2",
            )],
        ),
        case(
            "bundled with a port twice",
            with(
                srv(),
                &[connection(
                    "b",
                    &links(
                        "bundled",
                        &[
                            ("server-01/enp2s1", "leaf-01/E1/5"),
                            ("server-01/enp2s2", "leaf-01/E1/5"),
                        ],
                    ),
                )],
            ),
            vec![Error(
                "Connection",
                "b",
                "spec.bundled.links[1].switch.port",
                "used twice in this connection",
            )],
        ),
        case(
            "bundled without links",
            with(srv(), &[connection("b", "  bundled:\n    links: []\n")]),
            vec![Error(
                "Connection",
                "b",
                "spec.bundled.links",
                "at least one link",
            )],
        ),
        case(
            "unbundled and bundled reuse a switch port",
            with(
                srv(),
                &[
                    unbundled("u", "server-01/enp2s1", "leaf-01/E1/5"),
                    connection(
                        "b",
                        &links("bundled", &[("server-01/enp2s2", "leaf-01/E1/5/1")]),
                    ),
                ],
            ),
            vec![
                Error(
                    "Connection",
                    "u",
                    "spec.unbundled.link.switch.port",
                    "switch port leaf-01/E1/5 is also used by Connection b",
                ),
                Error(
                    "Connection",
                    "b",
                    "spec.bundled.links[0].switch.port",
                    "also used by Connection u",
                ),
            ],
        ),
        case("eslag", eslag_switches("eslag", "eslag-1"), vec![Valid]),
        case(
            "eslag across redundancy groups",
            eslag_switches("eslag", "eslag-2"),
            vec![Error(
                "Connection",
                "server-01--eslag",
                "spec.eslag",
                "one redundancy group",
            )],
        ),
        case(
            "eslag on mclag switches",
            eslag_switches("mclag", "eslag-1"),
            vec![Error(
                "Connection",
                "server-01--eslag",
                "spec.eslag",
                "one redundancy type",
            )],
        ),
        case(
            "eslag on switches without redundancy",
            with(
                srv(),
                &[connection(
                    "e",
                    &links(
                        "eslag",
                        &[
                            ("server-01/enp2s1", "leaf-01/E1/5"),
                            ("server-01/enp2s2", "leaf-02/E1/5"),
                        ],
                    ),
                )],
            ),
            vec![Error(
                "Connection",
                "e",
                "spec.eslag",
                "must have a redundancy group",
            )],
        ),
        case(
            "fabric link not a /31",
            with(
                base(),
                &[fabric_conn(
                    "f",
                    "spine-01/E1/1",
                    "172.30.128.0/30",
                    "leaf-01/E1/1",
                    IP1,
                )],
            ),
            vec![Error(
                "Connection",
                "f",
                "spec.fabric.links[0].spine.ip",
                "not a /31",
            )],
        ),
        case(
            "fabric link IPs in different /31s",
            with(
                base(),
                &[fabric_conn(
                    "f",
                    "spine-01/E1/1",
                    IP0,
                    "leaf-01/E1/1",
                    "172.30.128.3/31",
                )],
            ),
            vec![Error(
                "Connection",
                "f",
                "spec.fabric.links[0].leaf.ip",
                "not in the same /31",
            )],
        ),
        case(
            "fabric on one switch",
            with(
                base(),
                &[fabric_conn("f", "spine-01/E1/1", IP0, "spine-01/E1/2", IP1)],
            ),
            vec![Error("Connection", "f", "spec.fabric", "two switches")],
        ),
        case(
            "static external next hop outside the link subnet",
            with(
                base(),
                &[connection(
                    "s",
                    "  staticExternal:\n    link:\n      switch:\n        port: leaf-01/E1/5\n        ip: 192.168.1.2/24\n        nextHop: 192.168.2.1\n",
                )],
            ),
            vec![Error(
                "Connection",
                "s",
                "spec.staticExternal.link.switch.nextHop",
                "not in 192.168.1.0/24",
            )],
        ),
        case(
            "static external subnets overlap",
            with(base(), &[static_ext("s", &["10.1.0.0/16", "10.1.2.0/24"])]),
            vec![Error(
                "Connection",
                "s",
                "spec.staticExternal.link.switch.subnets[1]",
                "overlaps",
            )],
        ),
        case(
            "static external subnet with host bits",
            with(base(), &[static_ext("s", &["10.1.0.1/16"])]),
            vec![Error(
                "Connection",
                "s",
                "spec.staticExternal.link.switch.subnets[0]",
                "inconsistent",
            )],
        ),
        case(
            "static external within a missing VPC",
            with(
                base(),
                &[connection(
                    "s",
                    "  staticExternal:\n    withinVPC: vpc-9\n    link:\n      switch:\n        port: leaf-01/E1/5\n        ip: 192.168.1.2/24\n        nextHop: 192.168.1.1\n",
                )],
            ),
            vec![Error(
                "Connection",
                "s",
                "spec.staticExternal.withinVPC",
                "VPC vpc-9 not found",
            )],
        ),
        case(
            "vpc loopback",
            with(
                base(),
                &[connection(
                    "l",
                    "  vpcLoopback:\n    links:\n    - switch1: {port: leaf-01/E1/7}\n      switch2: {port: leaf-01/E1/8}\n",
                )],
            ),
            vec![Valid],
        ),
        case(
            "vpc loopback across switches",
            with(
                base(),
                &[connection(
                    "l",
                    "  vpcLoopback:\n    links:\n    - switch1: {port: leaf-01/E1/7}\n      switch2: {port: leaf-02/E1/8}\n",
                )],
            ),
            vec![Error("Connection", "l", "spec.vpcLoopback", "one switch")],
        ),
        case(
            "external",
            with(
                base(),
                &[connection(
                    "x",
                    "  external:\n    link:\n      switch: {port: leaf-01/E1/9}\n",
                )],
            ),
            vec![Valid],
        ),
    ];
    assert_eq!(run_cases(cases), 29);
}

fn leaf(name: &str, asn: u32, ip: &str, vtep: &str, protocol: &str) -> String {
    switch(name, "server-leaf", asn, ip, vtep, protocol, "")
}

/// `TestHydrationValidation`'s existing leaf (65101, 172.30.0.8/21, VTEP 172.30.12.0/32,
/// protocol 172.30.8.2/32).
fn hydrated_leaf() -> String {
    leaf(
        "leaf-1",
        65101,
        "172.30.0.8/21",
        "172.30.12.0/32",
        "172.30.8.2/32",
    )
}

fn gateway(vtep: &str, protocol: &str) -> String {
    doc(
        "gateway.githedgehog.com/v1alpha1",
        "Gateway",
        "gw-1",
        &format!("  protocolIP: {protocol}\n  vtepIP: {vtep}\n"),
    )
}

/// Errors on `Switch/name` (other objects' problems ignored).
fn switch_errors(docs: &[String], name: &str) -> Vec<String> {
    run(docs)
        .errors
        .iter()
        .filter(|f| f.kind == "Switch" && f.name == name)
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect()
}

#[test]
fn switch_hydration_table_ported_from_hedgehog() {
    let cases = vec![
        case("emptyList", with_ns(vec![hydrated_leaf()]), vec![Valid]),
        case(
            "VTEPCollision",
            with_ns(vec![
                hydrated_leaf(),
                leaf(
                    "leaf-2",
                    65102,
                    "172.30.0.5/21",
                    "172.30.12.0/32",
                    "172.30.8.5/32",
                ),
            ]),
            vec![
                Error(
                    "Switch",
                    "leaf-2",
                    "spec.vtepIP",
                    "VTEP IP 172.30.12.0/32 is already used by Switch leaf-1",
                ),
                Error(
                    "Switch",
                    "leaf-1",
                    "spec.vtepIP",
                    "already used by Switch leaf-2",
                ),
            ],
        ),
        case(
            "IPCollision",
            with_ns(vec![
                hydrated_leaf(),
                leaf(
                    "leaf-2",
                    65102,
                    "172.30.0.8/21",
                    "172.30.12.2/32",
                    "172.30.8.5/32",
                ),
            ]),
            vec![Error(
                "Switch",
                "leaf-2",
                "spec.ip",
                "management IP 172.30.0.8 is already used by Switch leaf-1",
            )],
        ),
        case(
            "ProtocolIPCollision",
            with_ns(vec![
                hydrated_leaf(),
                leaf(
                    "leaf-2",
                    65102,
                    "172.30.0.5/21",
                    "172.30.12.2/32",
                    "172.30.8.2/32",
                ),
            ]),
            vec![Error(
                "Switch",
                "leaf-2",
                "spec.protocolIP",
                "already used by Switch leaf-1",
            )],
        ),
        case(
            "ASNCollision",
            with_ns(vec![
                hydrated_leaf(),
                leaf(
                    "leaf-2",
                    65101,
                    "172.30.0.5/21",
                    "172.30.12.2/32",
                    "172.30.8.5/32",
                ),
            ]),
            vec![Error(
                "Switch",
                "leaf-2",
                "spec.asn",
                "leaf ASN 65101 is already used by Switch leaf-1",
            )],
        ),
        case(
            "noCollision",
            with_ns(vec![
                hydrated_leaf(),
                leaf(
                    "leaf-2",
                    65102,
                    "172.30.0.5/21",
                    "172.30.12.2/32",
                    "172.30.8.5/32",
                ),
            ]),
            vec![Valid],
        ),
        case(
            "spineCorrectASN",
            with_ns(vec![
                hydrated_leaf(),
                switch(
                    "spine-1",
                    "spine",
                    65100,
                    "172.30.0.9/21",
                    "",
                    "172.30.8.3/32",
                    "",
                ),
            ]),
            vec![Valid],
        ),
        case(
            "VTEPCollisionWithGateway",
            with_ns(vec![
                hydrated_leaf(),
                gateway("172.30.12.0/32", "172.30.8.45/32"),
            ]),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.vtepIP",
                "already used by Gateway gw-1",
            )],
        ),
        case(
            "ProtocolIPCollisionWithGateway",
            with_ns(vec![
                hydrated_leaf(),
                gateway("172.30.12.45/32", "172.30.8.2/32"),
            ]),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.protocolIP",
                "already used by Gateway gw-1",
            )],
        ),
    ];
    assert_eq!(run_cases(cases), 9);
    // noCollisionWithGateway: the gateway here is incomplete (its own rules report it), the
    // switch has no error.
    let docs = with_ns(vec![
        hydrated_leaf(),
        gateway("172.30.12.45/32", "172.30.8.45/32"),
    ]);
    assert_eq!(switch_errors(&docs, "leaf-1"), Vec::<String>::new());
    // mclagPeerAllGood: MCLAG peers share ASN and VTEP IP.
    let mclag = |name: &str, ip: &str, protocol: &str| {
        switch(
            name,
            "server-leaf",
            65101,
            ip,
            "172.30.12.0/32",
            protocol,
            "  redundancy: {group: mclag-1, type: mclag}\n",
        )
    };
    let docs = with_ns(vec![
        mclag("leaf-1", "172.30.0.8/21", "172.30.8.2/32"),
        mclag("leaf-2", "172.30.0.9/21", "172.30.8.3/32"),
        doc(WIRING_API, "SwitchGroup", "mclag-1", "  {}\n").replace("spec:\n  {}", "spec: {}"),
    ]);
    assert_eq!(switch_errors(&docs, "leaf-1"), Vec::<String>::new());
    assert_eq!(switch_errors(&docs, "leaf-2"), Vec::<String>::new());
    let report = run(&docs);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.field == "spec.redundancy.type" && w.message.contains("deprecated")),
        "{}",
        show(&report.warnings)
    );
}

#[test]
fn switch_rules() {
    let leaf_with = |extra: &str| {
        with_ns(vec![switch(
            "leaf-1",
            "server-leaf",
            65101,
            "172.30.0.8/21",
            "172.30.12.0/32",
            "172.30.8.2/32",
            extra,
        )])
    };
    let group = |name: &str| {
        doc(WIRING_API, "SwitchGroup", name, "  {}\n").replace("spec:\n  {}", "spec: {}")
    };
    let cases = vec![
        case("valid leaf", leaf_with(""), vec![Valid]),
        case(
            "unknown profile",
            leaf_with("  profile: no-such-switch\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.profile",
                "switch profile no-such-switch not found",
            )],
        ),
        case(
            "profile from a SwitchProfile object",
            with(
                leaf_with("  profile: test-profile\n"),
                &[test_profile("test-profile", "")],
            ),
            vec![Valid],
        ),
        case(
            "partly hydrated: ASN missing",
            with_ns(vec![doc(
                WIRING_API,
                "Switch",
                "leaf-1",
                "  role: server-leaf\n  profile: vs\n  ip: 172.30.0.8/21\n  protocolIP: 172.30.8.2/32\n",
            )]),
            vec![Error("Switch", "leaf-1", "spec.asn", "ASN is required")],
        ),
        case(
            "not hydrated: a warning only",
            with_ns(vec![doc(
                WIRING_API,
                "Switch",
                "leaf-1",
                "  role: server-leaf\n  profile: vs\n",
            )]),
            vec![Valid],
        ),
        case(
            "protocol IP not a /32",
            with_ns(vec![switch(
                "leaf-1",
                "server-leaf",
                65101,
                "172.30.0.8/21",
                "172.30.12.0/32",
                "172.30.8.2/31",
                "",
            )]),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.protocolIP",
                "must be a /32",
            )],
        ),
        case(
            "VTEP IP on a spine",
            with_ns(vec![switch(
                "spine-1",
                "spine",
                65100,
                "172.30.0.8/21",
                "172.30.12.0/32",
                "172.30.8.2/32",
                "",
            )]),
            vec![Error(
                "Switch",
                "spine-1",
                "spec.vtepIP",
                "not allowed for spine",
            )],
        ),
        case(
            "redundancy type without group",
            leaf_with("  redundancy: {type: eslag}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.redundancy.group",
                "type specified without group",
            )],
        ),
        case(
            "redundancy group without type",
            with(leaf_with("  redundancy: {group: g1}\n"), &[group("g1")]),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.redundancy.type",
                "group specified without type",
            )],
        ),
        case(
            "redundancy group that does not exist",
            leaf_with("  redundancy: {group: g1, type: eslag}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.groups[0]",
                "SwitchGroup g1 not found",
            )],
        ),
        case(
            "eslag on a profile without ESLAG",
            with(
                leaf_with("  profile: celestica-ds4000\n  redundancy: {group: g1, type: eslag}\n"),
                &[group("g1")],
            ),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.redundancy.type",
                "ESLAG is not supported on switch profile celestica-ds4000",
            )],
        ),
        case(
            "missing VLANNamespace",
            leaf_with("  vlanNamespaces: [default, other]\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.vlanNamespaces[1]",
                "VLANNamespace other not found",
            )],
        ),
        case(
            "overlapping VLANNamespaces",
            with(
                leaf_with("  vlanNamespaces: [default, other]\n"),
                &[doc(
                    WIRING_API,
                    "VLANNamespace",
                    "other",
                    "  ranges:\n  - {from: 200, to: 300}\n",
                )],
            ),
            vec![Error("Switch", "leaf-1", "spec.vlanNamespaces", "overlap")],
        ),
        case(
            "port speed not supported",
            leaf_with("  portSpeeds: {E1/33: 25G}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.portSpeeds[\"E1/33\"]",
                "does not support speed 25G",
            )],
        ),
        case(
            "port speed with SPEED_ prefix",
            leaf_with("  portSpeeds: {E1/33: SPEED_10G}\n"),
            vec![Valid],
        ),
        case(
            "port speed on an unknown port",
            leaf_with("  portSpeeds: {E1/77: 10G}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.portSpeeds[\"E1/77\"]",
                "not found in switch profile",
            )],
        ),
        case(
            "port group speed",
            with_ns(vec![switch(
                "leaf-1",
                "server-leaf",
                65101,
                "172.30.0.8/21",
                "172.30.12.0/32",
                "172.30.8.2/32",
                "  profile: dell-s5248f-on\n  portGroupSpeeds: {\"1\": 10G, \"2\": 40G}\n",
            )]),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.portGroupSpeeds.2",
                "does not support speed 40G",
            )],
        ),
        case(
            "port breakout",
            leaf_with("  portBreakouts: {E1/1: 4x25G}\n"),
            vec![Valid],
        ),
        case(
            "port breakout not supported",
            leaf_with("  portBreakouts: {E1/1: 8x10G}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.portBreakouts[\"E1/1\"]",
                "does not support breakout 8x10G",
            )],
        ),
        case(
            "port breakout on a port without breakouts",
            leaf_with("  portBreakouts: {E1/33: 4x25G}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.portBreakouts[\"E1/33\"]",
                "no supported breakouts",
            )],
        ),
        case(
            "breakouts beyond a pipeline's ports",
            with_ns(vec![switch(
                "leaf-1",
                "server-leaf",
                65101,
                "172.30.0.8/21",
                "172.30.12.0/32",
                "172.30.8.2/32",
                &format!(
                    "  profile: celestica-ds4000\n  portBreakouts: {{{}}}\n",
                    (1..=32)
                        .map(|p| format!("E1/{p}: 8x50G"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )]),
            vec![Error("Switch", "leaf-1", "spec.portBreakouts", "more than")],
        ),
        case(
            "FEC on a port",
            leaf_with("  portFECs: {E1/1: rs}\n"),
            vec![Valid],
        ),
        case(
            "FEC on a broken-out port",
            leaf_with("  portBreakouts: {E1/1: 4x25G}\n  portFECs: {E1/1: rs}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.portFECs[\"E1/1\"]",
                "does not support configuring FEC",
            )],
        ),
        case(
            "auto-negotiation not allowed",
            leaf_with("  portAutoNegs: {E1/33: true}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.portAutoNegs[\"E1/33\"]",
                "auto negotiation",
            )],
        ),
        case(
            "RoCE on a profile without it",
            leaf_with("  profile: celestica-ds2000\n  roce: true\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.roce",
                "RoCEv2 is not supported",
            )],
        ),
        case("RoCE supported", leaf_with("  roce: true\n"), vec![Valid]),
        case(
            "ECMP QPN hashing unsupported",
            leaf_with("  ecmp: {roceQPN: true}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.ecmp.roceQPN",
                "not supported",
            )],
        ),
    ];
    assert_eq!(run_cases(cases), 27);
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
fn switch_profile_ports_ported_from_hedgehog() {
    // TestGetAPI2NOSPortsFor "simple": with E1/8 as 4x25G and E1/9 as 2x50G, the API ports
    // are E1/1-6, E1/7 + E1/7/1, E1/8 + E1/8/1-4, E1/9 + E1/9/1-2 and M1.
    let switch_doc = switch(
        "leaf-1",
        "server-leaf",
        65101,
        "172.30.0.8/21",
        "172.30.12.0/32",
        "172.30.8.2/32",
        "  profile: test\n  portBreakouts: {E1/8: 4x25G, E1/9: 2x50G}\n",
    );
    let mut docs = with_ns(vec![test_profile("test", ""), switch_doc, server("srv")]);
    let valid = [
        "E1/1", "E1/6", "E1/7", "E1/7/1", "E1/8", "E1/8/1", "E1/8/4", "E1/9", "E1/9/1", "E1/9/2",
        "M1",
    ];
    let invalid = ["E1/7/2", "E1/8/5", "E1/9/3", "E1/10", "E1/1/1", "M2"];
    for (n, port) in valid.iter().chain(invalid.iter()).enumerate() {
        docs.push(unbundled(
            &format!("c{n}"),
            &format!("srv/p{n}"),
            &format!("leaf-1/{port}"),
        ));
    }
    let report = run(&docs);
    for (n, port) in valid.iter().chain(invalid.iter()).enumerate() {
        let name = format!("c{n}");
        let flagged = report
            .errors
            .iter()
            .any(|f| f.name == name && f.message.contains("does not exist on switch leaf-1"));
        assert_eq!(
            flagged,
            invalid.contains(port),
            "{port}: {}",
            show(&report.errors)
        );
    }
    // E1/9 and E1/9/1 are one port: two connections on them clash.
    let report = run(&[
        docs[..4].to_vec(),
        vec![
            unbundled("a", "srv/p1", "leaf-1/E1/9"),
            unbundled("b", "srv/p2", "leaf-1/E1/9/1"),
        ],
    ]
    .concat());
    assert!(
        report
            .errors
            .iter()
            .any(|f| f.name == "a" && f.message.contains("also used by Connection b")),
        "{}",
        show(&report.errors)
    );
}

#[test]
fn default_switch_profiles_are_valid() {
    // TestDefaultSwitchProfiles: every built-in profile (with the CLS+ and Cumulus ones)
    // passes SwitchProfile validation.
    let names: Vec<&str> = super::switchprofile::builtin_names().collect();
    assert_eq!(names.len(), 23, "{names:?}");
    for name in names {
        let spec = super::switchprofile::builtin(name).unwrap();
        assert_eq!(super::switchprofile::problems(spec), Vec::new(), "{name}");
        let ports = spec.api_ports(&Default::default()).unwrap();
        assert!(ports.contains("M1"), "{name}");
        assert!(ports.contains("E1/1") || ports.contains("E1/1/1"), "{name}");
    }
    let s5248 = super::switchprofile::builtin("dell-s5248f-on").unwrap();
    let ports = s5248
        .api_ports(&[("E1/55".to_owned(), "4x25G".to_owned())].into())
        .unwrap();
    for port in ["E1/48", "E1/55", "E1/55/1", "E1/55/4", "E1/56/1"] {
        assert!(ports.contains(port), "{port}");
    }
    for port in ["E1/57", "E1/56/2", "E1/48/1", "E1/55/5"] {
        assert!(!ports.contains(port), "{port}");
    }
}

#[test]
fn switch_profile_rules() {
    let profile = |extra: &str| vec![test_profile("p", extra)];
    let replace = |from: &str, to: &str| vec![test_profile("p", "").replace(from, to)];
    let cases = vec![
        case("valid profile", profile(""), vec![Valid]),
        case(
            "no display name",
            replace("  displayName: Test\n", ""),
            vec![Error("SwitchProfile", "p", "spec.displayName", "required")],
        ),
        case(
            "invalid nosType",
            replace("nosType: sonic-bcm-vs", "nosType: sonic-fancy"),
            vec![Error("SwitchProfile", "p", "spec.nosType", "invalid")],
        ),
        case(
            "duplicate other names",
            profile("  otherNames: [a, a]\n"),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.otherNames[1]",
                "duplicates",
            )],
        ),
        case(
            "duplicate NOS name",
            replace("nos: Ethernet17", "nos: Ethernet16"),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.ports[\"E1/6\"].nos",
                "duplicated",
            )],
        ),
        case(
            "duplicate label",
            replace("label: \"6\"", "label: \"5\""),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.ports[\"E1/6\"].label",
                "duplicated",
            )],
        ),
        case(
            "data port not E<asic>/<port>",
            replace("E1/6: {", "X1/6: {"),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.ports[\"X1/6\"]",
                "must start with E",
            )],
        ),
        case(
            "management port without ONIE name",
            replace(", oniePortName: eth0", ""),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.ports.M1.oniePortName",
                "ONIE port name",
            )],
        ),
        case(
            "port with a missing profile",
            replace(
                "profile: SFP28-25G}\n    E1/6",
                "profile: SFP28-99G}\n    E1/6",
            ),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.ports[\"E1/5\"].profile",
                "non-existent profile",
            )],
        ),
        case(
            "breakout port without base NOS name",
            replace(", baseNOSName: Ethernet28", ""),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.ports[\"E1/9\"].baseNOSName",
                "base NOS name",
            )],
        ),
        case(
            "unreferenced group",
            profile("")
                .into_iter()
                .map(|d| {
                    d.replace(
                        "  portProfiles:\n",
                        "    \"3\": {nos: \"3\", profile: SFP28-25G}\n  portProfiles:\n",
                    )
                })
                .collect(),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.portGroups.3",
                "not referenced",
            )],
        ),
        case(
            "invalid speed",
            replace("supported: [10G, 25G]", "supported: [10G, 25G, 30G]"),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.portProfiles.SFP28-25G.speed.supported[2]",
                "not allowed",
            )],
        ),
        case(
            "default speed not supported",
            replace("default: 25G", "default: 1G"),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.portProfiles.SFP28-25G.speed.default",
                "in supported speeds",
            )],
        ),
        case(
            "invalid breakout mode",
            replace("1x10G: {offsets: [\"0\"]}", "3x10G: {offsets: [\"0\"]}"),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.portProfiles.QSFP28-100G.breakout.supported.3x10G",
                "valid number",
            )],
        ),
        case(
            "pipeline on a non-breakout port",
            replace(
                "E1/5: {nos: Ethernet16, label: \"5\", profile: SFP28-25G}",
                "E1/5: {nos: Ethernet16, label: \"5\", profile: SFP28-25G, pipeline: \"1\"}",
            )
            .into_iter()
            .map(|d| d + "  pipelines:\n    \"1\": {maxPorts: 8}\n")
            .collect(),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.ports[\"E1/5\"].pipeline",
                "must be a breakout port",
            )],
        ),
    ];
    assert_eq!(run_cases(cases), 15);
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
