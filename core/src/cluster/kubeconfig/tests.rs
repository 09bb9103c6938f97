//! Tests of `kubeconfig`.

use super::*;

const GOOD: &str = r#"
apiVersion: v1
kind: Config
clusters:
- name: c1
  cluster:
    server: "https://127.0.0.1:6443"
    extensions:
    - name: info
      extension: {provider: test}
users:
- name: u1
  user: {token: abc}
contexts:
- name: ctx1
  context: {cluster: c1, user: u1, namespace: fab}
current-context: ctx1
"#;

fn paths(err: Error) -> Vec<String> {
    match err {
        Error::Invalid(problems) => problems.into_iter().map(|p| p.path).collect(),
        other => panic!("expected problems, got {other}"),
    }
}

#[test]
fn accepts_tokens_and_picks_the_context() {
    let vetted = vet(GOOD, None).unwrap();
    assert_eq!(vetted.context, "ctx1");
    assert_eq!(vetted.namespace.as_deref(), Some("fab"));
    assert_eq!(vetted.server, "https://127.0.0.1:6443");
    assert_eq!(vetted.user.token.as_deref(), Some("abc"));
    assert!(!format!("{vetted:?}").contains("abc"));
    let config = vetted.to_config().unwrap();
    assert!(config.auth_info.exec.is_none() && config.auth_info.token_file.is_none());
    let err = vet(GOOD, Some("other")).unwrap_err().to_string();
    assert!(
        err.contains("context \"other\" is not in the kubeconfig"),
        "{err}"
    );
    let err = vet("{{{", None).unwrap_err().to_string();
    assert!(err.starts_with("kubeconfig:"), "{err}");
}

#[test]
fn refuses_every_field_that_names_a_program_or_a_file() {
    for (field, value) in [
        ("exec", "{command: /bin/sh, args: [-c, 'touch pwned']}"),
        ("auth-provider", "{name: gcp, config: {cmd-path: /bin/sh}}"),
        ("tokenFile", "/etc/hnp/secret.key"),
        ("client-certificate", "/etc/passwd"),
        ("client-key", "/etc/shadow"),
        ("unknown-thing", "x"),
    ] {
        let yaml = GOOD.replace("user: {token: abc}", &format!("user: {{{field}: {value}}}"));
        assert_eq!(
            paths(vet(&yaml, None).unwrap_err()),
            vec![format!("kubeconfig.users[0].user.{field}")],
            "{field}"
        );
    }
    let yaml = GOOD.replace(
        "server: \"https://127.0.0.1:6443\"",
        "server: \"https://127.0.0.1:6443\"\n    certificate-authority: /etc/ssl/ca.pem",
    );
    assert_eq!(
        paths(vet(&yaml, None).unwrap_err()),
        vec!["kubeconfig.clusters[0].cluster.certificate-authority"]
    );
    // An entry the chosen context does not use is checked too, by its index.
    let yaml = GOOD.replace(
        "- name: u1\n  user: {token: abc}",
        "- name: u1\n  user: {token: abc}\n- name: u2\n  user: {exec: {command: id}}",
    );
    assert_eq!(
        paths(vet(&yaml, None).unwrap_err()),
        vec!["kubeconfig.users[1].user.exec"]
    );
}

#[test]
fn data_forms_are_accepted_and_checked() {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let pem = "-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n";
    let yaml = GOOD
        .replace(
            "user: {token: abc}",
            &format!(
                "user: {{client-certificate-data: {}, client-key-data: {}}}",
                b64("cert"),
                b64("key")
            ),
        )
        .replace(
            "server: \"https://127.0.0.1:6443\"",
            &format!(
                "server: \"https://127.0.0.1:6443\"\n    certificate-authority-data: {}",
                b64(pem)
            ),
        );
    let vetted = vet(&yaml, None).unwrap();
    assert_eq!(vetted.ca_pem.as_deref(), Some(pem));
    let bad = GOOD.replace("user: {token: abc}", "user: {client-key-data: '***'}");
    let paths = paths(vet(&bad, None).unwrap_err());
    assert!(
        paths.contains(&"kubeconfig.users[0].user.client-key-data".to_owned()),
        "{paths:?}"
    );
}
