//! Topology and pending changes (issue 18) through the real `hnp serve` and the `hnp` CLI on
//! the `hnp demo` topology fabric (`fixtures/demo-topology`) in a `file://` git remote:
//! `Fabric.topology` (whole fabric and one VPC), `Fabric.pendingChanges`, `hnp diagram` in every
//! format, and the impact of a dry-run write-back.

use hnp_tests::server::HnpServer;
use hnp_tests::{Backend, GitFixture};
use serde_json::{Value, json};

const DIR: &str = "fabrics/demo-topology";

struct Fixture {
    server: HnpServer,
    _git: GitFixture,
    token: String,
    client: reqwest::Client,
}

impl Fixture {
    /// A server, the topology fabric `topo` ingested, and two drafts (vpc-ops attached to
    /// server-01 on its ESLAG connection to leaf-01/leaf-02; server-03 described anew).
    async fn start() -> Fixture {
        let server = HnpServer::start(env!("CARGO_BIN_EXE_hnp"), Backend::Sqlite, &[])
            .await
            .expect("hnp serve starts");
        let git = GitFixture::new().unwrap();
        for file in ["wiring.yaml", "vpcs.yaml"] {
            let content =
                std::fs::read_to_string(format!("../fixtures/demo-topology/{file}")).unwrap();
            git.write(&format!("{DIR}/{file}"), content).unwrap();
        }
        git.commit("demo topology").unwrap();
        let url = git.url();
        server.run_ok(
            &[
                "fabric",
                "create",
                "--name",
                "topo",
                "--repo-url",
                &url,
                "--directory",
                DIR,
                "--branch",
                "main",
            ],
            b"",
        );
        server.run_ok(
            &[
                "sync",
                "--fabric",
                "topo",
                "--direction",
                "git-to-gui",
                "--json",
            ],
            b"",
        );
        let draft = |kind: &str, name: &str, spec: &str| {
            server.run_ok(
                &[
                    "draft",
                    "set",
                    "--fabric",
                    "topo",
                    "--kind",
                    kind,
                    "--name",
                    name,
                    "--spec-file",
                    "-",
                ],
                spec.as_bytes(),
            );
        };
        draft(
            "VPCAttachment",
            "vpc-ops--server-01",
            r#"{"connection": "server-01--eslag--leaf-01--leaf-02", "subnet": "vpc-ops/default"}"#,
        );
        draft("Server", "server-03", r#"{"description": "rack 7"}"#);
        let token = server.user("viewer1", "viewer");
        Fixture {
            server,
            _git: git,
            token,
            client: reqwest::Client::new(),
        }
    }

    async fn gql(&self, query: &str, variables: Value) -> Value {
        let response: Value = self
            .client
            .post(format!("{}/graphql", self.server.base))
            .bearer_auth(&self.token)
            .json(&json!({"query": query, "variables": variables}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        response
    }

    fn cli(&self, args: &[&str]) -> String {
        self.server.run_ok(args, b"").stdout
    }
}

/// The switch-port pairs of an impact object (`ports: [{switch, port}]`).
fn ports(impact: &Value) -> Vec<(String, String)> {
    impact["ports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["switch"].as_str().unwrap().to_owned(),
                p["port"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

fn assert_impact(impact: &Value) {
    assert_eq!(names(&impact["vpcs"]), ["vpc-ops"], "{impact}");
    assert_eq!(
        names(&impact["servers"]),
        ["server-01", "server-03"],
        "{impact}"
    );
    assert_eq!(
        names(&impact["switches"]),
        ["leaf-01", "leaf-02"],
        "{impact}"
    );
    assert_eq!(names(&impact["externals"]), Vec::<&str>::new(), "{impact}");
    let expected: Vec<(String, String)> = [
        ("leaf-01", "E1/1"),
        ("leaf-01", "E1/3"),
        ("leaf-02", "E1/1"),
    ]
    .iter()
    .map(|(s, p)| (s.to_string(), p.to_string()))
    .collect();
    assert_eq!(ports(impact), expected, "{impact}");
}

const QUERY: &str = "query($id: ID!, $vpc: String) { fabric(id: $id) {
    topology(vpc: $vpc) {
      nodes { id kind name role state resourceId redundancyGroup { type group } }
      links { id from to fromPort toPort connection kind state resourceId }
    }
    pendingChanges {
      resources { resourceId kind namespace name operation diff problems { path message } }
      impact { switches ports { switch port } servers vpcs externals }
    }
  } }";

#[tokio::test]
async fn graphql_topology_and_pending_changes() {
    let f = Fixture::start().await;
    let id = f.cli(&["fabric", "list", "--json"]);
    let list: Value = serde_json::from_str(id.lines().last().unwrap()).unwrap();
    let fabric_id = list["fabrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "topo")
        .map(|x| x["id"].to_string())
        .unwrap_or_else(|| panic!("no fabric topo in {list}"));

    let response = f.gql(QUERY, json!({"id": fabric_id, "vpc": null})).await;
    assert!(response.get("errors").is_none(), "{response:#}");
    let fabric = &response["data"]["fabric"];
    let nodes = fabric["topology"]["nodes"].as_array().unwrap();
    let links = fabric["topology"]["links"].as_array().unwrap();
    assert_eq!(nodes.len(), 6 + 8 + 1 + 1, "{nodes:#?}");
    assert_eq!(links.len(), 31);
    let node = |id: &str| {
        nodes
            .iter()
            .find(|n| n["id"] == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    assert_eq!(node("switch/spine-01")["kind"], "SWITCH");
    assert_eq!(node("switch/spine-01")["role"], "spine");
    assert_eq!(
        node("switch/leaf-01")["redundancyGroup"],
        json!({"type": "eslag", "group": "eslag-1"})
    );
    assert_eq!(node("server/server-03")["state"], "PENDING");
    assert_eq!(node("server/server-01")["state"], "UNKNOWN");
    assert_eq!(node("external/internet")["kind"], "EXTERNAL");
    assert!(node("server/server-03")["resourceId"].is_string());
    let eslag: Vec<&Value> = links
        .iter()
        .filter(|l| l["connection"] == "server-01--eslag--leaf-01--leaf-02")
        .collect();
    assert_eq!(eslag.len(), 2);
    assert_eq!(
        (
            &eslag[0]["from"],
            &eslag[0]["fromPort"],
            &eslag[0]["to"],
            &eslag[0]["toPort"],
            &eslag[0]["kind"]
        ),
        (
            &json!("switch/leaf-01"),
            &json!("E1/1"),
            &json!("server/server-01"),
            &json!("enp2s1"),
            &json!("eslag")
        )
    );
    assert_eq!(eslag[0]["state"], "UNKNOWN");

    let resources = fabric["pendingChanges"]["resources"].as_array().unwrap();
    let drafted: Vec<(&str, &str, &str)> = resources
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap(),
                r["name"].as_str().unwrap(),
                r["operation"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        drafted,
        [
            ("Server", "server-03", "UPDATE"),
            ("VPCAttachment", "vpc-ops--server-01", "CREATE")
        ]
    );
    let diff = resources[0]["diff"].as_str().unwrap();
    assert!(
        diff.contains("-  description: server-03\n+  description: rack 7\n"),
        "{diff}"
    );
    assert_eq!(resources[1]["problems"], json!([]));
    assert_impact(&fabric["pendingChanges"]["impact"]);

    // One VPC's part; an unknown VPC is NOT_FOUND.
    let response = f
        .gql(QUERY, json!({"id": fabric_id, "vpc": "vpc-ops"}))
        .await;
    let topology = &response["data"]["fabric"]["topology"];
    let ids: Vec<&str> = topology["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "server/server-01",
            "server/server-07",
            "server/server-08",
            "switch/leaf-01",
            "switch/leaf-02",
            "switch/leaf-03",
            "switch/leaf-04"
        ]
    );
    let response = f.gql(QUERY, json!({"id": fabric_id, "vpc": "nope"})).await;
    assert_eq!(
        response["errors"][0]["extensions"]["code"], "NOT_FOUND",
        "{response:#}"
    );
}

#[tokio::test]
async fn cli_diagram_formats_and_dry_run_impact() {
    let f = Fixture::start().await;
    let out = f.cli(&["diagram", "--fabric", "topo", "--format", "json"]);
    let topology: Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    let nodes = topology["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 16);
    assert_eq!(topology["links"].as_array().unwrap().len(), 31);
    let leaf = nodes.iter().find(|n| n["id"] == "switch/leaf-03").unwrap();
    assert_eq!(
        (&leaf["kind"], &leaf["name"], &leaf["role"], &leaf["state"]),
        (
            &json!("switch"),
            &json!("leaf-03"),
            &json!("mixed-leaf"),
            &json!("unknown")
        )
    );
    let server = nodes
        .iter()
        .find(|n| n["id"] == "server/server-03")
        .unwrap();
    assert_eq!(server["state"], "pending");
    let link = &topology["links"][0];
    for field in [
        "id",
        "from",
        "to",
        "from_port",
        "to_port",
        "connection",
        "kind",
        "state",
    ] {
        assert!(link.get(field).is_some(), "{field} missing in {link}");
    }

    let out = f.cli(&[
        "diagram", "--fabric", "topo", "--format", "json", "--vpc", "vpc-web",
    ]);
    let vpc: Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    let servers: Vec<&str> = vpc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "server")
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(servers, ["server-01", "server-03", "server-05"]);

    let dot = f.cli(&["diagram", "--fabric", "topo", "--format", "dot"]);
    assert!(
        dot.starts_with("graph fabric {\n") && dot.ends_with("}\n"),
        "{dot}"
    );
    assert!(dot.contains("label=\"switches: spine\""), "{dot}");
    assert!(dot.contains("label=\"switches: server-leaf\""), "{dot}");
    assert!(dot.contains("[label=\"spine-01\""), "{dot}");
    assert!(dot.contains("[label=\"E1/1 – E1/49\""), "{dot}");
    assert_eq!(dot.lines().filter(|l| l.contains(" -- ")).count(), 31);

    let mermaid = f.cli(&["diagram", "--fabric", "topo", "--format", "mermaid"]);
    assert!(mermaid.starts_with("flowchart TB\n"), "{mermaid}");
    assert!(mermaid.contains("[\"switches: mixed-leaf\"]"), "{mermaid}");
    assert!(mermaid.contains("[\"server-03\"]:::pending"), "{mermaid}");
    assert_eq!(mermaid.lines().filter(|l| l.contains("---|")).count(), 31);

    let missing = f
        .server
        .run(&["diagram", "--fabric", "topo", "--vpc", "nope"], b"");
    assert!(!missing.success(), "{}", missing.stdout);
    assert!(missing.stderr.contains("nope"), "{}", missing.stderr);

    let out = f.cli(&[
        "sync",
        "--fabric",
        "topo",
        "--direction",
        "gui-to-git",
        "--dry-run",
        "--json",
    ]);
    let report: Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(report["dry_run"], true, "{report}");
    assert_eq!(report["pushed"], false, "{report}");
    assert_impact(&report["impact"]);
    // Not a dry run in direct-push mode: no impact is computed.
    let out = f.cli(&[
        "sync",
        "--fabric",
        "topo",
        "--direction",
        "gui-to-git",
        "--json",
    ]);
    let report: Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(report["pushed"], true, "{report}");
    assert!(report.get("impact").is_none(), "{report}");
}
