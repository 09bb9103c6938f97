//! `hnp diagram` and `hnp bench graph`: the fabric topology from core, printed.

use hnp_core::context::Core;
use hnp_core::queries::topology::{self, render};
use hnp_core::repositories;
use serde_json::json;

use crate::cli::{BenchGraphArgs, DiagramArgs, DiagramFormat};
use crate::output::print_json;

pub async fn diagram(core: Core, args: DiagramArgs) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.fabric).await?;
    let drawn = topology::topology(&core.db, fabric.id, args.vpc.as_deref()).await?;
    match args.format {
        DiagramFormat::Dot => print!("{}", render::dot(&drawn)),
        DiagramFormat::Mermaid => print!("{}", render::mermaid(&drawn)),
        DiagramFormat::Json => print_json(&serde_json::to_value(&drawn)?),
    }
    Ok(())
}

pub async fn bench_graph(core: Core, args: BenchGraphArgs) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.fabric).await?;
    let t = topology::measure(&core.db, fabric.id, args.runs).await?;
    eprintln!(
        "{} resources, {} drafts: {} nodes, {} links; load {:.1} ms, topology {:.1} ms, graphs before+after {:.1} ms, impact {:.1} ms, pending changes {:.1} ms ({:.1} ms with admission problems); end to end topology {:.1} ms, pending changes {:.1} ms (best of {})",
        t.resources,
        t.drafts,
        t.nodes,
        t.links,
        t.load_ms,
        t.topology_ms,
        t.graphs_ms,
        t.impact_ms,
        t.pending_ms,
        t.pending_with_problems_ms,
        t.topology_total_ms,
        t.pending_total_ms,
        args.runs.max(1)
    );
    if args.json {
        print_json(&json!(t));
    }
    Ok(())
}
