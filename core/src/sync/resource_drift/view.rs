//! The comparison views of a stored resource (`spec`, `labels`, `annotations`): the desired one
//! defaulted as Hedgehog's mutating webhooks default it, without what defaulting only adds.

use serde_json::{Value, json};

pub(super) fn view(
    spec: &Option<Value>,
    labels: &Option<Value>,
    annotations: &Option<Value>,
) -> Value {
    view_of(spec.clone().unwrap_or(Value::Null), labels, annotations)
}

fn view_of(spec: Value, labels: &Option<Value>, annotations: &Option<Value>) -> Value {
    json!({
        "spec": spec,
        "labels": labels.clone().unwrap_or(Value::Null),
        "annotations": annotations.clone().unwrap_or(Value::Null),
    })
}

/// The comparison view of a desired resource: the spec defaulted as Hedgehog's mutating
/// webhooks default it ([`crate::hedgehog::admission::default_spec`], the port of `Default()`),
/// so that where the webhook **rewrites or removes** a value the cluster's copy compares equal:
/// a VPCAttachment `subnet` without a subnet name (`vpc-1`) is stored as `vpc-1/default`, a
/// DHCP `range` or `options` of a subnet without DHCP is dropped, lists are sorted, MAC keys of
/// static leases normalized. What defaulting only **adds** (a gateway, a DHCP range, option
/// defaults) is left out again ([`without_additions`]): those fields are the cluster's, as
/// every other field desired does not name (the default comparison ignores them), so a cluster
/// defaulted by another Hedgehog release is not drift either. Kinds without defaulting are
/// compared as written.
pub fn desired_view(
    kind: &str,
    spec: &Value,
    labels: &Option<Value>,
    annotations: &Option<Value>,
) -> Value {
    let defaulted = crate::hedgehog::admission::default_spec(kind, spec);
    view_of(without_additions(defaulted, spec), labels, annotations)
}

/// `defaulted` without the map keys defaulting added to `written`; values of keys both have are
/// taken from `defaulted` (rewritten, sorted), recursively through maps. A key that replaces a
/// removed one spelled the same up to case and separators (a MAC address normalized) is kept.
fn without_additions(mut defaulted: Value, written: &Value) -> Value {
    fn folded(key: &str) -> String {
        key.chars()
            .filter(|c| !matches!(c, ':' | '-' | '.'))
            .flat_map(char::to_lowercase)
            .collect()
    }
    if let (Value::Object(d), Value::Object(w)) = (&mut defaulted, written) {
        let removed: Vec<String> = w
            .keys()
            .filter(|k| !d.contains_key(*k))
            .map(|k| folded(k))
            .collect();
        d.retain(|k, _| w.contains_key(k) || removed.contains(&folded(k)));
        for (k, v) in d.iter_mut() {
            if let Some(w) = w.get(k) {
                *v = without_additions(std::mem::take(v), w);
            }
        }
    }
    defaulted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hedgehog::drift::DriftOptions;
    use crate::sync::resource_drift::evaluate;
    use hnp_entity::enums::DriftStatus;

    #[test]
    fn attachment_subnet_default_suffix_is_not_drift() {
        let opts = DriftOptions::default();
        let actual = json!({"spec": {"connection": "s1--server-1", "subnet": "vpc-1/default"}, "labels": {"vpc.fabric.githedgehog.com/vpc-1": "true"}, "annotations": null});
        let desired = desired_view(
            "VPCAttachment",
            &json!({"connection": "s1--server-1", "subnet": "vpc-1"}),
            &None,
            &None,
        );
        assert_eq!(
            evaluate(Some(&desired), Some(&actual), true, opts),
            (DriftStatus::InSync, None)
        );
        // Another subnet is real drift, and kinds without defaulting are not rewritten.
        let other = desired_view(
            "VPCAttachment",
            &json!({"connection": "s1--server-1", "subnet": "vpc-1/subnet-2"}),
            &None,
            &None,
        );
        let (status, details) = evaluate(Some(&other), Some(&actual), true, opts);
        assert_eq!(status, DriftStatus::SpecDrift);
        assert_eq!(details.unwrap()["differences"][0]["path"], "spec.subnet");
        assert_eq!(
            desired_view("Switch", &json!({"subnet": "x"}), &None, &None)["spec"],
            json!({"subnet": "x"})
        );
    }

    /// The case: a subnet with a DHCP `range` but DHCP disabled is stored by the
    /// cluster without the range (`VPC.Default()` drops it): no drift. Before defaulting, the
    /// range in desired was reported as drift forever.
    #[test]
    fn dhcp_range_without_dhcp_is_not_drift() {
        let opts = DriftOptions::default();
        let written = json!({
            "subnets": {"default": {
                "subnet": "10.0.1.0/24",
                "vlan": 1001,
                "dhcp": {"enable": false, "range": {"start": "10.0.1.10", "end": "10.0.1.99"}}
            }}
        });
        // What the cluster holds: defaulted by the webhook (namespaces, gateway, no range).
        let actual = json!({
            "spec": {
                "ipv4Namespace": "default",
                "vlanNamespace": "default",
                "subnets": {"default": {
                    "subnet": "10.0.1.0/24",
                    "vlan": 1001,
                    "gateway": "10.0.1.1",
                    "dhcp": {}
                }}
            },
            "labels": {"fabric.githedgehog.com/ipv4ns": "default"},
            "annotations": null
        });
        let desired = desired_view("VPC", &written, &None, &None);
        assert_eq!(
            evaluate(Some(&desired), Some(&actual), true, opts),
            (DriftStatus::InSync, None)
        );
        // Without defaulting the same pair is the false drift the issue reported.
        let raw = view_of(written.clone(), &None, &None);
        let (status, details) = evaluate(Some(&raw), Some(&actual), true, opts);
        assert_eq!(status, DriftStatus::SpecDrift);
        assert_eq!(
            details.unwrap()["differences"][0]["path"],
            "spec.subnets.default.dhcp.range"
        );
        // A real change (another VLAN in the cluster) is still drift, at its path.
        let mut changed = actual.clone();
        changed["spec"]["subnets"]["default"]["vlan"] = json!(1999);
        let (status, details) = evaluate(Some(&desired), Some(&changed), true, opts);
        assert_eq!(status, DriftStatus::SpecDrift);
        assert_eq!(
            details.unwrap()["differences"][0]["path"],
            "spec.subnets.default.vlan"
        );
        // With DHCP enabled the webhook keeps the range: a cluster copy without it drifts.
        let mut enabled = written.clone();
        enabled["subnets"]["default"]["dhcp"]["enable"] = json!(true);
        let desired = desired_view("VPC", &enabled, &None, &None);
        let (status, _) = evaluate(Some(&desired), Some(&actual), true, opts);
        assert_eq!(status, DriftStatus::SpecDrift);
    }

    /// Defaulting rewrites what the webhook rewrites (unsorted IPv4Namespace subnets equal the
    /// cluster's sorted list, a static lease's MAC key is normalized) but what it only adds (a
    /// gateway) stays the cluster's: another value there is not drift.
    #[test]
    fn defaulted_values_are_compared_with_the_cluster() {
        let opts = DriftOptions::default();
        let desired = desired_view(
            "VPC",
            &json!({"subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1001, "dhcp": {
                "enable": true, "range": {"start": "10.0.1.10"},
                "static": {"AA:BB:CC:DD:EE:FF": {"ip": "10.0.1.5"}}}}}}),
            &None,
            &None,
        );
        assert_eq!(
            desired["spec"],
            json!({"subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1001, "dhcp": {
                "enable": true, "range": {"start": "10.0.1.10"},
                "static": {"aa:bb:cc:dd:ee:ff": {"ip": "10.0.1.5"}}}}}})
        );
        let actual = |gateway: &str, lease: &str| {
            json!({"spec": {"ipv4Namespace": "default", "vlanNamespace": "default",
                "subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1001, "gateway": gateway,
                    "dhcp": {"enable": true, "range": {"start": "10.0.1.10", "end": "10.0.1.255"},
                        "static": {"aa:bb:cc:dd:ee:ff": {"ip": lease}}}}}}})
        };
        for gateway in ["10.0.1.1", "10.0.1.254"] {
            assert_eq!(
                evaluate(
                    Some(&desired),
                    Some(&actual(gateway, "10.0.1.5")),
                    true,
                    opts
                ),
                (DriftStatus::InSync, None),
                "{gateway}"
            );
        }
        let (status, details) = evaluate(
            Some(&desired),
            Some(&actual("10.0.1.1", "10.0.1.6")),
            true,
            opts,
        );
        assert_eq!(status, DriftStatus::SpecDrift);
        assert_eq!(
            details.unwrap()["differences"][0]["path"],
            "spec.subnets.default.dhcp.static.aa:bb:cc:dd:ee:ff.ip"
        );
        let desired = desired_view(
            "IPv4Namespace",
            &json!({"subnets": ["10.2.0.0/16", "10.1.0.0/16"]}),
            &None,
            &None,
        );
        let actual = json!({"spec": {"subnets": ["10.1.0.0/16", "10.2.0.0/16"]}});
        assert_eq!(
            evaluate(Some(&desired), Some(&actual), true, opts).0,
            DriftStatus::InSync
        );
    }
}
