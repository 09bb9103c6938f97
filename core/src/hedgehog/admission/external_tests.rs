//! Table tests of the External, ExternalAttachment, ExternalPeering, Gateway, GatewayGroup and
//! GatewayPeering rules over YAML. The cases port Hedgehog's tables
//! (`api/vpc/v1beta1/external*_types_test.go`, `api/gateway/v1alpha1/*_test.go`) and are named
//! as there; `…: beyond Hedgehog's table` cases cover the other rules with a passing and a
//! failing case each.
//!
//! Hedgehog's tests that run `Validate` without a cluster client ("kube nil") run here with
//! [`Options::known_fabric`]: references to objects missing from the set are warnings, so only
//! the object's own rules can fail. Cases whose context holds Switches or Connections ignore
//! the findings on those (the wiring rules' business) and check the kinds of this file.

use serde_json::{Value, json};

use super::tests::{
    Case, Error, Expect, VPC_API, Valid, WIRING_API, case, doc, run_cases, with_ns,
};
use super::{Object, Options, Severity, check, default_spec};

const GW_API: &str = "gateway.githedgehog.com/v1alpha1";

/// Runs `cases` through [`check`] with `options`, ignoring findings on objects of the `ignore`
/// kinds; `Valid` means no error on any other object.
fn run_local(cases: Vec<Case>, options: Options, ignore: &[&str]) -> usize {
    let count = cases.len();
    let mut failures = Vec::new();
    for case in cases {
        let objects: Vec<Object> = case
            .docs
            .iter()
            .flat_map(|d| serde_saphyr::from_multiple::<Value>(d).unwrap())
            .map(|value| Object::from_document(&value, None).unwrap())
            .collect();
        let errors: Vec<_> = check(&objects, &options)
            .into_iter()
            .flatten()
            .filter(|p| p.severity == Severity::Error && !ignore.contains(&p.kind.as_str()))
            .collect();
        let shown = errors
            .iter()
            .map(|p| format!("  {}/{}: {}: {}", p.kind, p.name, p.path, p.message))
            .collect::<Vec<_>>()
            .join("\n");
        for expect in &case.expect {
            match expect {
                Expect::Valid if !errors.is_empty() => {
                    failures.push(format!("{}: expected valid, got\n{shown}", case.name))
                }
                Expect::Valid => {}
                Expect::Error(kind, name, field, text) => {
                    let hit = errors.iter().any(|p| {
                        p.kind == *kind
                            && p.name == *name
                            && p.path == *field
                            && p.message.contains(text)
                    });
                    if !hit {
                        failures.push(format!(
                            "{}: expected {kind}/{name}: {field}: …{text}…, got\n{shown}",
                            case.name
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    count
}

const WIRING_KINDS: [&str; 3] = ["Switch", "Connection", "SwitchProfile"];

fn run_with_wiring(cases: Vec<Case>) -> usize {
    run_local(cases, Options::default(), &WIRING_KINDS)
}

/// Hedgehog's "kube nil": the object's own rules only.
fn run_alone(cases: Vec<Case>) -> usize {
    run_local(cases, Options::known_fabric(true), &[])
}

fn external(name: &str, spec: &str) -> String {
    doc(VPC_API, "External", name, spec)
}

/// A BGP External with Hedgehog's test communities.
fn bgp_external(name: &str) -> String {
    external(
        name,
        "  ipv4Namespace: default\n  inboundCommunity: 50000:1001\n  outboundCommunity: 50000:1002\n",
    )
}

fn other_ipv4_namespace() -> String {
    doc(
        VPC_API,
        "IPv4Namespace",
        "other",
        "  subnets: [192.168.0.0/16]\n",
    )
}

#[test]
fn external_table_ported_from_hedgehog() {
    let ext = |name: &str, body: &str| with_ns(vec![external(name, body)]);
    let cases = vec![
        case(
            "valid bgp external",
            ext(
                "valid-bgp",
                "  ipv4Namespace: default\n  inboundCommunity: 50000:1001\n  outboundCommunity: 50000:1002\n",
            ),
            vec![Valid],
        ),
        case(
            "name too long",
            ext(
                "this-is-a-name-longer-than-possible",
                "  inboundCommunity: 50000:1001\n  outboundCommunity: 50000:1002\n",
            ),
            vec![Error(
                "External",
                "this-is-a-name-longer-than-possible",
                "metadata.name",
                "11",
            )],
        ),
        case(
            "bgp missing outbound",
            ext("no-out", "  inboundCommunity: 50000:1001\n"),
            vec![Valid],
        ),
        case(
            "bgp missing inbound",
            ext("no-in", "  outboundCommunity: 50000:1002\n"),
            vec![Valid],
        ),
        case(
            "bgp missing both communities",
            ext("no-comms", "  ipv4Namespace: default\n"),
            vec![Valid],
        ),
        case(
            "bgp invalid inbound",
            ext("invalid-bgp", "  inboundCommunity: InboundCommunity\n"),
            vec![Error(
                "External",
                "invalid-bgp",
                "spec.inboundCommunity",
                "not a valid community",
            )],
        ),
        case(
            "bgp invalid outbound",
            ext("invalid-bgp", "  outboundCommunity: OutboundCommunity\n"),
            vec![Error(
                "External",
                "invalid-bgp",
                "spec.outboundCommunity",
                "not a valid community",
            )],
        ),
        case(
            "valid Static",
            ext("valid-st", "  static:\n    prefixes: [0.0.0.0/0]\n"),
            vec![Valid],
        ),
        case(
            "l2 with inbound community",
            ext(
                "invalid-st",
                "  inboundCommunity: 50000:1001\n  static:\n    prefixes: [0.0.0.0/0]\n",
            ),
            vec![Error(
                "External",
                "invalid-st",
                "spec.inboundCommunity",
                "must be empty for a static external",
            )],
        ),
        case(
            "l2 with outbound community",
            ext(
                "invalid-st",
                "  outboundCommunity: 50000:1002\n  static:\n    prefixes: [0.0.0.0/0]\n",
            ),
            vec![Error(
                "External",
                "invalid-st",
                "spec.outboundCommunity",
                "must be empty for a static external",
            )],
        ),
        case(
            "l2 without prefixes",
            ext("invalid-st", "  static:\n    prefixes: []\n"),
            vec![Error(
                "External",
                "invalid-st",
                "spec.static.prefixes",
                "at least one prefix",
            )],
        ),
        case(
            "l2 with overlapping prefixes",
            ext(
                "invalid-st",
                "  static:\n    prefixes: [0.0.0.0/0, 10.10.0.0/24]\n",
            ),
            vec![Error(
                "External",
                "invalid-st",
                "spec.static.prefixes[1]",
                "overlaps prefix 0",
            )],
        ),
        case(
            "l2 with invalid prefix",
            ext("invalid-st", "  static:\n    prefixes: [0.0.0.4350/0]\n"),
            vec![Error(
                "External",
                "invalid-st",
                "spec.static.prefixes[0]",
                "not a valid prefix",
            )],
        ),
    ];
    assert_eq!(run_cases(cases), 13);
}

#[test]
fn external_rules_beyond_hedgehogs_table() {
    let cases = vec![
        case(
            "communities at the bounds",
            with_ns(vec![external(
                "edge",
                "  inboundCommunity: 0:65535\n  outboundCommunity: 65535:0\n",
            )]),
            vec![Valid],
        ),
        case(
            "community part above 65535 or with a leading zero",
            with_ns(vec![external(
                "edge",
                "  inboundCommunity: 65536:1\n  outboundCommunity: 01:1\n",
            )]),
            vec![
                Error("External", "edge", "spec.inboundCommunity", "not a valid"),
                Error("External", "edge", "spec.outboundCommunity", "not a valid"),
            ],
        ),
        case(
            "IPv4Namespace that exists",
            with_ns(vec![
                external("edge", "  ipv4Namespace: other\n"),
                other_ipv4_namespace(),
            ]),
            vec![Valid],
        ),
        case(
            "IPv4Namespace not found",
            with_ns(vec![external("edge", "  ipv4Namespace: missing\n")]),
            vec![Error(
                "External",
                "edge",
                "spec.ipv4Namespace",
                "IPv4Namespace missing not found",
            )],
        ),
        case(
            "not in the default namespace",
            with_ns(vec![format!(
                "apiVersion: {VPC_API}\nkind: External\nmetadata:\n  name: edge\n  namespace: fab\nspec: {{}}\n"
            )]),
            vec![Error(
                "External",
                "edge",
                "metadata.namespace",
                "only the default namespace",
            )],
        ),
    ];
    run_cases(cases);
}

// ---- ExternalAttachment ----

const EXT_CONN: &str = "leaf-01--external";

/// Hedgehog's `baseObjs` of the attachment tests: a BGP External, a static External and an
/// external Connection (with its switch).
fn attachment_context() -> Vec<String> {
    with_ns(vec![
        bgp_external("external-01"),
        external(
            "external-02",
            "  ipv4Namespace: default\n  static:\n    prefixes: [0.0.0.0/0]\n",
        ),
        doc(
            WIRING_API,
            "Connection",
            EXT_CONN,
            "  external:\n    link:\n      switch: {port: leaf-01/E1/1}\n",
        ),
        doc(
            WIRING_API,
            "Switch",
            "leaf-01",
            "  role: border-leaf\n  vlanNamespaces: [default]\n",
        ),
    ])
}

/// Hedgehog's `l3ExtAttGen` with the given external, connection and extra spec lines.
fn l3_attachment(name: &str, external: &str, connection: &str, extra: &str) -> String {
    doc(
        VPC_API,
        "ExternalAttachment",
        name,
        &format!(
            "  external: {external}\n  connection: {connection}\n  neighbor:\n    asn: 64000\n    ip: 10.90.0.4\n  switch:\n    vlan: 100\n    ip: 10.90.0.5/31\n{extra}"
        ),
    )
}

/// Hedgehog's `staticExtAttGen`: `static` holds the given lines.
fn static_attachment(name: &str, external: &str, statics: &str) -> String {
    doc(
        VPC_API,
        "ExternalAttachment",
        name,
        &format!(
            "  external: {external}\n  connection: {EXT_CONN}\n  neighbor: {{}}\n  switch: {{}}\n  static:\n    remoteIP: 10.45.0.2\n{statics}"
        ),
    )
}

const PROXY_200: &str = "    vlan: 200\n    proxy: true\n";

fn with_attachment_context(docs: Vec<String>) -> Vec<String> {
    let mut all = attachment_context();
    all.extend(docs);
    all
}

#[test]
fn externalattachment_table_ported_from_hedgehog() {
    let att = "ExternalAttachment";
    let acl = |statements: &str| format!("  inboundACL:\n    statements:\n{statements}");
    let cases = vec![
        case(
            "valid BGP external attachment",
            with_attachment_context(vec![l3_attachment(
                "ext-att-01",
                "external-01",
                EXT_CONN,
                "",
            )]),
            vec![Valid],
        ),
        case(
            "valid static external attachment",
            with_attachment_context(vec![static_attachment(
                "ext-att-02",
                "external-02",
                PROXY_200,
            )]),
            vec![Valid],
        ),
        case(
            "external does not exist",
            with_attachment_context(vec![l3_attachment(
                "ext-att-03",
                "external-456",
                EXT_CONN,
                "",
            )]),
            vec![Error(
                att,
                "ext-att-03",
                "spec.external",
                "External external-456 not found",
            )],
        ),
        case(
            "connection does not exist",
            with_attachment_context(vec![l3_attachment(
                "ext-att-04",
                "external-01",
                "conn-456",
                "",
            )]),
            vec![Error(
                att,
                "ext-att-04",
                "spec.connection",
                "Connection conn-456 not found",
            )],
        ),
        case(
            "l3 attach with static external",
            with_attachment_context(vec![l3_attachment(
                "ext-att-05",
                "external-02",
                EXT_CONN,
                "",
            )]),
            vec![Error(
                att,
                "ext-att-05",
                "spec.external",
                "not static but External external-02 is",
            )],
        ),
        case(
            "static attach with l3 external",
            with_attachment_context(vec![static_attachment(
                "ext-att-06",
                "external-01",
                PROXY_200,
            )]),
            vec![Error(
                att,
                "ext-att-06",
                "spec.static",
                "static but External external-01 is not",
            )],
        ),
        case(
            "multiple attaches same vlan",
            with_attachment_context(vec![
                l3_attachment("ext-att-07", "external-01", EXT_CONN, ""),
                static_attachment(
                    "vlan-clash",
                    "external-02",
                    "    vlan: 100\n    proxy: true\n",
                ),
            ]),
            vec![
                Error(
                    att,
                    "ext-att-07",
                    "spec.switch.vlan",
                    "VLAN 100 from ExternalAttachment vlan-clash",
                ),
                Error(
                    att,
                    "vlan-clash",
                    "spec.static.vlan",
                    "VLAN 100 from ExternalAttachment ext-att-07",
                ),
            ],
        ),
        case(
            "multiple attaches different vlans",
            with_attachment_context(vec![
                l3_attachment("ext-att-08", "external-01", EXT_CONN, ""),
                static_attachment("no-clash", "external-02", PROXY_200),
            ]),
            vec![Valid],
        ),
        case(
            "static attach with both proxy and IP specified",
            with_attachment_context(vec![static_attachment(
                "ext-att-09",
                "external-02",
                "    vlan: 200\n    proxy: true\n    ip: 10.45.0.1/24\n",
            )]),
            vec![Error(
                att,
                "ext-att-09",
                "spec.static",
                "exactly one of static.ip and static.proxy",
            )],
        ),
        case(
            "static attach with neither proxy nor IP specified",
            with_attachment_context(vec![static_attachment(
                "ext-att-09",
                "external-02",
                "    vlan: 200\n",
            )]),
            vec![Error(
                att,
                "ext-att-09",
                "spec.static",
                "exactly one of static.ip and static.proxy",
            )],
        ),
        case(
            "valid static attach without proxy",
            with_attachment_context(vec![static_attachment(
                "ext-att-09",
                "external-02",
                "    vlan: 200\n    ip: 10.45.0.1/24\n",
            )]),
            vec![Valid],
        ),
        case(
            "valid attachment with inline inbound ACL",
            with_attachment_context(vec![l3_attachment(
                "ext-att-10",
                "external-01",
                EXT_CONN,
                &acl(
                    "    - {seq: 10, action: permit, protocol: ip, srcPrefix: any, dstPrefix: any}\n",
                ),
            )]),
            vec![Valid],
        ),
        case(
            "invalid inline inbound ACL",
            with_attachment_context(vec![l3_attachment(
                "ext-att-11",
                "external-01",
                EXT_CONN,
                &acl(
                    "    - {seq: 10, action: permit, protocol: gre, srcPrefix: any, dstPrefix: any}\n",
                ),
            )]),
            vec![Error(
                att,
                "ext-att-11",
                "spec.inboundACL.statements[0].protocol",
                "invalid protocol \"gre\"",
            )],
        ),
    ];
    assert_eq!(run_with_wiring(cases), 13);
}

#[test]
fn externalattachment_inbound_acl_table_ported_from_hedgehog() {
    // Each case: the statements (flow mappings) and, for a failing one, the field of the first
    // statement at fault and a piece of the message.
    type Row<'a> = (
        &'static str,
        Vec<&'a str>,
        Option<(&'static str, &'static str)>,
    );
    let table: Vec<Row<'_>> = vec![
        (
            "valid TCP statement",
            vec!["{seq: 10, action: permit, protocol: tcp, srcPrefix: 10.0.0.0/8, dstPrefix: any}"],
            None,
        ),
        (
            "valid UDP statement with port range",
            vec![
                "{seq: 10, action: discard, protocol: udp, srcPrefix: any, dstPrefix: 192.168.0.0/16, portRangeBegin: 1024, portRangeEnd: 65535}",
            ],
            None,
        ),
        (
            "valid ICMP statement with type and code",
            vec![
                "{seq: 10, action: deny, protocol: icmp, srcPrefix: any, dstPrefix: any, icmpType: 8, icmpCode: 0}",
            ],
            None,
        ),
        (
            "valid IP statement with any prefixes",
            vec!["{seq: 10, action: permit, protocol: ip, srcPrefix: any, dstPrefix: any}"],
            None,
        ),
        (
            "valid TCP statement with TCP filters",
            vec![
                "{seq: 10, action: permit, protocol: tcp, srcPrefix: any, dstPrefix: any, tcpFilters: {established: true}}",
            ],
            None,
        ),
        (
            "invalid TCP statement with illegal TCP filter combo",
            vec![
                "{seq: 10, action: permit, protocol: tcp, srcPrefix: any, dstPrefix: any, tcpFilters: {established: true, notSyn: true}}",
            ],
            Some(("tcpFilters", "established excludes")),
        ),
        ("valid empty ACL", vec![], None),
        (
            "valid multiple statements",
            vec![
                "{seq: 10, action: transit, protocol: tcp, srcPrefix: any, dstPrefix: any}",
                "{seq: 20, action: deny, protocol: udp, srcPrefix: 10.0.0.0/8, dstPrefix: any}",
            ],
            None,
        ),
        (
            "duplicate sequence numbers",
            vec![
                "{seq: 10, action: permit, protocol: tcp, srcPrefix: any, dstPrefix: any}",
                "{seq: 10, action: permit, protocol: udp, srcPrefix: any, dstPrefix: any}",
            ],
            Some(("seq", "also used by statement 0")),
        ),
        (
            "sequence number below minimum",
            vec!["{seq: 9, action: permit, protocol: tcp, srcPrefix: any, dstPrefix: any}"],
            Some(("seq", "reserved for security rules")),
        ),
        (
            "invalid action",
            vec!["{seq: 10, action: drop, protocol: ip, srcPrefix: 10.0.0.0/8, dstPrefix: any}"],
            Some(("action", "invalid action \"drop\"")),
        ),
        (
            "invalid protocol",
            vec!["{seq: 10, action: permit, protocol: gre, srcPrefix: 10.0.0.0/8, dstPrefix: any}"],
            Some(("protocol", "invalid protocol \"gre\"")),
        ),
        (
            "invalid srcPrefix",
            vec!["{seq: 10, action: permit, protocol: tcp, srcPrefix: not-a-cidr, dstPrefix: any}"],
            Some(("srcPrefix", "not a valid prefix")),
        ),
        (
            "invalid dstPrefix",
            vec![
                "{seq: 10, action: permit, protocol: tcp, srcPrefix: 10.0.0.0/8, dstPrefix: 300.0.0.0/8}",
            ],
            Some(("dstPrefix", "not a valid prefix")),
        ),
        (
            "TCP filters on UDP protocol",
            vec![
                "{seq: 10, action: permit, protocol: udp, srcPrefix: 10.0.0.0/8, dstPrefix: any, tcpFilters: {syn: true}}",
            ],
            Some(("tcpFilters", "only be used with protocol tcp")),
        ),
        (
            "ICMP type on TCP protocol",
            vec![
                "{seq: 10, action: permit, protocol: tcp, srcPrefix: 10.0.0.0/8, dstPrefix: any, icmpType: 8}",
            ],
            Some(("icmpType", "only be used with protocol icmp")),
        ),
        (
            "ICMP code on UDP protocol",
            vec![
                "{seq: 10, action: permit, protocol: udp, srcPrefix: 10.0.0.0/8, dstPrefix: any, icmpCode: 0}",
            ],
            Some(("icmpCode", "only be used with protocol icmp")),
        ),
        (
            "port range on IP protocol",
            vec![
                "{seq: 10, action: permit, protocol: ip, srcPrefix: 10.0.0.0/8, dstPrefix: any, portRangeBegin: 80, portRangeEnd: 443}",
            ],
            Some(("portRangeBegin", "only be used with protocol tcp or udp")),
        ),
        (
            "port range begin greater than end",
            vec![
                "{seq: 10, action: permit, protocol: tcp, srcPrefix: 10.0.0.0/8, dstPrefix: any, portRangeBegin: 443, portRangeEnd: 80}",
            ],
            Some(("portRangeBegin", "greater than portRangeEnd")),
        ),
        (
            "port range on ICMP protocol",
            vec![
                "{seq: 10, action: permit, protocol: icmp, srcPrefix: 10.0.0.0/8, dstPrefix: any, portRangeBegin: 1, portRangeEnd: 100}",
            ],
            Some(("portRangeBegin", "only be used with protocol tcp or udp")),
        ),
        (
            "empty srcPrefix",
            vec!["{seq: 10, action: permit, protocol: tcp, srcPrefix: \"\", dstPrefix: any}"],
            Some(("srcPrefix", "srcPrefix is required")),
        ),
        (
            "empty dstPrefix",
            vec![
                "{seq: 10, action: permit, protocol: tcp, srcPrefix: 10.0.0.0/8, dstPrefix: \"\"}",
            ],
            Some(("dstPrefix", "dstPrefix is required")),
        ),
        (
            "port range begin is zero",
            vec![
                "{seq: 10, action: permit, protocol: tcp, srcPrefix: 10.0.0.0/8, dstPrefix: any, portRangeEnd: 80}",
            ],
            Some(("portRangeBegin", "at least 1")),
        ),
        (
            "contradictory TCP flags fin and notFin",
            vec![
                "{seq: 10, action: permit, protocol: tcp, srcPrefix: 10.0.0.0/8, dstPrefix: any, tcpFilters: {fin: true, notFin: true}}",
            ],
            Some(("tcpFilters", "contradictory TCP flags")),
        ),
        (
            "contradictory TCP flags syn and notSyn",
            vec![
                "{seq: 10, action: permit, protocol: tcp, srcPrefix: 10.0.0.0/8, dstPrefix: any, tcpFilters: {syn: true, notSyn: true}}",
            ],
            Some(("tcpFilters", "contradictory TCP flags")),
        ),
    ];
    let mut cases = Vec::new();
    for (name, statements, failure) in table {
        let acl = if statements.is_empty() {
            "  inboundACL: {}\n".to_owned()
        } else {
            let lines: String = statements.iter().map(|s| format!("    - {s}\n")).collect();
            format!("  inboundACL:\n    statements:\n{lines}")
        };
        let docs = with_attachment_context(vec![l3_attachment(
            "acl-test",
            "external-01",
            EXT_CONN,
            &acl,
        )]);
        let expect = match failure {
            None => Valid,
            Some((field, text)) => {
                // The failing statement is the last one (the first for single statements).
                let index = statements.len() - 1;
                let path: &'static str = Box::leak(
                    format!("spec.inboundACL.statements[{index}].{field}").into_boxed_str(),
                );
                Error("ExternalAttachment", "acl-test", path, text)
            }
        };
        cases.push(case(name, docs, vec![expect]));
    }
    assert_eq!(run_with_wiring(cases), 25);
}

#[test]
fn externalattachment_rules_beyond_hedgehogs_table() {
    let att = "ExternalAttachment";
    let bgp = |name: &str, body: &str| {
        doc(
            VPC_API,
            att,
            name,
            &format!("  external: external-01\n  connection: {EXT_CONN}\n{body}"),
        )
    };
    let cases = vec![
        case(
            "BGP attachment without switch IP, neighbor ASN and neighbor IP",
            with_attachment_context(vec![bgp("bare", "  neighbor: {}\n  switch: {}\n")]),
            vec![
                Error(att, "bare", "spec.switch.ip", "switch.ip is required"),
                Error(att, "bare", "spec.neighbor.asn", "neighbor.asn is required"),
                Error(att, "bare", "spec.neighbor.ip", "neighbor.ip is required"),
            ],
        ),
        case(
            "BGP attachment with a switch IP without length and a bad neighbor IP",
            with_attachment_context(vec![bgp(
                "bad",
                "  neighbor: {asn: 64000, ip: 10.90.0.400}\n  switch: {ip: 10.90.0.5}\n",
            )]),
            vec![
                Error(
                    att,
                    "bad",
                    "spec.switch.ip",
                    "not a valid IP with prefix length",
                ),
                Error(att, "bad", "spec.neighbor.ip", "not a valid IP address"),
            ],
        ),
        case(
            "BGP attachment over IPv6",
            with_attachment_context(vec![bgp(
                "v6",
                "  neighbor: {asn: 64000, ip: \"fd00::4\"}\n  switch: {ip: \"fd00::5/127\"}\n",
            )]),
            vec![Valid],
        ),
        case(
            "static attachment with switch and neighbor parameters and a bad remote IP",
            with_attachment_context(vec![doc(
                VPC_API,
                att,
                "mixed",
                &format!(
                    "  external: external-02\n  connection: {EXT_CONN}\n  neighbor: {{asn: 64000}}\n  switch: {{vlan: 10}}\n  static:\n    remoteIP: 10.45.0.256\n    ip: 10.45.0.1\n"
                ),
            )]),
            vec![
                Error(
                    att,
                    "mixed",
                    "spec.switch",
                    "switch parameters must not be set",
                ),
                Error(
                    att,
                    "mixed",
                    "spec.neighbor",
                    "neighbor parameters must not be set",
                ),
                Error(
                    att,
                    "mixed",
                    "spec.static.remoteIP",
                    "not a valid IP address",
                ),
                Error(
                    att,
                    "mixed",
                    "spec.static.ip",
                    "not a valid IP with prefix length",
                ),
            ],
        ),
        case(
            "connection that is not external",
            with_attachment_context(vec![
                doc(
                    WIRING_API,
                    "Connection",
                    "server-01--unbundled--leaf-01",
                    "  unbundled:\n    link:\n      server: {port: server-01/enp2s1}\n      switch: {port: leaf-01/E1/2}\n",
                ),
                l3_attachment(
                    "wrong-conn",
                    "external-01",
                    "server-01--unbundled--leaf-01",
                    "",
                ),
            ]),
            vec![Error(
                att,
                "wrong-conn",
                "spec.connection",
                "is not an external connection",
            )],
        ),
        case(
            "two attachments without VLAN on one connection",
            with_attachment_context(vec![
                static_attachment("novlan-1", "external-02", "    proxy: true\n"),
                static_attachment("novlan-2", "external-02", "    proxy: true\n"),
            ]),
            vec![
                Error(
                    att,
                    "novlan-1",
                    "spec.static.vlan",
                    "VLAN 0 from ExternalAttachment novlan-2",
                ),
                Error(
                    att,
                    "novlan-2",
                    "spec.static.vlan",
                    "VLAN 0 from ExternalAttachment novlan-1",
                ),
            ],
        ),
        case(
            "external and connection required",
            with_attachment_context(vec![doc(
                VPC_API,
                att,
                "empty",
                "  neighbor: {asn: 64000, ip: 10.90.0.4}\n  switch: {ip: 10.90.0.5/31}\n",
            )]),
            vec![
                Error(att, "empty", "spec.external", "external is required"),
                Error(att, "empty", "spec.connection", "connection is required"),
            ],
        ),
    ];
    run_with_wiring(cases);
}

// ---- ExternalPeering ----

fn external_peering(name: &str, vpc: &str, subnets: &str, ext: &str, prefixes: &str) -> String {
    doc(
        VPC_API,
        "ExternalPeering",
        name,
        &format!(
            "  permit:\n    vpc:\n      name: \"{vpc}\"\n      subnets: {subnets}\n    external:\n      name: \"{ext}\"\n      prefixes: {prefixes}\n"
        ),
    )
}

/// Hedgehog's `baseObjs` of the external peering tests.
fn external_peering_context(mut docs: Vec<String>) -> Vec<String> {
    docs.push(doc(
        VPC_API,
        "VPC",
        "vpc-01",
        "  ipv4Namespace: default\n  subnets:\n    subnet-a: {subnet: 10.0.1.0/24, vlan: 101}\n    subnet-b: {subnet: 10.0.2.0/24, vlan: 102}\n",
    ));
    docs.push(bgp_external("external-01"));
    docs.push(external(
        "ext-other",
        "  ipv4Namespace: other\n  inboundCommunity: 50000:2001\n  outboundCommunity: 50000:2002\n",
    ));
    docs.push(other_ipv4_namespace());
    with_ns(docs)
}

const ANY_PREFIX: &str = "[{prefix: 0.0.0.0/0}]";

#[test]
fn externalpeering_table_ported_from_hedgehog() {
    let peering = "ExternalPeering";
    let gen_ = |name: &str, vpc: &str, subnets: &str, ext: &str, prefixes: &str| {
        external_peering_context(vec![external_peering(name, vpc, subnets, ext, prefixes)])
    };
    let cases = vec![
        case(
            "valid external peering",
            gen_(
                "ext-peer-01",
                "vpc-01",
                "[subnet-a]",
                "external-01",
                ANY_PREFIX,
            ),
            vec![Valid],
        ),
        case(
            "valid external peering with multiple subnets and prefixes",
            gen_(
                "ext-peer-02",
                "vpc-01",
                "[subnet-b, subnet-a]",
                "external-01",
                "[{prefix: 10.10.0.0/16}, {prefix: 0.0.0.0/0}]",
            ),
            vec![Valid],
        ),
        case(
            "vpc name is required",
            gen_("ext-peer-03", "", "[subnet-a]", "external-01", ANY_PREFIX),
            vec![Error(
                peering,
                "ext-peer-03",
                "spec.permit.vpc.name",
                "vpc.name is required",
            )],
        ),
        case(
            "external name is required",
            gen_("ext-peer-04", "vpc-01", "[subnet-a]", "", ANY_PREFIX),
            vec![Error(
                peering,
                "ext-peer-04",
                "spec.permit.external.name",
                "external.name is required",
            )],
        ),
        case(
            "external prefix is required",
            gen_(
                "ext-peer-05",
                "vpc-01",
                "[subnet-a]",
                "external-01",
                "[{prefix: \"\"}]",
            ),
            vec![Error(
                peering,
                "ext-peer-05",
                "spec.permit.external.prefixes[0].prefix",
                "required",
            )],
        ),
        case(
            "vpc does not exist",
            gen_(
                "ext-peer-06",
                "vpc-456",
                "[subnet-a]",
                "external-01",
                ANY_PREFIX,
            ),
            vec![Error(
                peering,
                "ext-peer-06",
                "spec.permit.vpc.name",
                "VPC vpc-456 not found",
            )],
        ),
        case(
            "external does not exist",
            gen_(
                "ext-peer-07",
                "vpc-01",
                "[subnet-a]",
                "external-456",
                ANY_PREFIX,
            ),
            vec![Error(
                peering,
                "ext-peer-07",
                "spec.permit.external.name",
                "External external-456 not found",
            )],
        ),
        case(
            "vpc and external ipv4 namespace mismatch",
            gen_(
                "ext-peer-08",
                "vpc-01",
                "[subnet-a]",
                "ext-other",
                ANY_PREFIX,
            ),
            vec![Error(
                peering,
                "ext-peer-08",
                "spec.permit.external.name",
                "must be the same",
            )],
        ),
        case(
            "vpc subnet does not exist on referenced vpc",
            gen_(
                "ext-peer-09",
                "vpc-01",
                "[subnet-missing]",
                "external-01",
                ANY_PREFIX,
            ),
            vec![Error(
                peering,
                "ext-peer-09",
                "spec.permit.vpc.subnets[0]",
                "subnet subnet-missing not found in VPC vpc-01",
            )],
        ),
        case(
            "works with empty vpc subnets list",
            gen_("ext-peer-10", "vpc-01", "[]", "external-01", ANY_PREFIX),
            vec![Valid],
        ),
        case(
            "works with empty external prefixes list",
            gen_("ext-peer-11", "vpc-01", "[subnet-a]", "external-01", "[]"),
            vec![Valid],
        ),
    ];
    assert_eq!(run_cases(cases), 11);
    // Without a cluster: the referenced VPC and External are unknown (warnings).
    let alone = vec![
        case(
            "kube nil still validates required fields only",
            vec![external_peering(
                "ext-peer-12",
                "vpc-01",
                "[subnet-a]",
                "external-01",
                ANY_PREFIX,
            )],
            vec![Valid],
        ),
        case(
            "kube nil with missing required fields still fails",
            vec![external_peering(
                "ext-peer-13",
                "",
                "[subnet-a]",
                "external-01",
                ANY_PREFIX,
            )],
            vec![Error(
                peering,
                "ext-peer-13",
                "spec.permit.vpc.name",
                "vpc.name is required",
            )],
        ),
    ];
    assert_eq!(run_alone(alone), 2);
}

// ---- Gateway and GatewayGroup ----

fn gateway_group(name: &str) -> String {
    doc(GW_API, "GatewayGroup", name, "  {}\n")
}

/// Hedgehog's `gwa("gw-1")`.
const GW1: &str = "  protocolIP: 172.30.8.3/32
  vtepIP: 172.30.12.1/32
  asn: 65101
  vtepMAC: ca:fe:ba:be:00:01
  vtepMTU: 1500
  interfaces:
    port0:
      kernel: eth0
      ips: [172.30.128.3/31]
      mtu: 1500
  neighbors:
  - {source: eth0, ip: 172.30.128.1, asn: 65100}
";

fn gateway(name: &str, spec: &str) -> String {
    doc(GW_API, "Gateway", name, spec)
}

/// A complete gateway numbered `n` (addresses and MAC of its own) in `groups`.
fn numbered_gateway(name: &str, n: u8, groups: &str) -> String {
    gateway(
        name,
        &format!(
            "  protocolIP: 172.30.8.{n}/32\n  vtepIP: 172.30.12.{n}/32\n  asn: 65101\n  vtepMAC: ca:fe:ba:be:01:{n:02x}\n  interfaces:\n    eth0: {{ips: [172.30.129.{n}/31]}}\n  neighbors:\n  - {{source: eth0, ip: 172.30.129.0, asn: 65100}}\n  groups: {groups}\n"
        ),
    )
}

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

// ---- GatewayPeering ----

fn gateway_peering(name: &str, spec: &str) -> String {
    doc(GW_API, "GatewayPeering", name, spec)
}

/// Hedgehog's `generatePeering`: vpc-1 exposes 10.0.1.0/24, vpc-2 10.0.2.0/24; `vpc1` and
/// `vpc2` replace the exposes when given.
fn generate_peering(name: &str, vpc1: Option<&str>, vpc2: Option<&str>, extra: &str) -> String {
    let one = vpc1.unwrap_or("      - ips: [{cidr: 10.0.1.0/24}]\n");
    let two = vpc2.unwrap_or("      - ips: [{cidr: 10.0.2.0/24}]\n");
    gateway_peering(
        name,
        &format!(
            "  gatewayGroup: default\n  peering:\n    vpc-1:\n      expose:\n{one}    vpc-2:\n      expose:\n{two}{extra}"
        ),
    )
}

/// Hedgehog's `generateExternalPeering`: vpc-1 exposes 10.0.1.0/24, `ext.out-1` the default
/// destination (or `ext` when given).
fn generate_external_peering(name: &str, ext: Option<&str>, extra: &str) -> String {
    let ext = ext.unwrap_or("      - default: true\n");
    gateway_peering(
        name,
        &format!(
            "  gatewayGroup: default\n  peering:\n    vpc-1:\n      expose:\n      - ips: [{{cidr: 10.0.1.0/24}}]\n    ext.out-1:\n      expose:\n{ext}{extra}"
        ),
    )
}

fn small_vpc(name: &str, subnet: &str, vlan: u16) -> String {
    doc(
        VPC_API,
        "VPC",
        name,
        &format!("  subnets:\n    sub1: {{subnet: {subnet}, vlan: {vlan}}}\n"),
    )
}

/// The default gateway group with a gateway in it, vpc-1 (sub1 10.0.1.0/24), vpc-2 (sub1
/// 10.0.2.0/24), External out-1, and the namespaces.
fn peering_context(mut docs: Vec<String>) -> Vec<String> {
    docs.push(gateway_group("default"));
    docs.push(numbered_gateway("gw-1", 1, "[{name: default}]"));
    docs.push(small_vpc("vpc-1", "10.0.1.0/24", 101));
    docs.push(small_vpc("vpc-2", "10.0.2.0/24", 102));
    docs.push(external("out-1", "  {}\n"));
    with_ns(docs)
}

#[test]
fn gatewaypeering_nat_tables_ported_from_hedgehog() {
    // The TestPeering* functions: Validate without a cluster.
    let p = "GatewayPeering";
    let peering = |name: &'static str, vpc1: &str, vpc2: &str| {
        vec![gateway_peering(
            name,
            &format!(
                "  peering:\n    vpc1:\n      expose:\n{vpc1}    vpc2:\n      expose:\n{vpc2}"
            ),
        )]
    };
    let plain = |cidr: &str| format!("      - ips: [{{cidr: {cidr}}}]\n");
    let nat = |cidr: &str, as_cidr: &str, nat: &str| {
        format!(
            "      - ips: [{{cidr: {cidr}}}]\n        as: [{{cidr: {as_cidr}}}]\n        nat: {nat}\n"
        )
    };
    let forward = "{portForward: {ports: [{proto: tcp, port: \"80\", as: \"8080\"}, {proto: udp, port: 90-100, as: 8090-8100}, {port: \"88\", as: \"8088\"}]}}";
    let cases = vec![
        case(
            "TestPeeringWithVpcsNoNAT",
            peering("no-nat", &plain("10.0.1.0/24"), &plain("10.0.2.0/24")),
            vec![Valid],
        ),
        case(
            "TestPeeringWithMultipleItemsInIPs",
            peering(
                "multi-ips",
                "      - ips: [{cidr: 10.0.1.0/24, not: 10.0.1.1/32}]\n",
                &plain("10.0.2.0/24"),
            ),
            vec![Error(
                p,
                "multi-ips",
                "spec.peering.vpc1.expose[0].ips[0]",
                "exactly one of cidr, not and vpcSubnet",
            )],
        ),
        case(
            "TestPeeringWithMultipleItemsInAs",
            peering(
                "multi-as",
                "      - ips: [{cidr: 10.0.1.0/24}]\n        as: [{cidr: 192.168.1.0/24, not: 192.168.1.1/32}]\n        nat: {static: {}}\n",
                &plain("10.0.2.0/24"),
            ),
            vec![Error(
                p,
                "multi-as",
                "spec.peering.vpc1.expose[0].as[0]",
                "exactly one of cidr and not",
            )],
        ),
        case(
            "TestPeeringWithStaticNAT",
            peering(
                "static",
                &nat("10.0.1.0/24", "192.168.1.0/24", "{static: {}}"),
                &nat("10.0.2.0/24", "192.168.2.0/24", "{static: {}}"),
            ),
            vec![Valid],
        ),
        case(
            "TestPeeringWithDoubleMasqueradeNAT",
            peering(
                "double-masq",
                &nat("10.0.1.0/24", "192.168.1.0/24", "{masquerade: {}}"),
                &nat(
                    "10.0.2.0/24",
                    "192.168.2.0/24",
                    "{masquerade: {idleTimeout: 3m0s}}",
                ),
            ),
            vec![Error(
                p,
                "double-masq",
                "spec.peering",
                "only one side of a peering can use stateful NAT",
            )],
        ),
        case(
            "TestPeeringWithMasqueradeAndStaticNAT",
            peering(
                "masq-static",
                &nat("10.0.1.0/24", "192.168.1.0/24", "{static: {}}"),
                &nat(
                    "10.0.2.0/24",
                    "192.168.2.0/24",
                    "{masquerade: {idleTimeout: 3m0s}}",
                ),
            ),
            vec![Error(
                p,
                "masq-static",
                "spec.peering",
                "static NAT cannot peer with a side using stateful NAT",
            )],
        ),
        case(
            "TestPeeringWithPortForwardNAT",
            peering(
                "forward",
                &nat("10.0.1.0/24", "192.168.1.0/24", forward),
                &plain("10.0.2.0/24"),
            ),
            vec![Valid],
        ),
        case(
            "TestPeeringWithPortForwardAndMasqueradeSameSideNAT",
            peering(
                "forward-masq-same-side",
                &format!(
                    "{}{}",
                    nat("10.0.1.0/24", "192.168.1.0/24", forward),
                    nat(
                        "10.0.2.0/24",
                        "192.168.2.0/24",
                        "{masquerade: {idleTimeout: 3m0s}}"
                    )
                ),
                &plain("10.0.3.0/24"),
            ),
            vec![Valid],
        ),
        case(
            "TestPeeringWithPortForwardAndMasqueradeNAT",
            peering(
                "forward-masq",
                &nat("10.0.1.0/24", "192.168.1.0/24", forward),
                &nat("10.0.2.0/24", "192.168.2.0/24", "{masquerade: {}}"),
            ),
            vec![Error(
                p,
                "forward-masq",
                "spec.peering",
                "only one side of a peering can use stateful NAT",
            )],
        ),
    ];
    assert_eq!(run_alone(cases), 9);
}

#[test]
fn gatewaypeering_default_destination_table_ported_from_hedgehog() {
    let p = "GatewayPeering";
    let with_expose =
        |name: &'static str, expose: &str| vec![generate_peering(name, Some(expose), None, "")];
    let cases = vec![
        case(
            "default with nothing else",
            with_expose("d1", "      - default: true\n"),
            vec![Valid],
        ),
        case(
            "default with IP",
            with_expose(
                "d2",
                "      - default: true\n        ips: [{cidr: 10.0.1.0/24}]\n",
            ),
            vec![Error(
                p,
                "d2",
                "spec.peering.vpc-1.expose[0].default",
                "the only thing set",
            )],
        ),
        case(
            "default with As",
            with_expose(
                "d3",
                "      - default: true\n        as: [{cidr: 10.0.1.0/24}]\n",
            ),
            vec![Error(
                p,
                "d3",
                "spec.peering.vpc-1.expose[0].default",
                "the only thing set",
            )],
        ),
        case(
            "default with NAT",
            with_expose("d4", "      - default: true\n        nat: {static: {}}\n"),
            vec![Error(
                p,
                "d4",
                "spec.peering.vpc-1.expose[0].default",
                "the only thing set",
            )],
        ),
        case(
            "IP with no default",
            with_expose("d5", "      - ips: [{cidr: 10.0.1.0/24}]\n"),
            vec![Valid],
        ),
        case(
            "no default and no IP",
            with_expose("d6", "      - as: [{cidr: 10.0.1.0/24}]\n"),
            vec![Error(
                p,
                "d6",
                "spec.peering.vpc-1.expose[0].ips",
                "at least one IP block",
            )],
        ),
    ];
    assert_eq!(run_alone(cases), 6);
}

#[test]
fn gatewaypeering_cidr_overlap_table_ported_from_hedgehog() {
    let p = "GatewayPeering";
    // Hedgehog's base peering vpc-1 (10.0.1.0/24) <-> vpc-45 (10.0.45.0/24); its VPCs.
    let context = |peering: String| {
        peering_context(vec![
            peering,
            gateway_peering(
                "base",
                "  gatewayGroup: default\n  peering:\n    vpc-1:\n      expose:\n      - ips: [{cidr: 10.0.1.0/24}]\n    vpc-45:\n      expose:\n      - ips: [{cidr: 10.0.45.0/24}]\n",
            ),
            small_vpc("vpc-45", "10.0.45.0/24", 145),
        ])
    };
    let vpc2 = |expose: &str| context(generate_peering("p", None, Some(expose), ""));
    let cases = vec![
        case(
            "no overlap",
            context(generate_peering("p", None, None, "")),
            vec![Valid],
        ),
        case(
            "IP clash",
            vpc2("      - ips: [{cidr: 10.0.45.0/24}]\n"),
            vec![
                Error(
                    p,
                    "p",
                    "spec.peering.vpc-2.expose[0].ips[0].cidr",
                    "overlaps 10.0.45.0/24 exposed to it by GatewayPeering base",
                ),
                Error(
                    p,
                    "base",
                    "spec.peering.vpc-45.expose[0].ips[0].cidr",
                    "exposed to vpc-1 overlaps 10.0.45.0/24 exposed to it by GatewayPeering p",
                ),
            ],
        ),
        case(
            "NAT clash",
            vpc2(
                "      - ips: [{cidr: 10.0.2.0/25}]\n        as: [{cidr: 10.0.45.0/25}]\n        nat: {static: {}}\n",
            ),
            vec![Error(
                p,
                "p",
                "spec.peering.vpc-2.expose[0].as[0].cidr",
                "exposed to it by GatewayPeering base",
            )],
        ),
        case(
            "NAT does not clash",
            vpc2(
                "      - ips: [{cidr: 10.0.2.0/25}]\n        as: [{cidr: 10.0.3.0/25}]\n        nat: {static: {}}\n",
            ),
            vec![Valid],
        ),
        case(
            "missing NAT spec with non-empty AS",
            vpc2("      - ips: [{cidr: 10.0.2.0/25}]\n        as: [{cidr: 10.0.3.0/25}]\n"),
            vec![Error(
                p,
                "p",
                "spec.peering.vpc-2.expose[0].as",
                "as and nat must both be set",
            )],
        ),
        case(
            "default does not clash",
            context(generate_peering(
                "p",
                Some("      - default: true\n"),
                None,
                "",
            )),
            vec![Valid],
        ),
    ];
    assert_eq!(run_cases(cases), 6);
}

#[test]
fn gatewaypeering_cidr_belongs_to_vpc_table_ported_from_hedgehog() {
    let p = "GatewayPeering";
    let gen_ = |name: &'static str, vpc1: Option<&str>, vpc2: Option<&str>| {
        peering_context(vec![generate_peering(name, vpc1, vpc2, "")])
    };
    let without_vpc2 = |docs: Vec<String>| -> Vec<String> {
        docs.into_iter()
            .filter(|d| !d.contains("name: vpc-2\n"))
            .collect()
    };
    let without_external = |docs: Vec<String>| -> Vec<String> {
        docs.into_iter()
            .filter(|d| !d.contains("name: out-1\n"))
            .collect()
    };
    let ext = |name: &'static str, expose: Option<&str>| {
        peering_context(vec![generate_external_peering(name, expose, "")])
    };
    let cases = vec![
        case(
            "exact subnet match",
            gen_("exact-match", None, None),
            vec![Valid],
        ),
        case(
            "CIDR is sub-range of VPC subnet",
            gen_(
                "sub-range",
                Some("      - ips: [{cidr: 10.0.1.128/25}]\n"),
                None,
            ),
            vec![Valid],
        ),
        case(
            "CIDR not in any VPC subnet",
            gen_(
                "cidr-not-in-vpc",
                Some("      - ips: [{cidr: 192.168.1.0/24}]\n"),
                None,
            ),
            vec![Error(
                p,
                "cidr-not-in-vpc",
                "spec.peering.vpc-1.expose[0].ips[0].cidr",
                "not within a subnet of VPC vpc-1",
            )],
        ),
        case(
            "CIDR is exact subnet match of another VPC",
            gen_(
                "match-wrong-vpc",
                Some("      - ips: [{cidr: 10.0.2.0/24}]\n"),
                Some("      - ips: [{cidr: 10.0.1.0/24}]\n"),
            ),
            vec![
                Error(
                    p,
                    "match-wrong-vpc",
                    "spec.peering.vpc-1.expose[0].ips[0].cidr",
                    "not within a subnet of VPC vpc-1",
                ),
                Error(
                    p,
                    "match-wrong-vpc",
                    "spec.peering.vpc-2.expose[0].ips[0].cidr",
                    "not within a subnet of VPC vpc-2",
                ),
            ],
        ),
        case(
            "VPC not found",
            without_vpc2(gen_("vpc-not-found", None, None)),
            vec![Error(
                p,
                "vpc-not-found",
                "spec.peering.vpc-2",
                "VPC vpc-2 not found",
            )],
        ),
        case(
            "default destination skipped",
            gen_("default-destination", Some("      - default: true\n"), None),
            vec![Valid],
        ),
        case(
            "VPCSubnet reference exists",
            gen_(
                "vpcsubnet-valid",
                Some("      - ips: [{vpcSubnet: sub1}]\n"),
                None,
            ),
            vec![Valid],
        ),
        case(
            "VPCSubnet reference not found in VPC",
            gen_(
                "vpcsubnet-invalid",
                Some("      - ips: [{vpcSubnet: nonexistent}]\n"),
                None,
            ),
            vec![Error(
                p,
                "vpcsubnet-invalid",
                "spec.peering.vpc-1.expose[0].ips[0].vpcSubnet",
                "subnet nonexistent not found in VPC vpc-1",
            )],
        ),
        case(
            "external peering with default flag",
            ext("ext-default", None),
            vec![Valid],
        ),
        case(
            "external peering with IP CIDR",
            ext("ext-ip", Some("      - ips: [{cidr: 1.0.0.0/8}]\n")),
            vec![Valid],
        ),
        case(
            "external not found",
            without_external(ext("ext-missing", None)),
            vec![Error(
                p,
                "ext-missing",
                "spec.peering[\"ext.out-1\"]",
                "External out-1 not found",
            )],
        ),
        case(
            "external with VPCSubnet",
            ext(
                "ext-vpcsubnet",
                Some("      - ips: [{vpcSubnet: subnet-01}]\n"),
            ),
            vec![Error(
                p,
                "ext-vpcsubnet",
                "spec.peering[\"ext.out-1\"].expose[0].ips[0].vpcSubnet",
                "External out-1 cannot expose VPC subnets",
            )],
        ),
    ];
    assert_eq!(run_cases(cases), 12);
}

#[test]
fn gatewaypeering_acl_tables_ported_from_hedgehog() {
    let p = "GatewayPeering";
    let acl_peering = |name: &'static str, acl: &str| {
        peering_context(vec![generate_peering(name, None, None, acl)])
    };
    let rule = |body: &str| format!("  acl:\n    rules:\n    - {body}\n");
    let no_kube = vec![
        case("nil ACL is valid", acl_peering("a01", ""), vec![Valid]),
        case(
            "empty ACL defaults to deny-unless-exposed",
            acl_peering("a02", "  acl: {}\n"),
            vec![Valid],
        ),
        case(
            "explicit deny default",
            acl_peering("a03", "  acl: {default: deny}\n"),
            vec![Valid],
        ),
        case(
            "invalid default action",
            acl_peering("a04", "  acl: {default: bogus}\n"),
            vec![Error(
                p,
                "a04",
                "spec.acl.default",
                "invalid default action \"bogus\"",
            )],
        ),
        case(
            "valid rule with from only",
            acl_peering("a05", &rule("{from: vpc-1, action: allow}")),
            vec![Valid],
        ),
        case(
            "valid rule with to only",
            acl_peering("a06", &rule("{to: vpc-2, action: deny}")),
            vec![Valid],
        ),
        case(
            "invalid action",
            acl_peering("a07", &rule("{from: vpc-1, action: bogus}")),
            vec![Error(
                p,
                "a07",
                "spec.acl.rules[0].action",
                "invalid action \"bogus\"",
            )],
        ),
        case(
            "neither from nor to set",
            acl_peering("a08", &rule("{action: allow}")),
            vec![Error(
                p,
                "a08",
                "spec.acl.rules[0]",
                "at least one of from and to",
            )],
        ),
        case(
            "from does not match either VPC",
            acl_peering("a09", &rule("{from: vpc-3, action: allow}")),
            vec![Error(
                p,
                "a09",
                "spec.acl.rules[0].from",
                "vpc-3 is not one of the peers",
            )],
        ),
        case(
            "to does not match either VPC",
            acl_peering("a10", &rule("{to: vpc-3, action: allow}")),
            vec![Error(
                p,
                "a10",
                "spec.acl.rules[0].to",
                "vpc-3 is not one of the peers",
            )],
        ),
        case(
            "valid rule name",
            acl_peering(
                "a11",
                &rule("{name: web-traffic, from: vpc-1, action: allow}"),
            ),
            vec![Valid],
        ),
        case(
            "invalid rule name characters",
            acl_peering(
                "a12",
                &rule("{name: \"Web_Traffic!\", from: vpc-1, action: allow}"),
            ),
            vec![Error(
                p,
                "a12",
                "spec.acl.rules[0].name",
                "invalid rule name",
            )],
        ),
        case(
            "rule name too long",
            acl_peering(
                "a13",
                &rule(&format!(
                    "{{name: {}, from: vpc-1, action: allow}}",
                    "a".repeat(65)
                )),
            ),
            vec![Error(p, "a13", "spec.acl.rules[0].name", "too long")],
        ),
        case(
            "source CIDR and VPCSubnet both set",
            acl_peering(
                "a14",
                &rule(
                    "{from: vpc-1, action: allow, match: {src: [{cidr: 10.0.1.0/24, vpcSubnet: sub1}]}}",
                ),
            ),
            vec![Error(
                p,
                "a14",
                "spec.acl.rules[0].match.src[0]",
                "at most one of cidr and vpcSubnet",
            )],
        ),
        case(
            "destination CIDR and VPCSubnet both set",
            acl_peering(
                "a15",
                &rule(
                    "{from: vpc-1, action: allow, match: {dst: [{cidr: 10.0.2.0/24, vpcSubnet: sub1}]}}",
                ),
            ),
            vec![Error(
                p,
                "a15",
                "spec.acl.rules[0].match.dst[0]",
                "at most one of cidr and vpcSubnet",
            )],
        ),
        case(
            "invalid source CIDR",
            acl_peering(
                "a16",
                &rule("{from: vpc-1, action: allow, match: {src: [{cidr: not-a-cidr}]}}"),
            ),
            vec![Error(
                p,
                "a16",
                "spec.acl.rules[0].match.src[0].cidr",
                "not a valid prefix",
            )],
        ),
        case(
            "invalid destination CIDR",
            acl_peering(
                "a17",
                &rule("{from: vpc-1, action: allow, match: {dst: [{cidr: not-a-cidr}]}}"),
            ),
            vec![Error(
                p,
                "a17",
                "spec.acl.rules[0].match.dst[0].cidr",
                "not a valid prefix",
            )],
        ),
        case(
            "valid source and destination CIDR with ports",
            acl_peering(
                "a18",
                &rule(
                    "{from: vpc-1, to: vpc-2, action: allow, match: {src: [{cidr: 10.0.1.0/24, ports: [\"80\", \"443\"]}], dst: [{cidr: 10.0.2.0/24, ports: [8080-8090]}]}}",
                ),
            ),
            vec![Valid],
        ),
        case(
            "invalid source port",
            acl_peering(
                "a19",
                &rule(
                    "{from: vpc-1, action: allow, match: {src: [{cidr: 10.0.1.0/24, ports: [not-a-port]}]}}",
                ),
            ),
            vec![Error(
                p,
                "a19",
                "spec.acl.rules[0].match.src[0].ports[0]",
                "must be a range",
            )],
        ),
        case(
            "invalid destination port",
            acl_peering(
                "a20",
                &rule(
                    "{from: vpc-1, action: allow, match: {dst: [{cidr: 10.0.2.0/24, ports: [not-a-port]}]}}",
                ),
            ),
            vec![Error(
                p,
                "a20",
                "spec.acl.rules[0].match.dst[0].ports[0]",
                "must be a range",
            )],
        ),
        case(
            "valid string match protocol",
            acl_peering(
                "a21",
                &rule(
                    "{from: vpc-1, action: allow, match: {src: [{cidr: 10.0.1.0/24}], proto: tcp}}",
                ),
            ),
            vec![Valid],
        ),
        case(
            "valid numeric match protocol",
            acl_peering(
                "a22",
                &rule(
                    "{from: vpc-1, action: allow, match: {src: [{cidr: 10.0.1.0/24}], proto: \"42\"}}",
                ),
            ),
            vec![Valid],
        ),
        case(
            "invalid string match protocol",
            acl_peering(
                "a23",
                &rule(
                    "{from: vpc-1, action: allow, match: {src: [{cidr: 10.0.1.0/24}], proto: not-a-protocol}}",
                ),
            ),
            vec![Error(
                p,
                "a23",
                "spec.acl.rules[0].match.proto",
                "invalid protocol",
            )],
        ),
    ];
    assert_eq!(run_cases(no_kube), 23);
    // TestValidateACLVPCSubnet.
    let ext_acl = |name: &'static str, body: &str| {
        peering_context(vec![generate_external_peering(name, None, &rule(body))])
    };
    let vpc_subnet = vec![
        case(
            "source VPCSubnet reference exists, from implicit",
            acl_peering(
                "s1",
                &rule("{to: vpc-2, action: allow, match: {src: [{vpcSubnet: sub1}]}}"),
            ),
            vec![Valid],
        ),
        case(
            "destination VPCSubnet reference exists, to implicit",
            acl_peering(
                "s2",
                &rule("{from: vpc-1, action: allow, match: {dst: [{vpcSubnet: sub1}]}}"),
            ),
            vec![Valid],
        ),
        case(
            "source VPCSubnet reference not found in VPC",
            acl_peering(
                "s3",
                &rule(
                    "{from: vpc-1, to: vpc-2, action: allow, match: {src: [{vpcSubnet: nonexistent}]}}",
                ),
            ),
            vec![Error(
                p,
                "s3",
                "spec.acl.rules[0].match.src[0].vpcSubnet",
                "subnet nonexistent not found in VPC vpc-1",
            )],
        ),
        case(
            "destination VPCSubnet reference not found in VPC",
            acl_peering(
                "s4",
                &rule(
                    "{from: vpc-1, to: vpc-2, action: allow, match: {dst: [{vpcSubnet: nonexistent}]}}",
                ),
            ),
            vec![Error(
                p,
                "s4",
                "spec.acl.rules[0].match.dst[0].vpcSubnet",
                "subnet nonexistent not found in VPC vpc-2",
            )],
        ),
        case(
            "source VPCSubnet referencing an external peering entry",
            ext_acl(
                "s5",
                "{from: ext.out-1, to: vpc-1, action: allow, match: {src: [{vpcSubnet: sub1}]}}",
            ),
            vec![Error(
                p,
                "s5",
                "spec.acl.rules[0].match.src[0].vpcSubnet",
                "ext.out-1 is an External",
            )],
        ),
    ];
    assert_eq!(run_cases(vpc_subnet), 5);
}

#[test]
fn port_table_ported_from_hedgehog() {
    let table = [
        ("", true),
        ("80", false),
        ("80-80", false),
        ("80,443", true),
        ("80,443,3000-3100", true),
        ("80,443,3000-3100,", true),
        ("80,443,3000-3100,8080", true),
        ("  80  ", true),
        ("  80  ,  443  ", true),
        ("  80  ,  443  ,  3000-3100  ", true),
        ("  80  ,443,3000-3100,8080", true),
        ("80-79", true),
        ("0", true),
        ("65536", true),
        ("1-65536", true),
        ("0-80", true),
        ("-80", true),
        ("80-", true),
        ("  -  80  ", true),
        ("  80  -  ", true),
        ("1-80,65536", true),
    ];
    for (port, error) in table {
        assert_eq!(
            super::gatewaypeering::port_problem(port).is_some(),
            error,
            "{port:?}"
        );
    }
}

#[test]
fn gatewaypeering_rules_beyond_hedgehogs_table() {
    let p = "GatewayPeering";
    let cases = vec![
        case(
            "three peers and no gateway group",
            peering_context(vec![gateway_peering(
                "three",
                "  peering:\n    vpc-1: {}\n    vpc-2: {}\n    vpc-3: {}\n",
            )]),
            vec![
                Error(p, "three", "spec.peering", "exactly 2 peers (found 3"),
                Error(p, "three", "spec.gatewayGroup", "gatewayGroup is required"),
            ],
        ),
        case(
            "peers written without a value",
            peering_context(vec![gateway_peering(
                "bare",
                "  peering:\n    vpc-1:\n    vpc-2:\n",
            )]),
            vec![Valid],
        ),
        case(
            "gateway group not found",
            peering_context(vec![
                generate_peering("p", None, None, "")
                    .replace("gatewayGroup: default", "gatewayGroup: gr9"),
            ]),
            vec![Error(
                p,
                "p",
                "spec.gatewayGroup",
                "GatewayGroup gr9 not found",
            )],
        ),
        case(
            "gateway group without a gateway",
            {
                let mut docs = peering_context(vec![
                    generate_peering("p", None, None, "")
                        .replace("gatewayGroup: default", "gatewayGroup: gr1"),
                ]);
                docs.push(gateway_group("gr1"));
                docs
            },
            vec![Error(
                p,
                "p",
                "spec.gatewayGroup",
                "no Gateway is in GatewayGroup gr1",
            )],
        ),
        case(
            "invalid CIDRs and NAT without a mode, port forward without ports",
            peering_context(vec![generate_peering(
                "p",
                Some(
                    "      - ips: [{not: 10.0.1.300/32}]\n        as: [{cidr: 10.9.0.0/33}]\n        nat: {}\n      - ips: [{cidr: 10.0.1.0/24}]\n        as: [{cidr: 10.9.1.0/24}]\n        nat: {portForward: {ports: []}}\n      - ips: [{cidr: 10.0.1.0/24}]\n        as: [{cidr: 10.9.2.0/24}]\n        nat: {portForward: {ports: [{proto: icmp, port: \"0\", as: 80-70}]}}\n",
                ),
                None,
                "",
            )]),
            vec![
                Error(
                    p,
                    "p",
                    "spec.peering.vpc-1.expose[0].ips[0].not",
                    "not a valid prefix",
                ),
                Error(
                    p,
                    "p",
                    "spec.peering.vpc-1.expose[0].as[0].cidr",
                    "not a valid prefix",
                ),
                Error(
                    p,
                    "p",
                    "spec.peering.vpc-1.expose[0].nat",
                    "exactly one of masquerade, static and portForward",
                ),
                Error(
                    p,
                    "p",
                    "spec.peering.vpc-1.expose[1].nat.portForward.ports",
                    "at least one port forwarding rule",
                ),
                Error(
                    p,
                    "p",
                    "spec.peering.vpc-1.expose[2].nat.portForward.ports[0].port",
                    "between 1 and 65535",
                ),
                Error(
                    p,
                    "p",
                    "spec.peering.vpc-1.expose[2].nat.portForward.ports[0].as",
                    "start port is greater",
                ),
                Error(
                    p,
                    "p",
                    "spec.peering.vpc-1.expose[2].nat.portForward.ports[0].proto",
                    "invalid protocol \"icmp\"",
                ),
            ],
        ),
        case(
            "overlap between peerings of different VPCs towards one VPC",
            {
                let mut docs = peering_context(vec![
                    generate_peering("p1", None, None, ""),
                    gateway_peering(
                        "p2",
                        "  peering:\n    vpc-2:\n      expose:\n      - ips: [{cidr: 10.0.2.0/24}]\n    vpc-3:\n      expose:\n      - ips: [{cidr: 10.0.3.0/24}]\n        as: [{cidr: 10.0.1.128/25}]\n        nat: {static: {}}\n",
                    ),
                ]);
                docs.push(small_vpc("vpc-3", "10.0.3.0/24", 103));
                docs
            },
            vec![
                // p1 exposes vpc-1's 10.0.1.0/24 to vpc-2; p2 exposes vpc-3 as 10.0.1.128/25 to vpc-2.
                Error(
                    p,
                    "p1",
                    "spec.peering.vpc-1.expose[0].ips[0].cidr",
                    "exposed to vpc-2 overlaps 10.0.1.128/25 exposed to it by GatewayPeering p2",
                ),
                Error(
                    p,
                    "p2",
                    "spec.peering.vpc-3.expose[0].as[0].cidr",
                    "exposed to vpc-2 overlaps 10.0.1.0/24 exposed to it by GatewayPeering p1",
                ),
            ],
        ),
        case(
            "not in the default namespace",
            vec![format!(
                "apiVersion: {GW_API}\nkind: GatewayPeering\nmetadata:\n  name: p\n  namespace: fab\nspec: {{}}\n"
            )],
            vec![Error(
                p,
                "p",
                "metadata.namespace",
                "only the default namespace",
            )],
        ),
    ];
    run_cases(cases);
}

#[test]
fn gatewaypeering_defaulting_ported_from_hedgehog() {
    // TestPeeringDefaultEmpty: nothing to default without two peers.
    assert_eq!(default_spec("GatewayPeering", &json!({})), json!({}));
    let one = json!({"peering": {"vpc1": {}}});
    assert_eq!(default_spec("GatewayPeering", &one), one);
    // Two peers: the gateway group, NAT idle timeouts (an explicit one kept), ACL defaults.
    let spec = json!({
        "peering": {
            "vpc1": {"expose": [{"ips": [{"cidr": "10.0.1.0/24"}], "as": [{"cidr": "192.168.1.0/24"}],
                                  "nat": {"masquerade": {}}}]},
            "vpc2": {"expose": [{"ips": [{"cidr": "10.0.2.0/24"}], "as": [{"cidr": "192.168.2.0/24"}],
                                  "nat": {"portForward": {"idleTimeout": "3m0s", "ports": []}}}]},
        },
        "acl": {"rules": [{"from": "vpc1", "action": "allow"}]},
    });
    let defaulted = default_spec("GatewayPeering", &spec);
    assert_eq!(defaulted["gatewayGroup"], json!("default"));
    assert_eq!(
        defaulted["peering"]["vpc1"]["expose"][0]["nat"]["masquerade"]["idleTimeout"],
        json!("2m0s")
    );
    assert_eq!(
        defaulted["peering"]["vpc2"]["expose"][0]["nat"]["portForward"]["idleTimeout"],
        json!("3m0s")
    );
    assert_eq!(defaulted["acl"]["default"], json!("deny-unless-exposed"));
    assert_eq!(defaulted["acl"]["rules"][0]["scope"], json!("flow"));
    assert_eq!(default_spec("GatewayPeering", &defaulted), defaulted);
}
