//! The engine behind [`check`](super::check): the per-object preparation, the typed specs of
//! the covered kinds, the fabric being checked and the problem sink.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{
    Object, Problem, Severity, connection, external, externalattachment, externalpeering, gateway,
    gatewaypeering, ipv4namespace, switch, switchprofile, vlannamespace, vpc, vpcattachment,
    vpcpeering,
};

/// What [`check`] derives from one object alone.
pub(super) struct Prepared {
    pub(super) managed: bool,
    /// Defaulted spec (`Null` for unmanaged kinds).
    pub(super) spec: Value,
    /// Schema and name problems.
    pub(super) schema: Vec<crate::error::Problem>,
    pub(super) parsed: Result<Typed, String>,
}

/// Drops `value` on a thread of its own: large trees of small allocations take a while to
/// free, and nobody needs to wait for that.
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// `f` over `items` on up to `available_parallelism` threads, results in order (sequential
/// below `min_parallel` items, where threads cost more than they save).
pub(crate) fn parallel_map<T: Sync, R: Send>(
    min_parallel: usize,
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(items.len().max(1));
    if threads <= 1 || items.len() < min_parallel {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let f = &f;
                scope.spawn(move || part.iter().map(f).collect::<Vec<R>>())
            })
            .collect();
        // Sized once: results can be large structs, and growing a vector of tens of thousands
        // of them by doubling copies them and touches fresh pages each time.
        let mut out = Vec::with_capacity(items.len());
        for handle in handles {
            out.extend(
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        out
    })
}

/// The typed spec of a covered kind (after defaulting), boxed: a fabric holds tens of
/// thousands of these, and the variants differ widely in size.
pub(super) enum Typed {
    None,
    Vpc(Box<vpc::Spec>),
    Ipv4Namespace(Box<ipv4namespace::Spec>),
    VlanNamespace(Box<vlannamespace::Spec>),
    VpcAttachment(Box<vpcattachment::Spec>),
    VpcPeering(Box<vpcpeering::Spec>),
    External(Box<external::Spec>),
    ExternalAttachment(Box<externalattachment::Spec>),
    ExternalPeering(Box<externalpeering::Spec>),
    Gateway(Box<gateway::Spec>),
    GatewayPeering(Box<gatewaypeering::Spec>),
    Switch(Box<switch::Spec>),
    Connection(Box<connection::Spec>),
    SwitchProfile(Box<switchprofile::Spec>),
}

pub(super) fn parse_typed(kind: &str, spec: &Value) -> Result<Typed, serde_json::Error> {
    fn read<T: serde::de::DeserializeOwned + Default>(
        spec: &Value,
    ) -> Result<T, serde_json::Error> {
        match without_nulls(spec) {
            Value::Null => Ok(T::default()),
            value => serde_json::from_value(value),
        }
    }
    Ok(match kind {
        "VPC" => Typed::Vpc(Box::new(read(spec)?)),
        "IPv4Namespace" => Typed::Ipv4Namespace(Box::new(read(spec)?)),
        "VLANNamespace" => Typed::VlanNamespace(Box::new(read(spec)?)),
        "VPCAttachment" => Typed::VpcAttachment(Box::new(read(spec)?)),
        "VPCPeering" => Typed::VpcPeering(Box::new(read(&vpcpeering::peers_as_objects(spec))?)),
        "External" => Typed::External(Box::new(read(spec)?)),
        "ExternalAttachment" => Typed::ExternalAttachment(Box::new(read(spec)?)),
        "ExternalPeering" => Typed::ExternalPeering(Box::new(read(spec)?)),
        "Gateway" => Typed::Gateway(Box::new(read(spec)?)),
        "GatewayPeering" => {
            Typed::GatewayPeering(Box::new(read(&gatewaypeering::peers_as_objects(spec))?))
        }
        "Switch" => Typed::Switch(Box::new(read(spec)?)),
        "Connection" => Typed::Connection(Box::new(read(spec)?)),
        "SwitchProfile" => Typed::SwitchProfile(Box::new(read(spec)?)),
        _ => Typed::None,
    })
}

/// A copy without `null` mapping values (the API server prunes them before admission).
pub(super) fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// The fabric being checked: objects, their defaulted specs and typed forms, and an index by
/// `(kind, namespace, name)`.
pub(super) struct Fabric<'a> {
    pub(super) objects: &'a [Object],
    pub(super) specs: Vec<Value>,
    pub(super) typed: Vec<Typed>,
    pub(super) index: HashMap<(&'a str, &'a str, &'a str), Vec<usize>>,
}

impl Fabric<'_> {
    /// The first object of `kind` named `name` in the namespace of object `from`.
    pub(super) fn find(&self, from: usize, kind: &str, name: &str) -> Option<usize> {
        let namespace = self.objects[from].namespace();
        self.index
            .get(&(kind, namespace, name))
            .and_then(|list| list.first().copied())
    }

    pub(super) fn vpc(&self, i: usize) -> Option<&vpc::Spec> {
        match &self.typed[i] {
            Typed::Vpc(spec) => Some(spec),
            _ => None,
        }
    }
}

/// Collects problems per object.
pub(super) struct Sink<'a> {
    pub(super) objects: &'a [Object],
    pub(super) out: Vec<Vec<Problem>>,
    /// Severity of references to objects missing from the set ([`Options::missing`]).
    pub(super) missing: Severity,
}

impl Sink<'_> {
    pub(super) fn push(
        &mut self,
        i: usize,
        severity: Severity,
        path: String,
        message: String,
        related: Option<usize>,
    ) {
        let object = &self.objects[i];
        let related = related.map(|r| (self.objects[r].kind.clone(), self.objects[r].name.clone()));
        self.out[i].push(Problem {
            severity,
            kind: object.kind.clone(),
            name: object.name.clone(),
            path,
            message,
            related,
        });
    }

    pub(super) fn error(&mut self, i: usize, path: impl Into<String>, message: impl Into<String>) {
        self.push(i, Severity::Error, path.into(), message.into(), None);
    }

    pub(super) fn error_related(
        &mut self,
        i: usize,
        path: impl Into<String>,
        message: impl Into<String>,
        related: usize,
    ) {
        self.push(
            i,
            Severity::Error,
            path.into(),
            message.into(),
            Some(related),
        );
    }

    /// A reference to an object that is not in the set at all.
    pub(super) fn missing(
        &mut self,
        i: usize,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.push(i, self.missing, path.into(), message.into(), None);
    }

    /// [`Sink::missing`] found through another object (the switch of a connection).
    pub(super) fn missing_related(
        &mut self,
        i: usize,
        path: impl Into<String>,
        message: impl Into<String>,
        related: usize,
    ) {
        self.push(i, self.missing, path.into(), message.into(), Some(related));
    }

    pub(super) fn warning(
        &mut self,
        i: usize,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.push(i, Severity::Warning, path.into(), message.into(), None);
    }
}
