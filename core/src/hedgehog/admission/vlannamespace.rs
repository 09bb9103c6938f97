//! VLANNamespace: defaulting (`to` defaults to `from`, ranges sorted) and admission (every
//! range within 1–4094 with `from` ≤ `to`). The VLANs the fabric reserves at install time are
//! not checked.

use serde::Deserialize;
use serde_json::{Value, json};

use super::{Fabric, Order, Sink};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Spec {
    pub ranges: Vec<Range>,
}

#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(default)]
pub(super) struct Range {
    pub from: u16,
    pub to: u16,
}

impl Spec {
    /// Whether a VLAN is in one of the ranges (a range without `to` is the single VLAN `from`).
    pub fn contains(&self, vlan: u16) -> bool {
        self.ranges.iter().any(|r| {
            let to = if r.to == 0 { r.from } else { r.to };
            (r.from..=to).contains(&vlan)
        })
    }

    /// `1000-2999, 3100`.
    pub fn describe(&self) -> String {
        let ranges: Vec<String> = self
            .ranges
            .iter()
            .map(|r| match r.to {
                0 => r.from.to_string(),
                to if to == r.from => to.to_string(),
                to => format!("{}-{to}", r.from),
            })
            .collect();
        if ranges.is_empty() {
            "no ranges".into()
        } else {
            ranges.join(", ")
        }
    }
}

/// `VLANNamespace.Default()` as it behaves on valid ranges: a missing `to` becomes `from` and
/// the ranges are sorted by `from`, then `to` (overlapping ranges are kept, not merged).
/// Hedgehog's code also empties the ranges when one is invalid, which would hide the error
/// from validation; here invalid ranges are left as written so that they are reported.
pub(super) fn default(spec: &mut Value, order: Order) {
    let Some(Value::Array(ranges)) = spec.get_mut("ranges") else {
        return;
    };
    let mut typed = Vec::with_capacity(ranges.len());
    for range in ranges.iter() {
        let Ok(range) = serde_json::from_value::<Range>(range.clone()) else {
            return;
        };
        let to = if range.to == 0 { range.from } else { range.to };
        if range.from > to || !(1..=4094).contains(&range.from) || !(1..=4094).contains(&to) {
            return;
        }
        typed.push((range.from, to));
    }
    for (range, (_, to)) in ranges.iter_mut().zip(&typed) {
        if let Value::Object(range) = range {
            range.insert("to".into(), json!(to));
        }
    }
    if order == Order::AsWritten {
        return;
    }
    ranges.sort_by_key(|r| {
        let field = |k: &str| r.get(k).and_then(Value::as_u64).unwrap_or(0);
        (field("from"), field("to"))
    });
}

pub(super) fn check(_fabric: &Fabric<'_>, i: usize, spec: &Spec, sink: &mut Sink<'_>) {
    for (j, range) in spec.ranges.iter().enumerate() {
        let path = format!("spec.ranges[{j}]");
        let to = if range.to == 0 { range.from } else { range.to };
        if !(1..=4094).contains(&range.from) {
            sink.error(
                i,
                format!("{path}.from"),
                format!("VLAN {} is outside 1-4094", range.from),
            );
        }
        if !(1..=4094).contains(&to) {
            sink.error(
                i,
                format!("{path}.to"),
                format!("VLAN {to} is outside 1-4094"),
            );
        }
        if range.from > to {
            sink.error(
                i,
                &path,
                format!("from {} is greater than to {to}", range.from),
            );
        }
    }
}
