//! Gateway and GatewayGroup rules and defaulting, with Hedgehog's tables.

use super::{
    Error, GW_API, GW1, Object, Options, Severity, Valid, Value, WIRING_API, case, check,
    default_spec, doc, gateway, gateway_group, json, numbered_gateway, run_with_wiring,
};
/// Hedgehog's `base` of the gateway tests: the default group, gw-2 and switch sw-1.
fn gateway_context(mut docs: Vec<String>) -> Vec<String> {
    docs.push(gateway_group("default"));
    docs.push(gateway(
        "gw-2",
        "  protocolIP: 172.30.8.2/32\n  vtepIP: 172.30.12.0/32\n  asn: 65101\n  vtepMAC: ca:fe:ba:be:00:02\n  vtepMTU: 1500\n  interfaces:\n    eth0: {ips: [172.30.128.1/31], mtu: 1500}\n  neighbors:\n  - {source: eth0, ip: 172.30.128.0, asn: 65100}\n",
    ));
    docs.push(doc(
        WIRING_API,
        "Switch",
        "sw-1",
        "  role: server-leaf\n  protocolIP: 172.30.8.45/32\n  vtepIP: 172.30.12.45/32\n",
    ));
    docs
}

#[test]
fn gateway_table_ported_from_hedgehog() {
    let gw = "Gateway";
    let gw1 = |from: &str, to: &str| {
        assert!(from.is_empty() || GW1.contains(from), "{from}");
        gateway_context(vec![gateway("gw-1", &GW1.replacen(from, to, 1))])
    };
    let cases = vec![
        case("test-no-overlap", gw1("", ""), vec![Valid]),
        case(
            "test-proto-ip-overlap",
            gw1("172.30.8.3/32", "172.30.8.2/32"),
            vec![
                Error(
                    gw,
                    "gw-1",
                    "spec.protocolIP",
                    "protocol IP 172.30.8.2 is also used by Gateway gw-2",
                ),
                Error(gw, "gw-2", "spec.protocolIP", "also used by Gateway gw-1"),
            ],
        ),
        case(
            "test-vtep-ip-overlap",
            gw1("172.30.12.1/32", "172.30.12.0/32"),
            vec![
                Error(
                    gw,
                    "gw-1",
                    "spec.vtepIP",
                    "VTEP IP 172.30.12.0 is also used by Gateway gw-2",
                ),
                Error(gw, "gw-2", "spec.vtepIP", "also used by Gateway gw-1"),
            ],
        ),
        case(
            "test-invalid-proto-ip",
            gw1("172.30.8.3/32", "172.30.12.0.1/32"),
            vec![Error(gw, "gw-1", "spec.protocolIP", "not a valid prefix")],
        ),
        case(
            "test-non-32-proto-ip",
            gw1("172.30.8.3/32", "172.30.12.0/24"),
            vec![Error(gw, "gw-1", "spec.protocolIP", "must be a /32 prefix")],
        ),
        case(
            "test-non-v4-proto-ip",
            gw1("172.30.8.3/32", "\"2001:db8::1/32\""),
            vec![Error(
                gw,
                "gw-1",
                "spec.protocolIP",
                "must be an IPv4 address",
            )],
        ),
        case(
            "test-invalid-vtep-ip",
            gw1("172.30.12.1/32", "172.30.12.0.1/32"),
            vec![Error(gw, "gw-1", "spec.vtepIP", "not a valid prefix")],
        ),
        case(
            "test-non-32-vtep-ip",
            gw1("172.30.12.1/32", "172.30.12.0/24"),
            vec![Error(gw, "gw-1", "spec.vtepIP", "must be a /32 prefix")],
        ),
        case(
            "test-non-v4-vtep-ip",
            gw1("172.30.12.1/32", "\"2001:db8::1/32\""),
            vec![Error(gw, "gw-1", "spec.vtepIP", "must be an IPv4 address")],
        ),
        case(
            "test-localhost-vtep-ip",
            gw1("172.30.12.1/32", "127.0.1.2/32"),
            vec![Error(gw, "gw-1", "spec.vtepIP", "localhost range")],
        ),
        case(
            "test-invalid-mac",
            gw1("ca:fe:ba:be:00:01", "\"00:11:22:33:44:55:66\""),
            vec![Error(gw, "gw-1", "spec.vtepMAC", "not a valid MAC address")],
        ),
        case(
            "test-all-zeros-mac",
            gw1("ca:fe:ba:be:00:01", "\"00:00:00:00:00:00\""),
            vec![Error(gw, "gw-1", "spec.vtepMAC", "all zeros")],
        ),
        case(
            "test-multicast-mac",
            gw1("ca:fe:ba:be:00:01", "\"01:00:5E:00:00:00\""),
            vec![Error(gw, "gw-1", "spec.vtepMAC", "unicast MAC")],
        ),
        case(
            "test-no-asn",
            gw1("  asn: 65101\n", ""),
            vec![Error(gw, "gw-1", "spec.asn", "asn is required")],
        ),
        case(
            "test-no-interfaces",
            gw1(
                "  interfaces:\n    port0:\n      kernel: eth0\n      ips: [172.30.128.3/31]\n      mtu: 1500\n",
                "  interfaces: {}\n",
            ),
            vec![Error(
                gw,
                "gw-1",
                "spec.interfaces",
                "at least one interface",
            )],
        ),
        case(
            "test-interface-invalid-ip",
            gw1(
                "  neighbors:\n",
                "    eth0: {ips: [172.30.128.256/31], mtu: 1500}\n  neighbors:\n",
            ),
            vec![Error(
                gw,
                "gw-1",
                "spec.interfaces.eth0.ips[0]",
                "not a valid prefix",
            )],
        ),
        case(
            "test-no-neighbors",
            gw1(
                "  neighbors:\n  - {source: eth0, ip: 172.30.128.1, asn: 65100}\n",
                "  neighbors: []\n",
            ),
            vec![Error(
                gw,
                "gw-1",
                "spec.neighbors",
                "at least one BGP neighbor",
            )],
        ),
        case(
            "test-neighbor-invalid-ip",
            gw1("ip: 172.30.128.1,", "ip: 172.30.128.256,"),
            vec![Error(
                gw,
                "gw-1",
                "spec.neighbors[0].ip",
                "not a valid IP address",
            )],
        ),
        case(
            "test-neighbor-no-asn",
            gw1(", asn: 65100}", "}"),
            vec![Error(
                gw,
                "gw-1",
                "spec.neighbors[0].asn",
                "asn is required",
            )],
        ),
        // Hedgehog refuses a third gateway in a group when the fabric has two gateway
        // communities: that number is install-time configuration, not checked here.
        case(
            "test-too-many-gws-in-group",
            {
                let mut docs = gw1("", "");
                docs[0].push_str("  groups: [{name: gr1, priority: 0}]\n");
                docs.push(gateway_group("gr1"));
                docs.push(numbered_gateway("gw-3", 31, "[{name: gr1, priority: 1}]"));
                docs.push(numbered_gateway("gw-4", 32, "[{name: gr1, priority: 2}]"));
                docs
            },
            vec![Valid],
        ),
        case(
            "test-fits-in-gw-group",
            {
                let mut docs = gw1("", "");
                docs[0].push_str("  groups: [{name: gr1, priority: 0}]\n");
                docs.push(gateway_group("gr1"));
                docs.push(numbered_gateway("gw-3", 31, "[{name: gr1, priority: 1}]"));
                docs
            },
            vec![Valid],
        ),
        case(
            "test-proto-ip-overlap-with-switch",
            gw1("172.30.8.3/32", "172.30.8.45/32"),
            vec![Error(
                gw,
                "gw-1",
                "spec.protocolIP",
                "also used by Switch sw-1",
            )],
        ),
        case(
            "test-vtep-ip-overlap-with-switch",
            gw1("172.30.12.1/32", "172.30.12.45/32"),
            vec![Error(gw, "gw-1", "spec.vtepIP", "also used by Switch sw-1")],
        ),
        case(
            "test-proto-ip-no-overlap-with-switch-vtep",
            gw1("172.30.8.3/32", "172.30.12.45/32"),
            vec![Valid],
        ),
        case(
            "test-vtep-mac-overlap",
            gw1("ca:fe:ba:be:00:01", "CA:FE:BA:BE:00:02"),
            vec![
                Error(
                    gw,
                    "gw-1",
                    "spec.vtepMAC",
                    "VTEP MAC ca:fe:ba:be:00:02 is also used by Gateway gw-2",
                ),
                Error(gw, "gw-2", "spec.vtepMAC", "also used by Gateway gw-1"),
            ],
        ),
        case(
            "test-log-rate-limit-explicit",
            gw1(
                "",
                "  logs: {rateLimit: {burst: 100, replenishPerSecond: 10}}\n",
            ),
            vec![Valid],
        ),
        case(
            "test-log-rate-limit-empty-defaults",
            gw1("", "  logs: {rateLimit: {}}\n"),
            vec![Valid],
        ),
        case(
            "test-log-rate-limit-absent-disabled",
            gw1("", ""),
            vec![Valid],
        ),
    ];
    assert_eq!(run_with_wiring(cases), 28);
}

#[test]
fn gateway_rules_beyond_hedgehogs_table() {
    let gw = "Gateway";
    let gw1 = |from: &str, to: &str| {
        assert!(GW1.contains(from), "{from}");
        gateway_context(vec![gateway("gw-1", &GW1.replacen(from, to, 1))])
    };
    let iface = |body: &str| gw1("      mtu: 1500\n", &format!("      mtu: 1500\n{body}"));
    let cases = vec![
        case(
            "workers above 64",
            gw1("  asn: 65101\n", "  asn: 65101\n  workers: 65\n"),
            vec![Error(gw, "gw-1", "spec.workers", "between 1 and 64")],
        ),
        case(
            "64 workers",
            gw1("  asn: 65101\n", "  asn: 65101\n  workers: 64\n"),
            vec![Valid],
        ),
        case(
            "multicast VTEP IP",
            gw1("172.30.12.1/32", "224.0.0.1/32"),
            vec![Error(gw, "gw-1", "spec.vtepIP", "unicast IPv4")],
        ),
        case(
            "interface with a valid PCI address",
            iface("    port1: {pci: \"0000:02:00.0\", ips: [172.30.128.5/31]}\n"),
            vec![Valid],
        ),
        case(
            "interface PCI address out of range and too short",
            iface(
                "    port1: {pci: \"0000:02:20.0\", ips: [172.30.128.5/31]}\n    port2: {pci: \"02:00.0\", ips: [172.30.128.7/31]}\n    port3: {pci: \"0000:02:00.8\", ips: [172.30.128.9/31]}\n",
            ),
            vec![
                Error(
                    gw,
                    "gw-1",
                    "spec.interfaces.port1.pci",
                    "device must be between 0 and 1F",
                ),
                Error(gw, "gw-1", "spec.interfaces.port2.pci", "not a PCI address"),
                Error(
                    gw,
                    "gw-1",
                    "spec.interfaces.port3.pci",
                    "function must be between 0 and 7",
                ),
            ],
        ),
        case(
            "interface with PCI and kernel, kernel named as the interface, bad names, IPv6",
            iface(
                "    port1: {pci: \"0000:02:00.0\", kernel: eth1, ips: [172.30.128.5/31]}\n    eth2: {kernel: eth2, ips: [\"fd00::1/127\"]}\n    9bad: {ips: [172.30.128.9/31]}\n    port4: {kernel: \"e\", ips: []}\n",
            ),
            vec![
                Error(
                    gw,
                    "gw-1",
                    "spec.interfaces.port1",
                    "both a PCI address and a kernel name",
                ),
                Error(
                    gw,
                    "gw-1",
                    "spec.interfaces.eth2.kernel",
                    "same name as its kernel",
                ),
                Error(
                    gw,
                    "gw-1",
                    "spec.interfaces.eth2.ips[0]",
                    "must be an IPv4 prefix",
                ),
                Error(
                    gw,
                    "gw-1",
                    "spec.interfaces.9bad",
                    "not a valid Linux interface name",
                ),
                Error(
                    gw,
                    "gw-1",
                    "spec.interfaces.port4.kernel",
                    "not a valid Linux interface name",
                ),
                Error(
                    gw,
                    "gw-1",
                    "spec.interfaces.port4.ips",
                    "at least one IP address",
                ),
            ],
        ),
        case(
            "neighbor over IPv6 and multicast",
            gw1(
                "  - {source: eth0, ip: 172.30.128.1, asn: 65100}\n",
                "  - {source: eth0, ip: \"fd00::1\", asn: 65100}\n  - {source: eth0, ip: 224.0.0.5, asn: 65100}\n",
            ),
            vec![
                Error(
                    gw,
                    "gw-1",
                    "spec.neighbors[0].ip",
                    "must be an IPv4 address",
                ),
                Error(gw, "gw-1", "spec.neighbors[1].ip", "unicast IPv4"),
            ],
        ),
        case(
            "group listed twice and group not found",
            gw1(
                "",
                "  groups: [{name: default}, {name: default}, {name: gr9}]\n",
            ),
            vec![
                Error(gw, "gw-1", "spec.groups[1].name", "listed twice"),
                Error(
                    gw,
                    "gw-1",
                    "spec.groups[2].name",
                    "GatewayGroup gr9 not found",
                ),
            ],
        ),
        case(
            "gateway group outside the default namespace",
            vec![format!(
                "apiVersion: {GW_API}\nkind: GatewayGroup\nmetadata:\n  name: gr1\n  namespace: fab\nspec: {{}}\n"
            )],
            vec![Error(
                "GatewayGroup",
                "gr1",
                "metadata.namespace",
                "only the default namespace",
            )],
        ),
    ];
    run_with_wiring(cases);
    // The default group is created by the gateway controller: missing, it is a warning.
    let objects: Vec<Object> = [numbered_gateway("gw-1", 1, "[]")]
        .iter()
        .flat_map(|d| serde_saphyr::from_multiple::<Value>(d).unwrap())
        .map(|v| Object::from_document(&v, None).unwrap())
        .collect();
    let problems = &check(&objects, &Options::default())[0];
    assert!(
        problems.iter().all(|p| p.severity == Severity::Warning),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.path == "spec.groups[0].name"),
        "{problems:#?}"
    );
}

#[test]
fn gateway_defaulting_ported_from_hedgehog() {
    // TestGatewayLogRateLimitDefaulting: absent stays disabled, empty defaults to 50:5,
    // explicit values are kept; and the other defaults of Gateway.Default().
    let absent = default_spec("Gateway", &json!({}));
    assert_eq!(
        absent,
        json!({
            "logs": {"default": "info", "tags": {"all": "info"}},
            "workers": 4,
            "groups": [{"name": "default"}],
        })
    );
    let empty = default_spec("Gateway", &json!({"logs": {"rateLimit": {}}}));
    assert_eq!(
        empty["logs"]["rateLimit"],
        json!({"burst": 50, "replenishPerSecond": 5})
    );
    let explicit = default_spec(
        "Gateway",
        &json!({"logs": {"rateLimit": {"burst": 100, "replenishPerSecond": 10}}, "workers": 8,
                "groups": [{"name": "b"}, {"name": "a", "priority": 1}]}),
    );
    assert_eq!(
        explicit["logs"]["rateLimit"],
        json!({"burst": 100, "replenishPerSecond": 10})
    );
    assert_eq!(explicit["workers"], json!(8));
    assert_eq!(
        explicit["groups"],
        json!([{"name": "a", "priority": 1}, {"name": "b"}])
    );
    // Idempotent.
    assert_eq!(default_spec("Gateway", &explicit), explicit);
}

#[test]
fn external_kinds_defaulting() {
    assert_eq!(
        default_spec("External", &json!({})),
        json!({"ipv4Namespace": "default"})
    );
    assert_eq!(
        default_spec("External", &json!({"ipv4Namespace": "other"})),
        json!({"ipv4Namespace": "other"})
    );
    assert_eq!(
        default_spec(
            "ExternalPeering",
            &json!({"permit": {"vpc": {"name": "v", "subnets": ["b", "a"]},
                   "external": {"name": "e", "prefixes": [{"prefix": "10.0.0.0/8"}, {"prefix": "0.0.0.0/0"}]}}})
        ),
        json!({"permit": {"vpc": {"name": "v", "subnets": ["a", "b"]},
               "external": {"name": "e", "prefixes": [{"prefix": "0.0.0.0/0"}, {"prefix": "10.0.0.0/8"}]}}})
    );
    // ExternalAttachment: Hedgehog only sets labels.
    let attachment = json!({"external": "e", "connection": "c", "switch": {}, "neighbor": {}});
    assert_eq!(default_spec("ExternalAttachment", &attachment), attachment);
}
