//! ESLAG connections: their switches in one redundancy group.

use super::{Fabric, Sink, Typed};

/// All switches of an ESLAG connection in one redundancy group of type `eslag`.
pub(super) fn check_eslag(fabric: &Fabric<'_>, i: usize, switches: &[&str], sink: &mut Sink<'_>) {
    let mut group: Option<(&str, usize)> = None;
    let mut kind: Option<(&str, usize)> = None;
    let mut found = 0;
    for name in switches {
        let Some(sw) = fabric.find(i, "Switch", name) else {
            continue;
        };
        let Typed::Switch(spec) = &fabric.typed[sw] else {
            continue;
        };
        found += 1;
        let r = &spec.redundancy;
        if !r.group.is_empty() {
            match group {
                Some((g, other)) if g != r.group => sink.error_related(
                    i,
                    "spec.eslag",
                    format!(
                        "all switches of an ESLAG connection must be in one redundancy group: {name} is in {}, {} in {g}",
                        r.group, fabric.objects[other].name
                    ),
                    sw,
                ),
                Some(_) => {}
                None => group = Some((&r.group, sw)),
            }
        }
        if !r.kind.is_empty() {
            match kind {
                Some((k, other)) if k != r.kind => sink.error_related(
                    i,
                    "spec.eslag",
                    format!(
                        "all switches of an ESLAG connection must have one redundancy type: {name} has {}, {} has {k}",
                        r.kind, fabric.objects[other].name
                    ),
                    sw,
                ),
                Some(_) => {}
                None => kind = Some((&r.kind, sw)),
            }
        }
    }
    if found == 0 {
        return; // missing switches are reported on their own
    }
    if group.is_none() {
        sink.error(
            i,
            "spec.eslag",
            "the switches of an ESLAG connection must have a redundancy group",
        );
    }
    match kind {
        Some(("eslag", _)) => {}
        Some((other, sw)) => sink.error_related(
            i,
            "spec.eslag",
            format!(
                "the switches of an ESLAG connection must have redundancy type eslag, found {other}"
            ),
            sw,
        ),
        None => sink.error(
            i,
            "spec.eslag",
            "the switches of an ESLAG connection must have redundancy type eslag",
        ),
    }
}
