//! VPCAttachment rules.

use super::{Error, Valid, WIRING_API, attachment, case, doc, run_cases, vpc, with_wiring};
#[test]
fn vpcattachment_rules() {
    let unbundled = "server-01--unbundled--leaf-01";
    let cases = vec![
        case(
            "valid",
            with_wiring(vec![attachment(
                "a1",
                &format!("  subnet: vpc-01/default\n  connection: {unbundled}\n"),
            )]),
            vec![Valid],
        ),
        case(
            "subnet defaults to default",
            with_wiring(vec![attachment(
                "a1",
                &format!("  subnet: vpc-01\n  connection: {unbundled}\n"),
            )]),
            vec![Valid],
        ),
        case(
            "vpc missing from the subnet",
            with_wiring(vec![attachment(
                "a1",
                &format!("  subnet: /default\n  connection: {unbundled}\n"),
            )]),
            vec![Error("VPCAttachment", "a1", "spec.subnet", "the VPC is missing")],
        ),
        case(
            "vpc not found",
            with_wiring(vec![attachment(
                "a1",
                &format!("  subnet: vpc-09/default\n  connection: {unbundled}\n"),
            )]),
            vec![Error("VPCAttachment", "a1", "spec.subnet", "VPC vpc-09 not found")],
        ),
        case(
            "subnet not found",
            with_wiring(vec![attachment(
                "a1",
                &format!("  subnet: vpc-01/nope\n  connection: {unbundled}\n"),
            )]),
            vec![Error(
                "VPCAttachment",
                "a1",
                "spec.subnet",
                "subnet \"nope\" not found in VPC vpc-01",
            )],
        ),
        case(
            "connection missing",
            with_wiring(vec![attachment("a1", "  subnet: vpc-01/default\n")]),
            vec![Error("VPCAttachment", "a1", "spec.connection", "required")],
        ),
        case(
            "connection not found",
            with_wiring(vec![attachment(
                "a1",
                "  subnet: vpc-01/default\n  connection: nowhere\n",
            )]),
            vec![Error(
                "VPCAttachment",
                "a1",
                "spec.connection",
                "Connection nowhere not found",
            )],
        ),
        case(
            "connection of the wrong shape",
            with_wiring(vec![attachment(
                "a1",
                "  subnet: vpc-01/default\n  connection: leaf-01--mclag-domain--leaf-02\n",
            )]),
            vec![Error(
                "VPCAttachment",
                "a1",
                "spec.connection",
                "not unbundled, bundled or eslag",
            )],
        ),
        case(
            "hostBGP subnet on a bundled connection",
            with_wiring(vec![attachment(
                "a1",
                "  subnet: vpc-01/bgp\n  connection: server-02--bundled--leaf-01\n",
            )]),
            vec![Error(
                "VPCAttachment",
                "a1",
                "spec.connection",
                "only unbundled connections",
            )],
        ),
        case(
            "hostBGP subnet on an unbundled connection",
            with_wiring(vec![attachment(
                "a1",
                &format!("  subnet: vpc-01/bgp\n  connection: {unbundled}\n"),
            )]),
            vec![Valid],
        ),
        case(
            "switch without the vpc's vlan namespace, mclag peer with hostBGP",
            with_wiring(vec![attachment(
                "a1",
                "  subnet: vpc-01/bgp\n  connection: server-03--unbundled--leaf-02\n",
            )]),
            vec![
                Error(
                    "VPCAttachment",
                    "a1",
                    "spec.connection",
                    "Switch leaf-02 does not have VLANNamespace default",
                ),
                Error("VPCAttachment", "a1", "spec.subnet", "MCLAG peer"),
            ],
        ),
        case(
            "switch of the connection not found",
            with_wiring(vec![
                attachment(
                    "a1",
                    "  subnet: vpc-01/default\n  connection: server-04--unbundled--leaf-09\n",
                ),
                // Its switch is missing (and so is its server): reported on it too.
                doc(
                    WIRING_API,
                    "Connection",
                    "server-04--unbundled--leaf-09",
                    "  unbundled:\n    link:\n      server: {port: server-04/enp2s1}\n      switch: {port: leaf-09/E1/1}\n",
                ),
            ]),
            vec![Error(
                "VPCAttachment",
                "a1",
                "spec.connection",
                "Switch leaf-09 used by Connection",
            )],
        ),
        case(
            "p2p link annotation",
            with_wiring(vec![
                attachment(
                    "a1",
                    &format!("  subnet: vpc-01/default\n  connection: {unbundled}\n"),
                )
                .replace(
                    "  name: a1\n",
                    "  name: a1\n  annotations:\n    fabric.githedgehog.com/p2p-link: 10.0.0.0/30\n",
                ),
                attachment(
                    "a2",
                    "  subnet: vpc-01/bgp\n  connection: server-02--bundled--leaf-01\n",
                )
                .replace(
                    "  name: a2\n",
                    "  name: a2\n  annotations:\n    fabric.githedgehog.com/p2p-link: 10.0.0.0/31\n",
                ),
            ]),
            vec![Error(
                "VPCAttachment",
                "a1",
                "metadata.annotations[\"fabric.githedgehog.com/p2p-link\"]",
                "IPv4 /31",
            )],
        ),
        case(
            "eslag connection with an l3vni vpc",
            {
                let mut docs = with_wiring(vec![attachment(
                    "a1",
                    "  subnet: vpc-03/default\n  connection: server-05--eslag--leaf-01\n",
                )]);
                docs.push(doc(
                    WIRING_API,
                    "Connection",
                    "server-05--eslag--leaf-01",
                    "  eslag:\n    links:\n    - server: {port: server-05/enp2s1}\n      switch: {port: leaf-01/E1/7}\n",
                ));
                docs.push(vpc(
                    "vpc-03",
                    "  mode: l3vni\n  subnets:\n    default:\n      subnet: 10.0.3.0/24\n      vlan: 103\n",
                ));
                docs
            },
            vec![Error(
                "VPCAttachment",
                "a1",
                "spec.connection",
                "ESLAG connections support only l2vni",
            )],
        ),
        case(
            "empty p2p link annotation",
            with_wiring(vec![attachment(
                "a1",
                &format!("  subnet: vpc-01/default\n  connection: {unbundled}\n"),
            )
            .replace(
                "  name: a1\n",
                "  name: a1\n  annotations:\n    fabric.githedgehog.com/p2p-link: \"\"\n",
            )]),
            vec![Error(
                "VPCAttachment",
                "a1",
                "metadata.annotations[\"fabric.githedgehog.com/p2p-link\"]",
                "empty",
            )],
        ),
        case(
            "connection attached twice to one subnet",
            with_wiring(vec![
                attachment(
                    "a1",
                    &format!("  subnet: vpc-01/default\n  connection: {unbundled}\n"),
                ),
                attachment(
                    "a2",
                    &format!("  subnet: vpc-01\n  connection: {unbundled}\n"),
                ),
            ]),
            vec![
                Error("VPCAttachment", "a1", "spec.subnet", "also by VPCAttachment a2"),
                Error("VPCAttachment", "a2", "spec.subnet", "also by VPCAttachment a1"),
            ],
        ),
        case(
            "two native vlans on one connection",
            with_wiring(vec![
                attachment(
                    "a1",
                    &format!("  subnet: vpc-01/default\n  connection: {unbundled}\n  nativeVLAN: true\n"),
                ),
                attachment(
                    "a2",
                    &format!("  subnet: vpc-01/bgp\n  connection: {unbundled}\n  nativeVLAN: true\n"),
                ),
            ]),
            vec![
                Error("VPCAttachment", "a1", "spec.nativeVLAN", "VPCAttachment a2"),
                Error("VPCAttachment", "a2", "spec.nativeVLAN", "VPCAttachment a1"),
            ],
        ),
    ];
    assert_eq!(run_cases(cases), 17);
}
