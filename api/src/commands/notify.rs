//! `hnp notify add|list|remove|test`: a fabric's notification targets.

use hnp_core::audit::Actor;
use hnp_core::context::Core;
use hnp_core::notify::{deliver, targets};
use hnp_core::repositories;
use hnp_entity::enums::{DeliveryStatus, NotificationKind};
use serde_json::json;

use crate::cli::{NotifyCommand, NotifyType};
use crate::output::{Reported, print_json, read_stdin_value};

/// The CLI acts as `cli:<os user>`.
fn actor() -> Actor {
    Actor::system(&hnp_core::operations::Requester::cli().name)
}

pub async fn run(core: Core, command: NotifyCommand) -> anyhow::Result<()> {
    match command {
        NotifyCommand::Add(args) => {
            let fabric = repositories::find_fabric(&core, &args.fabric).await?;
            let secret = if args.secret_stdin {
                Some(read_stdin_value("secret")?.into())
            } else {
                None
            };
            let kind = match args.kind {
                NotifyType::Webhook => NotificationKind::Webhook,
                NotifyType::Slack => NotificationKind::Slack,
            };
            let target = targets::add(
                &core,
                &fabric,
                targets::NewTarget {
                    kind,
                    url: args.url,
                    secret,
                    events: args.events,
                },
                &actor(),
            )
            .await?;
            eprintln!(
                "{}: notification target {} added ({} {})",
                fabric.name, target.id, target.kind, target.url
            );
            if args.json {
                print_json(&json!({ "target": target }));
            }
        }
        NotifyCommand::List(args) => {
            let fabric = repositories::find_fabric(&core, &args.fabric).await?;
            let list = targets::list(&core, &fabric).await?;
            if args.json {
                print_json(&json!({ "targets": list }));
            } else if list.is_empty() {
                println!("no notification targets in {}", fabric.name);
            } else {
                for t in &list {
                    let events = if t.events.is_empty() {
                        "all events".to_owned()
                    } else {
                        t.events.join(",")
                    };
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        t.id,
                        t.kind,
                        t.url,
                        events,
                        if t.has_secret { "signed" } else { "unsigned" }
                    );
                }
            }
        }
        NotifyCommand::Remove(args) => {
            let fabric = repositories::find_fabric(&core, &args.fabric).await?;
            targets::remove(&core, &fabric, args.id, &actor()).await?;
            eprintln!("{}: notification target {} removed", fabric.name, args.id);
            if args.json {
                print_json(&json!({ "removed": true }));
            }
        }
        NotifyCommand::Test(args) => {
            let fabric = repositories::find_fabric(&core, &args.fabric).await?;
            let delivery = deliver::test_target(&core, &fabric, args.id, &actor()).await?;
            let delivered = delivery.status == DeliveryStatus::Delivered;
            if args.json {
                print_json(&json!({ "delivery": delivery }));
            }
            if delivered {
                eprintln!(
                    "{}: test notification delivered to target {} (HTTP {})",
                    fabric.name,
                    args.id,
                    delivery.http_status.unwrap_or_default()
                );
            } else {
                return Err(Reported(format!(
                    "test notification to target {} failed: {}",
                    args.id,
                    delivery.error.as_deref().unwrap_or("unknown error")
                ))
                .into());
            }
        }
    }
    Ok(())
}
