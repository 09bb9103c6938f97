//! A [`Topology`] drawn as Graphviz DOT or a Mermaid flowchart: nodes labelled with their
//! names, switches grouped by role, links labelled with their ports, states as colours.
//!
//! Names come from Git and are hostile: node identifiers are generated (`n0`, `n1`, …), never
//! names, and every label is escaped for its language (DOT: a quoted string with `"` and `\`
//! escaped and control characters replaced; Mermaid: every character outside a small safe set
//! as an entity code `#NNN;`), so no name can end a label, a statement or the graph.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use super::{State, Topology, TopologyLink};
use crate::hedgehog::graph::NodeKind;

/// Fill colour of a state.
pub fn colour(state: State) -> &'static str {
    match state {
        State::AdmissionError => "#e5534b",
        State::Conflict => "#f0883e",
        State::Drift => "#d4a72c",
        State::Pending => "#4493f8",
        State::InSync => "#57ab5a",
        State::Unknown => "#909dab",
    }
}

const ALL_STATES: [State; 6] = [
    State::AdmissionError,
    State::Conflict,
    State::Drift,
    State::Pending,
    State::InSync,
    State::Unknown,
];

/// A DOT quoted string's content: `\` and `"` escaped, control characters as spaces.
fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Mermaid label text: letters, digits, space and `-_./:` as they are, every other
/// character as its entity code (`#34;`), so quotes, brackets, pipes, `%%`, `;` and newlines
/// cannot break out of the label.
fn mermaid_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | ':') {
            out.push(c);
        } else if c.is_control() {
            out.push(' ');
        } else {
            let _ = write!(out, "#{};", c as u32);
        }
    }
    out
}

/// The port label of a link (`E1/1 – E1/5`, or the switch port alone).
fn port_label(link: &TopologyLink) -> String {
    match &link.to_port {
        Some(to) => format!("{} – {to}", link.from_port),
        None => link.from_port.clone(),
    }
}

/// Groups of the nodes: switches by role (`switches: spine`), then one group per other kind.
fn groups(topology: &Topology) -> BTreeMap<(u8, String), Vec<usize>> {
    let mut groups: BTreeMap<(u8, String), Vec<usize>> = BTreeMap::new();
    for (i, node) in topology.nodes.iter().enumerate() {
        let key = match node.kind {
            NodeKind::Switch => (
                0,
                format!("switches: {}", node.role.as_deref().unwrap_or("no role")),
            ),
            NodeKind::Server => (1, "servers".to_owned()),
            NodeKind::Gateway => (2, "gateways".to_owned()),
            NodeKind::External | NodeKind::ExternalPeer => (3, "externals".to_owned()),
        };
        groups.entry(key).or_default().push(i);
    }
    groups
}

/// Links whose both ends are nodes of the topology, with their node indexes.
fn drawable(topology: &Topology) -> Vec<(usize, usize, &TopologyLink)> {
    let index: HashMap<&str, usize> = topology
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    topology
        .links
        .iter()
        .filter_map(|l| Some((*index.get(l.from.as_str())?, *index.get(l.to.as_str())?, l)))
        .collect()
}

/// Graphviz DOT (`dot -Tsvg`).
pub fn dot(topology: &Topology) -> String {
    let mut out = String::from(
        "graph fabric {\n  graph [rankdir=TB, fontname=\"Helvetica\"];\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=9];\n",
    );
    for (g, ((_, label), members)) in groups(topology).into_iter().enumerate() {
        let _ = writeln!(
            out,
            "  subgraph cluster_{g} {{\n    label=\"{}\";\n    style=dashed;",
            dot_escape(&label)
        );
        for i in members {
            let node = &topology.nodes[i];
            let _ = writeln!(
                out,
                "    n{i} [label=\"{}\", fillcolor=\"{}\", tooltip=\"{}: {}\"];",
                dot_escape(&node.name),
                colour(node.state),
                dot_escape(&node.id),
                node.state.as_str()
            );
        }
        out.push_str("  }\n");
    }
    for (from, to, link) in drawable(topology) {
        let _ = writeln!(
            out,
            "  n{from} -- n{to} [label=\"{}\", color=\"{}\", tooltip=\"{} ({}): {}\"];",
            dot_escape(&port_label(link)),
            colour(link.state),
            dot_escape(&link.connection),
            dot_escape(&link.kind),
            link.state.as_str()
        );
    }
    out.push_str("}\n");
    out
}

/// A Mermaid flowchart.
pub fn mermaid(topology: &Topology) -> String {
    let mut out = String::from("flowchart TB\n");
    for state in ALL_STATES {
        let _ = writeln!(
            out,
            "  classDef {} fill:{},stroke:#333,color:#000",
            state.as_str(),
            colour(state)
        );
    }
    for (g, ((_, label), members)) in groups(topology).into_iter().enumerate() {
        let _ = writeln!(out, "  subgraph g{g}[\"{}\"]", mermaid_escape(&label));
        for i in members {
            let node = &topology.nodes[i];
            let _ = writeln!(
                out,
                "    n{i}[\"{}\"]:::{}",
                mermaid_escape(&node.name),
                node.state.as_str()
            );
        }
        out.push_str("  end\n");
    }
    let links = drawable(topology);
    for (from, to, link) in &links {
        let _ = writeln!(
            out,
            "  n{from} ---|\"{}\"| n{to}",
            mermaid_escape(&port_label(link))
        );
    }
    for (i, (_, _, link)) in links.iter().enumerate() {
        let _ = writeln!(out, "  linkStyle {i} stroke:{}", colour(link.state));
    }
    out
}
