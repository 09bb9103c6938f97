//! Tests of [`validate`](super::validate) and [`references`](super::references): the real samples
//! against the embedded CRDs, each kind of problem message, name rules, the schema conversion and
//! the references of every kind (plus an ignored 1,000-object benchmark).

use super::*;
use serde_json::json;
use std::collections::HashSet;

mod fields;

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/hedgehog/samples");

/// One managed document of a sample file.
struct Doc {
    file: String,
    index: usize,
    kind: String,
    name: String,
    namespace: String,
    spec: Value,
}

fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// Every document of every sample file whose apiVersion and kind match an embedded CRD.
/// Files that are not valid YAML (docs templates with `...` placeholders) are skipped:
/// the YAML layer rejects them before validation.
fn sample_docs() -> (Vec<Doc>, Vec<String>) {
    let root = std::path::Path::new(SAMPLES);
    let mut files = Vec::new();
    yaml_files(root, &mut files);
    assert!(files.len() > 100, "samples missing under {SAMPLES}");
    let (mut docs, mut unparsable) = (Vec::new(), Vec::new());
    for path in files {
        let file = path.strip_prefix(root).unwrap().display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(values) = serde_saphyr::from_multiple::<Value>(&text) else {
            unparsable.push(file);
            continue;
        };
        for (index, v) in values.into_iter().enumerate() {
            let (Some(api), Some(kind)) = (v["apiVersion"].as_str(), v["kind"].as_str()) else {
                continue;
            };
            if !CRDS.iter().any(|(k, a, _)| *k == kind && *a == api) {
                continue;
            }
            docs.push(Doc {
                file: file.clone(),
                index,
                kind: kind.to_owned(),
                name: v["metadata"]["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                namespace: v["metadata"]["namespace"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                spec: v.get("spec").cloned().unwrap_or(Value::Null),
            });
        }
    }
    (docs, unparsable)
}

fn find<'a>(docs: &'a [Doc], file: &str, name: &str) -> &'a Doc {
    docs.iter()
        .find(|d| d.file == file && d.name == name)
        .unwrap_or_else(|| panic!("sample {file} {name} not found"))
}

fn paths(problems: &[Problem]) -> Vec<&str> {
    problems.iter().map(|p| p.path.as_str()).collect()
}

fn refs(list: &[Reference]) -> Vec<(&str, &str, &str)> {
    list.iter()
        .map(|r| (r.kind, r.name.as_str(), r.path.as_str()))
        .collect()
}

/// Sample documents that are known to be invalid against the embedded CRDs, with the
/// paths of the problems they must produce.
const KNOWN_INVALID: &[(&str, usize, &[&str])] = &[
    // Docs templates: `name: # comment`, placeholder values left empty.
    (
        "docs/master/docs__user-guide__external__block01.yaml",
        0,
        &["metadata.name"],
    ),
    (
        "docs/master/docs__user-guide__external__block03.yaml",
        0,
        &["metadata.name"],
    ),
    (
        "docs/release-beta-1/docs__user-guide__external__block02.yaml",
        0,
        &["metadata.name"],
    ),
    (
        "docs/master/docs__user-guide__external__block04.yaml",
        0,
        &["metadata.name", "spec.static.prefixes[0]"],
    ),
    (
        "docs/master/docs__user-guide__external__block05.yaml",
        0,
        &[
            "metadata.name",
            "spec.neighbor",
            "spec.static.remoteIP",
            "spec.switch",
        ],
    ),
    (
        "docs/master/docs__user-guide__external__block06.yaml",
        0,
        &[
            "metadata.name",
            "spec.permit.external.prefixes[0]",
            "spec.permit.vpc.subnets[0]",
        ],
    ),
    // `expose: [..]` placeholders (and, in 26.01, `gatewayGroup` misplaced under peering).
    (
        "docs/master/docs__user-guide__gateway-failover__block03.yaml",
        0,
        &[
            "spec.peering.vpc-1.expose[0]",
            "spec.peering.vpc-2.expose[0]",
        ],
    ),
    (
        "docs/release-26.01/docs__user-guide__gateway-failover__block03.yaml",
        0,
        &[
            "spec.peering.gatewayGroup",
            "spec.peering.vpc-1.expose[0]",
            "spec.peering.vpc-2.expose[0]",
        ],
    ),
    // `peering: # ... unchanged` and an ACL without its required `default`.
    (
        "docs/master/docs__user-guide__gateway-peering__block06.yaml",
        0,
        &["spec.acl.default"],
    ),
    // External name longer than Hedgehog's 11 characters.
    (
        "docs/master/docs__user-guide__external__block02.yaml",
        0,
        &["metadata.name"],
    ),
    // Static external attachment without the CRD-required `neighbor` and `switch`.
    (
        "docs/master/docs__user-guide__external__block13.yaml",
        0,
        &["spec.neighbor", "spec.switch"],
    ),
    // Uppercase names (`HedgeEdge`) are not RFC 1123 subdomains.
    (
        "docs/release-25.03/docs__user-guide__external__block06.yaml",
        0,
        &["metadata.name"],
    ),
    (
        "docs/release-25.03/docs__user-guide__external__block07.yaml",
        0,
        &["metadata.name"],
    ),
    (
        "docs/release-25.03/docs__user-guide__external__block08.yaml",
        0,
        &["metadata.name"],
    ),
    (
        "docs/release-beta-1/docs__user-guide__external__block05.yaml",
        0,
        &["metadata.name"],
    ),
    (
        "docs/release-beta-1/docs__user-guide__external__block06.yaml",
        0,
        &["metadata.name"],
    ),
    // Docs newer than the CRD snapshot: hostBGP prefix fields the CRD does not have yet.
    (
        "docs/master/docs__user-guide__vpcs__block01.yaml",
        0,
        &[
            "spec.subnets.bgp-on-host.hostBGPExtraPrefixes",
            "spec.subnets.bgp-on-host.hostBGPMaxPrefixLen",
            "spec.subnets.bgp-on-host.hostBGPMinPrefixLen",
        ],
    ),
    // Docs older than the CRD: DHCP options without the now-required leaseTimeSeconds.
    (
        "docs/release-beta-1/docs__user-guide__vpcs__block01.yaml",
        0,
        &["spec.subnets.default.dhcp.options.leaseTimeSeconds"],
    ),
];

#[test]
fn samples_validate_except_known_invalid_templates() {
    let (docs, unparsable) = sample_docs();
    assert!(unparsable.is_empty(), "{unparsable:?}");
    assert!(docs.len() > 150, "only {} managed sample docs", docs.len());
    let mut kinds_seen = HashSet::new();
    let mut matched = HashSet::new();
    for d in &docs {
        let problems = validate(&d.kind, &d.name, &d.namespace, &d.spec);
        let known = KNOWN_INVALID
            .iter()
            .find(|(f, i, _)| *f == d.file && *i == d.index);
        match known {
            Some((_, _, expected)) => {
                matched.insert((d.file.as_str(), d.index));
                assert_eq!(
                    &paths(&problems),
                    expected,
                    "{} #{}: {problems:?}",
                    d.file,
                    d.index
                );
            }
            None => {
                kinds_seen.insert(d.kind.as_str());
                assert!(
                    problems.is_empty(),
                    "{} #{} {}: {problems:?}",
                    d.file,
                    d.index,
                    d.name
                );
            }
        }
    }
    assert_eq!(
        matched.len(),
        KNOWN_INVALID.len(),
        "stale KNOWN_INVALID entries"
    );
    for kind in [
        "VPC",
        "VPCAttachment",
        "VPCPeering",
        "External",
        "ExternalAttachment",
        "ExternalPeering",
        "IPv4Namespace",
        "Connection",
        "Server",
        "Switch",
        "SwitchGroup",
        "VLANNamespace",
        "Gateway",
        "GatewayPeering",
    ] {
        assert!(kinds_seen.contains(kind), "no valid {kind} sample");
    }
}

#[test]
fn every_crd_compiles_and_matches_its_table_entry() {
    for (i, (kind, api_version, yaml)) in CRDS.iter().enumerate() {
        let crd: Value = serde_saphyr::from_str(yaml).unwrap();
        assert_eq!(crd["spec"]["names"]["kind"], json!(kind));
        let version = &crd["spec"]["versions"][0]["name"];
        assert_eq!(
            format!(
                "{}/{}",
                crd["spec"]["group"].as_str().unwrap(),
                version.as_str().unwrap()
            ),
            *api_version
        );
        assert!(compiled(i).is_ok(), "{kind}: {:?}", compiled(i).err());
        assert!(has_schema(kind));
    }
    assert!(!has_schema("ConfigMap"));
    assert!(!has_schema("vpc"));
}

#[test]
fn references_from_samples() {
    let (docs, _) = sample_docs();
    let get = |file: &str, name: &str| {
        let d = find(&docs, file, name);
        references(&d.kind, &d.spec)
    };
    assert_eq!(
        refs(&get(
            "docs/master/docs__user-guide__vpcs__block03.yaml",
            "vpc-1-server-1--eslag--s5248-01--s5248-02"
        )),
        [
            (
                "Connection",
                "server-1--eslag--s5248-01--s5248-02",
                "spec.connection"
            ),
            ("VPC", "vpc-1", "spec.subnet"),
        ]
    );
    assert_eq!(
        refs(&get(
            "docs/master/docs__user-guide__connections__block01.yaml",
            "server-4--unbundled--s5248-02"
        )),
        [
            ("Server", "server-4", "spec.unbundled.link.server.port"),
            ("Switch", "s5248-02", "spec.unbundled.link.switch.port"),
        ]
    );
    assert_eq!(
        refs(&get(
            "docs/release-25.03/docs__user-guide__connections__block03.yaml",
            "server-1--mclag--s5248-01--s5248-02"
        )),
        [
            ("Server", "server-1", "spec.mclag.links[0].server.port"),
            ("Switch", "s5248-01", "spec.mclag.links[0].switch.port"),
            ("Switch", "s5248-02", "spec.mclag.links[1].switch.port"),
        ]
    );
    assert_eq!(
        refs(&get(
            "docs/master/docs__install-upgrade__build-wiring__block02.yaml",
            "spine-01--fabric--leaf-01"
        )),
        [
            ("Switch", "leaf-01", "spec.fabric.links[0].leaf.port"),
            ("Switch", "spine-01", "spec.fabric.links[0].spine.port"),
        ]
    );
    assert_eq!(
        refs(&get(
            "docs/master/docs__user-guide__vpcs__block05.yaml",
            "vpc-1--vpc-2"
        )),
        [
            ("VPC", "vpc-1", "spec.permit[0].vpc-1"),
            ("VPC", "vpc-2", "spec.permit[0].vpc-2")
        ]
    );
    assert_eq!(
        refs(&get(
            "docs/master/docs__user-guide__external__block10.yaml",
            "vpc-01--bgp-edge"
        )),
        [
            ("VPC", "vpc-01", "spec.permit.vpc.name"),
            ("External", "bgp-edge", "spec.permit.external.name"),
        ]
    );
    assert_eq!(
        refs(&get(
            "docs/master/docs__user-guide__gateway-add__block01.yaml",
            "leaf-01--gateway--gateway-1"
        )),
        [
            ("Gateway", "gateway-1", "spec.gateway.links[0].gateway.port"),
            ("Switch", "leaf-01", "spec.gateway.links[0].switch.port"),
        ]
    );
}

#[test]
fn references_by_kind() {
    let r = |kind, spec: Value| references(kind, &spec);
    assert!(
        r("VPC", json!({"subnets": {}})).is_empty(),
        "defaults are not references"
    );
    assert_eq!(
        refs(&r(
            "VPC",
            json!({"ipv4Namespace": "default", "vlanNamespace": "v",
                "subnets": {"s.1": {"dhcp": {"relayVPC": "relay"}}}})
        )),
        [
            ("IPv4Namespace", "default", "spec.ipv4Namespace"),
            ("VLANNamespace", "v", "spec.vlanNamespace"),
            ("VPC", "relay", "spec.subnets[\"s.1\"].dhcp.relayVPC"),
        ]
    );
    assert_eq!(
        refs(&r("External", json!({"ipv4Namespace": "default"}))),
        [("IPv4Namespace", "default", "spec.ipv4Namespace")]
    );
    assert_eq!(
        refs(&r(
            "ExternalAttachment",
            json!({"connection": "c", "external": "e"})
        )),
        [
            ("Connection", "c", "spec.connection"),
            ("External", "e", "spec.external")
        ]
    );
    assert_eq!(
        refs(&r(
            "Switch",
            json!({"vlanNamespaces": ["default"], "groups": ["mclag-1"],
                "redundancy": {"group": "mclag-1", "type": "mclag"}, "profile": "p"})
        )),
        [
            ("VLANNamespace", "default", "spec.vlanNamespaces[0]"),
            ("SwitchGroup", "mclag-1", "spec.groups[0]"),
        ]
    );
    assert_eq!(
        refs(&r(
            "Connection",
            json!({
                "mclagDomain": {"peerLinks": [{"switch1": {"port": "a/E1/1"}, "switch2": {"port": "b/E1/1"}}],
                                "sessionLinks": [{"switch1": {"port": "a/E1/2"}, "switch2": {"port": "b/E1/2"}}]},
                "staticExternal": {"link": {"switch": {"port": "c/E1/3"}}, "withinVPC": "vpc-1"},
                "vpcLoopback": {"links": [{"switch1": {"port": "noslash"}, "switch2": {"port": ""}}]}
            })
        )),
        [
            ("Switch", "a", "spec.mclagDomain.peerLinks[0].switch1.port"),
            ("Switch", "b", "spec.mclagDomain.peerLinks[0].switch2.port"),
            ("VPC", "vpc-1", "spec.staticExternal.withinVPC"),
            ("Switch", "c", "spec.staticExternal.link.switch.port"),
        ]
    );
    assert_eq!(
        refs(&r(
            "GatewayPeering",
            json!({"gatewayGroup": "default",
                "peering": {"ext.e1": {}, "vpc-1": {}}})
        )),
        [
            ("GatewayGroup", "default", "spec.gatewayGroup"),
            ("External", "e1", "spec.peering[\"ext.e1\"]"),
            ("VPC", "vpc-1", "spec.peering.vpc-1"),
        ]
    );
    assert_eq!(
        refs(&r(
            "Gateway",
            json!({"groups": [{"name": "g", "priority": 1}]})
        )),
        [("GatewayGroup", "g", "spec.groups[0].name")]
    );
    assert!(
        r(
            "VPCAttachment",
            json!({"subnet": "nosubnet", "connection": ""})
        )
        .is_empty()
    );
    assert!(r("Unknown", json!({"connection": "c"})).is_empty());
    assert!(r("VPCPeering", Value::Null).is_empty());
}

/// `cargo test --release -- --ignored --nocapture bench` prints the time for 1,000 objects.
#[test]
#[ignore = "timing only"]
fn bench_validate_thousand_objects() {
    let (docs, _) = sample_docs();
    let valid: Vec<&Doc> = docs
        .iter()
        .filter(|d| {
            !KNOWN_INVALID
                .iter()
                .any(|(f, i, _)| *f == d.file && *i == d.index)
        })
        .collect();
    for d in &valid {
        validate(&d.kind, &d.name, &d.namespace, &d.spec); // compile every schema first
    }
    let start = std::time::Instant::now();
    let mut problems = 0;
    for d in valid.iter().cycle().take(1000) {
        problems += validate(&d.kind, &d.name, &d.namespace, &d.spec).len();
    }
    let elapsed = start.elapsed();
    assert_eq!(problems, 0);
    let start = std::time::Instant::now();
    let mut found = 0;
    for d in valid.iter().cycle().take(1000) {
        found += references(&d.kind, &d.spec).len();
    }
    eprintln!(
        "references of 1000 objects ({found} found) in {:?}",
        start.elapsed()
    );
    let cold = std::time::Instant::now();
    for (i, _) in CRDS.iter().enumerate() {
        compile(CRDS[i].2).unwrap();
    }
    eprintln!(
        "validated 1000 objects ({} distinct samples) in {elapsed:?}; compiling all {} schemas took {:?}",
        valid.len(),
        CRDS.len(),
        cold.elapsed()
    );
}
