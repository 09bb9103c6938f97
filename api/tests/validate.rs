//! `hnp validate` end to end with the real binary: offline (no configuration, data directory or
//! database; run with an empty environment in an empty directory), exit codes 0/1/2 and the
//! text, JSON and GitHub formats.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn hnp_validate(cwd: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hnp"));
    command.env_clear();
    if let Ok(path) = std::env::var("PATH") {
        command.env("PATH", path);
    }
    command.current_dir(cwd).arg("validate").args(args);
    command.output().expect("hnp runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn last_json(output: &Output) -> Value {
    let text = stdout(output);
    let line = text.lines().last().unwrap_or_default();
    serde_json::from_str(line).unwrap_or_else(|e| panic!("last stdout line {line:?}: {e}"))
}

const NAMESPACES: &str = "apiVersion: vpc.githedgehog.com/v1beta1
kind: IPv4Namespace
metadata:
  name: default
spec:
  subnets: [10.0.0.0/8]
---
apiVersion: wiring.githedgehog.com/v1beta1
kind: VLANNamespace
metadata:
  name: default
spec:
  ranges: [{from: 1000, to: 2999}]
";

/// The example: vpc-overlap inside vpc-0's subnet, on its VLAN, gateway outside.
const VPCS: &str = "# fabric VPCs
apiVersion: vpc.githedgehog.com/v1beta1
kind: VPC
metadata:
  name: vpc-0
spec:
  subnets:
    default: {subnet: 10.0.0.0/13, vlan: 1000}
---
apiVersion: vpc.githedgehog.com/v1beta1
kind: VPC
metadata:
  name: vpc-overlap
spec:
  subnets:
    default: {subnet: 10.0.4.0/24, vlan: 1000, gateway: 10.9.9.1}
";

fn fabric(dir: &Path, vpcs: &str) {
    std::fs::create_dir_all(dir.join("managed/vpcs")).unwrap();
    std::fs::write(dir.join("namespaces.yaml"), NAMESPACES).unwrap();
    std::fs::write(dir.join("managed/vpcs/vpcs.yml"), vpcs).unwrap();
    std::fs::write(dir.join("README.md"), "not yaml").unwrap();
    std::fs::write(
        dir.join("configmap.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ignored}\n",
    )
    .unwrap();
}

#[test]
fn valid_fabric_exits_0() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("fabric");
    fabric(
        &dir,
        &VPCS.replace(
            "10.0.4.0/24, vlan: 1000, gateway: 10.9.9.1",
            "10.8.0.0/24, vlan: 1001",
        ),
    );
    let output = hnp_validate(work.path(), &["fabric"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "");
    let output = hnp_validate(work.path(), &["--json", "fabric"]);
    assert_eq!(output.status.code(), Some(0));
    let report = last_json(&output);
    assert_eq!(report["valid"], true);
    assert_eq!(report["objects"], 4);
    assert_eq!(report["errors"], serde_json::json!([]));
    // Nothing was created: no data directory, no database.
    let entries: Vec<_> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, ["fabric"]);
}

#[test]
fn invalid_fabric_exits_1_in_every_format() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("fabric");
    fabric(&dir, VPCS);
    let file = "fabric/managed/vpcs/vpcs.yml";

    let output = hnp_validate(work.path(), &["fabric"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    for expected in [
        format!(
            "{file}:10: error: VPC/vpc-overlap: spec.subnets.default.gateway: 10.9.9.1 is not in the subnet 10.0.4.0/24"
        ),
        format!(
            "{file}:10: error: VPC/vpc-overlap: spec.subnets.default.subnet: 10.0.4.0/24 overlaps subnet default (10.0.0.0/13) of VPC vpc-0"
        ),
        format!(
            "{file}:2: error: VPC/vpc-0: spec.subnets.default.subnet: 10.0.0.0/13 overlaps subnet default (10.0.4.0/24) of VPC vpc-overlap"
        ),
        format!(
            "{file}:10: error: VPC/vpc-overlap: spec.subnets.default.vlan: VLAN 1000 is also used by VPC vpc-0"
        ),
        format!(
            "{file}:2: error: VPC/vpc-0: spec.subnets.default.vlan: VLAN 1000 is also used by VPC vpc-overlap"
        ),
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(&expected)),
            "{expected}\nin\n{text}"
        );
    }

    let output = hnp_validate(work.path(), &["--format", "json", "fabric"]);
    assert_eq!(output.status.code(), Some(1));
    let report = last_json(&output);
    assert_eq!(report["valid"], false);
    assert_eq!(report["objects"], 4);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 5, "{errors:#?}");
    let gateway = errors
        .iter()
        .find(|e| e["field"] == "spec.subnets.default.gateway")
        .unwrap();
    assert_eq!(gateway["path"], file);
    assert_eq!(gateway["line"], 10);
    assert_eq!(gateway["kind"], "VPC");
    assert_eq!(gateway["name"], "vpc-overlap");
    assert_eq!(
        gateway["message"],
        "10.9.9.1 is not in the subnet 10.0.4.0/24"
    );
    assert!(report["warnings"].as_array().unwrap().is_empty());

    let output = hnp_validate(work.path(), &["--format", "github", "fabric"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.lines().any(|l| l
            == format!("::error file={file},line=10,title=VPC/vpc-overlap::spec.subnets.default.gateway: 10.9.9.1 is not in the subnet 10.0.4.0/24")),
        "{text}"
    );
    assert_eq!(text.lines().count(), 5);
}

#[test]
fn unparseable_file_is_an_error_naming_it() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(
        work.path().join("broken.yaml"),
        "kind: VPC\nspec: [unclosed\n",
    )
    .unwrap();
    let output = hnp_validate(work.path(), &["--json", "."]);
    assert_eq!(output.status.code(), Some(1));
    let report = last_json(&output);
    assert_eq!(report["errors"][0]["path"], "./broken.yaml");
    assert_eq!(report["errors"][0]["kind"], "");
}

#[test]
fn usage_errors_exit_2() {
    let work = tempfile::tempdir().unwrap();
    let output = hnp_validate(work.path(), &["--json", "no-such-dir"]);
    assert_eq!(output.status.code(), Some(2));
    let report = last_json(&output);
    assert_eq!(report["error"]["code"], "USAGE");
    assert!(
        report["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no-such-dir")
    );
    let output = hnp_validate(work.path(), &[]);
    assert_eq!(output.status.code(), Some(2), "no path is a usage error");
    let output = hnp_validate(work.path(), &["--format", "xml", "."]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn samples_directory() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/hedgehog/samples");
    let output = hnp_validate(&samples, &["--json", "demo-gitops/env-1/vpc-test.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let report = last_json(&output);
    assert_eq!(report["objects"], 1);
    // The `default` namespaces are created at install time: warnings only.
    assert_eq!(report["warnings"].as_array().unwrap().len(), 2);

    let output = hnp_validate(
        &samples,
        &["docs/master/docs__user-guide__dhcp__block04.yaml"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).starts_with(
        "docs/master/docs__user-guide__dhcp__block04.yaml:1: error: VPC/vpc-1: spec.subnets.default.dhcp.relay: "
    ));
}
