//! VPC rules beyond Hedgehog's table, and VPC defaulting.

use super::{
    Error, NAMESPACES, VPC_API, Valid, base_vpc, case, doc, json, run_cases, vpc, with_ns,
};
#[test]
fn vpc_rules_beyond_hedgehogs_table() {
    let subnet = |body: &str| vpc("vpc-01", &format!("  subnets:\n    default:\n{body}"));
    let dhcp = |body: &str| {
        subnet(&format!(
            "      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        enable: true\n{body}"
        ))
    };
    let cases = vec![
        case(
            "l3vni mode",
            with_ns(vec![base_vpc("vpc-01", "  mode: l3vni\n")]),
            vec![Valid],
        ),
        case(
            "l3flat mode",
            with_ns(vec![base_vpc("vpc-01", "  mode: l3flat\n")]),
            vec![Error("VPC", "vpc-01", "spec.mode", "not supported")],
        ),
        case(
            "unknown mode",
            with_ns(vec![base_vpc("vpc-01", "  mode: l2flat\n")]),
            vec![Error("VPC", "vpc-01", "spec.mode", "invalid mode")],
        ),
        case(
            "static route prefix invalid, advertised route without gateway, empty static ip",
            with_ns(vec![vpc(
                "vpc-01",
                "  subnets:\n    default:\n      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        enable: true\n        options:\n          advertisedRoutes:\n          - {destination: 10.1.0.0/16}\n        static:\n          aa:bb:cc:dd:ee:05: {ip: \"\"}\n  staticRoutes:\n  - {prefix: 172.16.0.0, nextHops: [10.0.1.5]}\n",
            )]),
            vec![
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.staticRoutes[0].prefix",
                    "not a valid prefix",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.options.advertisedRoutes[0].gateway",
                    "required",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.static.aa:bb:cc:dd:ee:05.ip",
                    "empty static IP",
                ),
            ],
        ),
        case(
            "vlan reused by another vpc",
            with_ns(vec![
                base_vpc("vpc-01", ""),
                vpc(
                    "vpc-02",
                    "  subnets:\n    s1:\n      subnet: 10.0.2.0/24\n      vlan: 100\n",
                ),
            ]),
            vec![
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.vlan",
                    "VLAN 100 is also used by VPC vpc-02 subnet s1",
                ),
                Error(
                    "VPC",
                    "vpc-02",
                    "spec.subnets.s1.vlan",
                    "VLAN 100 is also used by VPC vpc-01 subnet default",
                ),
            ],
        ),
        case(
            "distinct vlans and subnets across vpcs",
            with_ns(vec![
                base_vpc("vpc-01", ""),
                vpc(
                    "vpc-02",
                    "  subnets:\n    s1:\n      subnet: 10.0.2.0/24\n      vlan: 101\n",
                ),
            ]),
            vec![Valid],
        ),
        case(
            "same subnet in different ipv4 namespaces",
            vec![
                NAMESPACES.to_owned(),
                doc(
                    VPC_API,
                    "IPv4Namespace",
                    "other",
                    "  subnets: [10.0.0.0/8]\n",
                ),
                base_vpc("vpc-01", ""),
                vpc(
                    "vpc-02",
                    "  ipv4Namespace: other\n  subnets:\n    s1:\n      subnet: 10.0.1.0/24\n      vlan: 101\n",
                ),
            ],
            vec![Valid],
        ),
        case(
            "relay vpc without relay",
            with_ns(vec![dhcp("").replace(
                "        enable: true\n",
                "        relayVPC: vpc-01\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.dhcp.relayVPC",
                "no DHCP relay",
            )],
        ),
        case(
            "relay vpc not found",
            with_ns(vec![subnet(
                "      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        relay: 10.0.9.1/32\n        relayVPC: nowhere\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.dhcp.relayVPC",
                "nowhere not found",
            )],
        ),
        case(
            "relay that is not a prefix",
            with_ns(vec![subnet(
                "      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        relay: 10.0.9.1\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.dhcp.relay",
                "not a valid prefix",
            )],
        ),
        case(
            "dhcp options valid",
            with_ns(vec![dhcp(
                "        options:\n          dnsServers: [10.0.1.5]\n          timeServers: [10.0.1.6]\n          interfaceMTU: 1500\n          advertisedRoutes:\n          - {destination: 192.168.0.0/16, gateway: 10.0.1.1}\n",
            )]),
            vec![Valid],
        ),
        case(
            "dhcp options invalid",
            with_ns(vec![dhcp(
                "        options:\n          dnsServers: [dns.example]\n          timeServers: [ntp]\n          interfaceMTU: 9100\n          advertisedRoutes:\n          - {destination: 192.168.0.0, gateway: 10.9.9.9}\n          - {gateway: 10.0.1.1}\n",
            )]),
            vec![
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.options.dnsServers[0]",
                    "not a valid IP",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.options.timeServers[0]",
                    "not a valid IP",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.options.interfaceMTU",
                    "between 96 and 9036",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.options.advertisedRoutes[0].destination",
                    "not a valid prefix",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.options.advertisedRoutes[0].gateway",
                    "not in the subnet",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.options.advertisedRoutes[1].destination",
                    "required",
                ),
            ],
        ),
        case(
            "dhcp range outside the subnet, on the gateway and the network",
            with_ns(vec![dhcp(
                "        range: {start: 10.0.1.1, end: 10.0.2.10}\n",
            )]),
            vec![
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.range.start",
                    "is the gateway",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.range.end",
                    "not in the subnet",
                ),
            ],
        ),
        case(
            "dhcp range start is the subnet address",
            with_ns(vec![dhcp("        range: {start: 10.0.1.0}\n")]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.dhcp.range.start",
                "subnet address",
            )],
        ),
        case(
            "static leases valid",
            with_ns(vec![dhcp(
                "        static:\n          AA-BB-CC-DD-EE-01: {ip: 10.0.1.10}\n          aa:bb:cc:dd:ee:02: {ip: 10.0.1.11}\n",
            )]),
            vec![Valid],
        ),
        case(
            "static leases invalid",
            with_ns(vec![dhcp(
                "        static:\n          not-a-mac: {ip: 10.0.1.10}\n          aa:bb:cc:dd:ee:02: {ip: 10.0.1.10}\n          aa:bb:cc:dd:ee:03: {ip: 10.0.2.10}\n          aa:bb:cc:dd:ee:04: {ip: 10.0.1.1}\n",
            )]),
            vec![
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.static.not-a-mac",
                    "not a valid MAC",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.static.not-a-mac.ip",
                    "already assigned to MAC aa:bb:cc:dd:ee:02",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.static.aa:bb:cc:dd:ee:03.ip",
                    "not in the subnet",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.static.aa:bb:cc:dd:ee:04.ip",
                    "is the gateway",
                ),
            ],
        ),
        case(
            "static leases with dhcp disabled",
            with_ns(vec![subnet(
                "      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        static:\n          aa:bb:cc:dd:ee:01: {ip: 10.0.1.10}\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.dhcp.static",
                "need DHCP enabled",
            )],
        ),
        // Default() drops range and options of a subnet without DHCP: admitted.
        case(
            "range and options with dhcp disabled are dropped",
            with_ns(vec![subnet(
                "      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        range: {start: 10.0.1.10}\n        options: {pxeURL: tftp://10.0.1.5/boot}\n",
            )]),
            vec![Valid],
        ),
        case(
            "static route with host bits",
            with_ns(vec![base_vpc(
                "vpc-01",
                "  staticRoutes:\n  - {prefix: 172.16.0.1/12, nextHops: [10.0.1.5]}\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.staticRoutes[0].prefix",
                "host bits",
            )],
        ),
        case(
            "static route valid",
            with_ns(vec![base_vpc(
                "vpc-01",
                "  staticRoutes:\n  - {prefix: 172.16.0.0/12, nextHops: [10.0.1.5]}\n",
            )]),
            vec![Valid],
        ),
        case(
            "permit valid and duplicate",
            with_ns(vec![base_vpc(
                "vpc-01",
                "    second:\n      subnet: 10.0.2.0/24\n      vlan: 101\n  permit:\n  - [default, second]\n  - [default, default]\n",
            )]),
            vec![Error("VPC", "vpc-01", "spec.permit[1][1]", "listed twice")],
        ),
        case(
            "vpc in another namespace",
            with_ns(vec![
                base_vpc("vpc-01", "").replace("namespace: default", "namespace: team-a"),
            ]),
            vec![Error(
                "VPC",
                "vpc-01",
                "metadata.namespace",
                "only the default namespace",
            )],
        ),
        case(
            "unknown ipv4 namespace",
            with_ns(vec![base_vpc("vpc-01", "  ipv4Namespace: nowhere\n")]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.ipv4Namespace",
                "IPv4Namespace nowhere not found",
            )],
        ),
        case(
            "unknown vlan namespace",
            with_ns(vec![base_vpc("vpc-01", "  vlanNamespace: nowhere\n")]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.vlanNamespace",
                "VLANNamespace nowhere not found",
            )],
        ),
        case(
            "vpc defined twice",
            with_ns(vec![base_vpc("vpc-01", ""), base_vpc("vpc-01", "")]),
            vec![Error(
                "VPC",
                "vpc-01",
                "metadata.name",
                "defined more than once (also at case/1.yaml:1)",
            )],
        ),
        case(
            "schema: unknown field",
            with_ns(vec![base_vpc("vpc-01", "  subnetz: {}\n")]),
            vec![Error("VPC", "vpc-01", "spec.subnetz", "")],
        ),
    ];
    assert_eq!(run_cases(cases), 26);
}

#[test]
fn default_spec_matches_hedgehog() {
    use super::super::default_spec;
    // The drift example: a range with DHCP disabled is dropped; gateway and namespaces
    // are filled in.
    let spec = json!({"subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1000,
        "dhcp": {"range": {"start": "10.0.1.10"}}}}});
    assert_eq!(
        default_spec("VPC", &spec),
        json!({"ipv4Namespace": "default", "vlanNamespace": "default",
            "subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1000,
                "gateway": "10.0.1.1", "dhcp": {}}}})
    );
    // DHCP enabled: the range defaults to the third … last address, options get their
    // defaults and sorted lists, MAC keys are normalized.
    let spec = json!({"subnets": {"s": {"subnet": "10.0.2.0/24", "gateway": "10.0.2.1",
        "dhcp": {"enable": true, "options": {"dnsServers": ["10.0.2.9", "10.0.2.8"]},
            "static": {"AA-BB-CC-DD-EE-FF": {"ip": "10.0.2.50"}}}}}});
    let defaulted = default_spec("VPC", &spec);
    let dhcp = &defaulted["subnets"]["s"]["dhcp"];
    assert_eq!(
        dhcp["range"],
        json!({"start": "10.0.2.2", "end": "10.0.2.255"})
    );
    assert_eq!(
        dhcp["options"],
        json!({"dnsServers": ["10.0.2.8", "10.0.2.9"], "timeServers": [],
            "interfaceMTU": 9036, "leaseTimeSeconds": 3600, "advertisedRoutes": []})
    );
    assert_eq!(
        dhcp["static"],
        json!({"aa:bb:cc:dd:ee:ff": {"ip": "10.0.2.50"}})
    );
    // All-empty options are dropped; hostBGP subnets get no gateway.
    let spec = json!({"subnets": {"s": {"subnet": "10.0.3.0/24", "hostBGP": true,
        "dhcp": {"enable": true, "options": {}}}}});
    let defaulted = default_spec("VPC", &spec);
    assert!(defaulted["subnets"]["s"].get("gateway").is_none());
    assert!(defaulted["subnets"]["s"]["dhcp"].get("options").is_none());
    // Idempotent.
    assert_eq!(default_spec("VPC", &defaulted), defaulted);

    assert_eq!(
        default_spec(
            "VPCAttachment",
            &json!({"subnet": "vpc-1", "connection": "c"})
        ),
        json!({"subnet": "vpc-1/default", "connection": "c"})
    );
    assert_eq!(
        default_spec("VPCAttachment", &json!({"subnet": "vpc-1/s"})),
        json!({"subnet": "vpc-1/s"})
    );
    assert_eq!(
        default_spec(
            "IPv4Namespace",
            &json!({"subnets": ["10.2.0.0/16", "10.1.0.0/16"]})
        ),
        json!({"subnets": ["10.1.0.0/16", "10.2.0.0/16"]})
    );
    assert_eq!(
        default_spec(
            "VLANNamespace",
            &json!({"ranges": [{"from": 3000}, {"from": 1000, "to": 2999}]})
        ),
        json!({"ranges": [{"from": 1000, "to": 2999}, {"from": 3000, "to": 3000}]})
    );
    // Kinds without defaulting are unchanged.
    let server = json!({"description": "a server"});
    assert_eq!(default_spec("Server", &server), server);
    assert_eq!(
        default_spec(
            "Switch",
            &json!({"role": "spine", "redundancy": {"group": "g", "type": "eslag"}, "groups": ["z"], "portSpeeds": {"E1/1": "SPEED_10G"}})
        ),
        json!({"role": "spine", "redundancy": {"group": "g", "type": "eslag"}, "groups": ["g", "z"], "portSpeeds": {"E1/1": "10G"}, "vlanNamespaces": ["default"]})
    );
}
