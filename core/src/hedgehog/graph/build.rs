//! Building the graph from objects: nodes from Switch, Server, Gateway and External objects
//! and from the devices links name, links from Connections ([`super::links`]), the logical
//! layer (VPCs, attachments, peerings) and the lookups by name.

use std::collections::HashMap;

use serde_json::Value;

use super::{
    Attachment, AttachmentKind, Graph, Link, Node, NodeKind, Peering, PeeringKind, Redundancy,
    ResourceRef, Vpc, links,
};
use crate::hedgehog::admission::Object;

fn str_at<'v>(value: &'v Value, field: &str) -> Option<&'v str> {
    value
        .get(field)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names.dedup();
    names
}

/// The graph of `objects`. Kinds it does not know are ignored.
pub fn build(objects: &[Object]) -> Graph {
    let mut graph = Graph::default();
    let mut nodes: HashMap<String, Node> = HashMap::new();
    let mut connections: Vec<&Object> = Vec::new();
    for object in objects {
        let fresh = graph
            .index
            .objects
            .insert((object.kind.clone(), object.name.clone()));
        if !fresh {
            continue; // a duplicate: the first definition counts
        }
        let spec = &object.spec;
        match object.kind.as_str() {
            "Switch" | "Server" | "Gateway" | "External" => {
                let kind = match object.kind.as_str() {
                    "Switch" => NodeKind::Switch,
                    "Server" => NodeKind::Server,
                    "Gateway" => NodeKind::Gateway,
                    _ => NodeKind::External,
                };
                let switch = kind == NodeKind::Switch;
                let redundancy = spec.get("redundancy").unwrap_or(&Value::Null);
                let redundancy_group = (switch
                    && (str_at(redundancy, "group").is_some()
                        || str_at(redundancy, "type").is_some()))
                .then(|| Redundancy {
                    kind: str_at(redundancy, "type").unwrap_or_default().to_owned(),
                    group: str_at(redundancy, "group").unwrap_or_default().to_owned(),
                });
                let groups = if switch {
                    strings(spec.get("groups"))
                } else {
                    Vec::new()
                };
                for group in &groups {
                    graph
                        .index
                        .switches_by_group
                        .entry(group.clone())
                        .or_default()
                        .push(object.name.clone());
                }
                if kind == NodeKind::External {
                    let namespace = str_at(spec, "ipv4Namespace").unwrap_or("default");
                    graph
                        .index
                        .externals_by_ipv4_namespace
                        .entry(namespace.to_owned())
                        .or_default()
                        .push(object.name.clone());
                }
                let id = kind.id(&object.name);
                nodes.insert(
                    id.clone(),
                    Node {
                        id,
                        kind,
                        name: object.name.clone(),
                        role: switch
                            .then(|| str_at(spec, "role").map(str::to_owned))
                            .flatten(),
                        groups,
                        redundancy_group,
                        resource: Some(ResourceRef::of(object)),
                    },
                );
            }
            "Connection" => connections.push(object),
            "VPC" => graph.add_vpc(object),
            "VPCAttachment" => {
                let subnet = str_at(spec, "subnet").unwrap_or_default();
                let (vpc, subnet) = subnet.split_once('/').unwrap_or((subnet, "default"));
                graph.add_attachment(Attachment {
                    name: object.name.clone(),
                    kind: AttachmentKind::Vpc,
                    target: vpc.to_owned(),
                    subnet: Some(subnet.to_owned()),
                    connection: str_at(spec, "connection").unwrap_or_default().to_owned(),
                    native_vlan: spec.get("nativeVLAN").and_then(Value::as_bool) == Some(true),
                });
            }
            "ExternalAttachment" => graph.add_attachment(Attachment {
                name: object.name.clone(),
                kind: AttachmentKind::External,
                target: str_at(spec, "external").unwrap_or_default().to_owned(),
                subnet: None,
                connection: str_at(spec, "connection").unwrap_or_default().to_owned(),
                native_vlan: false,
            }),
            "VPCPeering" => {
                let vpcs = spec
                    .get("permit")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_object)
                    .flat_map(|entry| entry.keys().cloned())
                    .collect();
                graph.add_peering(Peering {
                    name: object.name.clone(),
                    kind: PeeringKind::Vpc,
                    vpcs: sorted(vpcs),
                    externals: Vec::new(),
                    remote: str_at(spec, "remote").map(str::to_owned),
                });
            }
            "ExternalPeering" => {
                let permit = spec.get("permit").unwrap_or(&Value::Null);
                let name = |side: &str| {
                    permit
                        .get(side)
                        .and_then(|v| str_at(v, "name"))
                        .map(str::to_owned)
                };
                graph.add_peering(Peering {
                    name: object.name.clone(),
                    kind: PeeringKind::External,
                    vpcs: name("vpc").into_iter().collect(),
                    externals: name("external").into_iter().collect(),
                    remote: None,
                });
            }
            "GatewayPeering" => {
                let (mut vpcs, mut externals) = (Vec::new(), Vec::new());
                for key in spec
                    .get("peering")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|m| m.keys())
                {
                    match key.strip_prefix("ext.") {
                        Some(external) => externals.push(external.to_owned()),
                        None => vpcs.push(key.clone()),
                    }
                }
                graph.add_peering(Peering {
                    name: object.name.clone(),
                    kind: PeeringKind::Gateway,
                    vpcs: sorted(vpcs),
                    externals: sorted(externals),
                    remote: None,
                });
            }
            _ => {}
        }
    }
    for object in connections {
        graph.add_connection(object, &mut nodes);
    }
    let mut nodes: Vec<Node> = nodes.into_values().collect();
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
    graph.index.nodes = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.clone(), i))
        .collect();
    graph.nodes = nodes;
    graph
}

impl Graph {
    fn add_vpc(&mut self, object: &Object) {
        let spec = &object.spec;
        let ipv4 = str_at(spec, "ipv4Namespace")
            .unwrap_or("default")
            .to_owned();
        let vlan = str_at(spec, "vlanNamespace")
            .unwrap_or("default")
            .to_owned();
        let index = &mut self.index;
        index
            .vpcs_by_ipv4_namespace
            .entry(ipv4.clone())
            .or_default()
            .push(object.name.clone());
        index
            .vpcs_by_vlan_namespace
            .entry(vlan.clone())
            .or_default()
            .push(object.name.clone());
        index.vpcs.insert(object.name.clone(), self.vpcs.len());
        let subnets = spec
            .get("subnets")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        self.vpcs.push(Vpc {
            name: object.name.clone(),
            ipv4_namespace: ipv4,
            vlan_namespace: vlan,
            subnets: sorted(subnets),
            resource: ResourceRef::of(object),
        });
    }

    fn add_attachment(&mut self, attachment: Attachment) {
        let at = self.attachments.len();
        let index = &mut self.index;
        index
            .attachments
            .insert((attachment.kind, attachment.name.clone()), at);
        index
            .attachments_by_connection
            .entry(attachment.connection.clone())
            .or_default()
            .push(at);
        index
            .attachments_by_target
            .entry((attachment.kind, attachment.target.clone()))
            .or_default()
            .push(at);
        self.attachments.push(attachment);
    }

    fn add_peering(&mut self, peering: Peering) {
        let at = self.peerings.len();
        let index = &mut self.index;
        index
            .peerings
            .insert((peering.kind, peering.name.clone()), at);
        for vpc in &peering.vpcs {
            index
                .peerings_by_vpc
                .entry(vpc.clone())
                .or_default()
                .push(at);
        }
        for external in &peering.externals {
            index
                .peerings_by_external
                .entry(external.clone())
                .or_default()
                .push(at);
        }
        self.peerings.push(peering);
    }

    fn add_connection(&mut self, object: &Object, nodes: &mut HashMap<String, Node>) {
        if let Some(vpc) = links::within_vpc(&object.spec) {
            self.index
                .within_vpc
                .insert(object.name.clone(), vpc.to_owned());
            self.index
                .static_externals_by_vpc
                .entry(vpc.to_owned())
                .or_default()
                .push(object.name.clone());
        }
        let Some((kind, raw)) = links::connection_links(&object.name, &object.spec) else {
            return;
        };
        for link in raw {
            let mut ids = [String::new(), String::new()];
            for (slot, end) in ids.iter_mut().zip([&link.from, &link.to]) {
                let id = end.kind.id(&end.device);
                nodes.entry(id.clone()).or_insert_with(|| Node {
                    id: id.clone(),
                    kind: end.kind,
                    name: end.device.clone(),
                    role: None,
                    groups: Vec::new(),
                    redundancy_group: None,
                    resource: (end.kind == NodeKind::ExternalPeer).then(|| ResourceRef::of(object)),
                });
                *slot = id;
            }
            let [from, to] = ids;
            let at = self.links.len();
            self.index
                .links_by_connection
                .entry(object.name.clone())
                .or_default()
                .push(at);
            self.index
                .links_by_node
                .entry(from.clone())
                .or_default()
                .push(at);
            if to != from {
                self.index
                    .links_by_node
                    .entry(to.clone())
                    .or_default()
                    .push(at);
            }
            self.links.push(Link {
                id: format!("{}/{}", object.name, link.suffix),
                from,
                from_port: link.from.port.unwrap_or_default(),
                to,
                to_port: link.to.port,
                connection: object.name.clone(),
                kind: kind.to_owned(),
            });
        }
    }
}
