//! ExternalAttachment rules, with Hedgehog's tables.

use super::{
    Error, VPC_API, Valid, WIRING_API, bgp_external, case, doc, external, run_with_wiring, with_ns,
};
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
