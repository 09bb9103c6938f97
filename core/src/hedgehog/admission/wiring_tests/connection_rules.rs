//! Connection rules beyond Hedgehog's table.

use super::{
    Error, IP0, IP1, Valid, WIRING_API, base, case, connection, doc, fabric_conn, links, run_cases,
    server, static_ext, switch, unbundled, with, with_ns,
};
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
