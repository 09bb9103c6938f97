//! Switch convergence from Hedgehog's Agents: each switch has an `Agent`
//! (`agent.githedgehog.com/v1beta1`, named after the switch) whose `metadata.generation` moves
//! when the switch's configuration changes and whose `status.lastAppliedGen` says which
//! generation the switch applied; `status.lastHeartbeat` says it is alive. A cluster read stores
//! what each Switch's Agent reported on the Switch resource (`agent_status`); the state is
//! computed when asked, against the time of asking:
//! `APPLIED` (applied the current generation, heartbeat fresh), `PENDING` (not yet),
//! `STALE` (no heartbeat within [`STALE_AFTER_SECS`]), `UNKNOWN` (no Agent seen).
//! `status.lastAppliedTime` is kept too: it tells a write-back's convergence when a switch
//! applied (see [`super::convergence`]).

use chrono::{DateTime, Utc};
use hnp_entity::resource;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::Result;
use crate::hedgehog::kinds::KindInfo;

use super::list::Listed;

/// The Agent kind (not a managed kind: read for convergence only).
pub static AGENT: KindInfo = KindInfo {
    kind: "Agent",
    group: "agent.githedgehog.com",
    version: "v1beta1",
    plural: "agents",
};

/// A heartbeat older than this makes an Agent `STALE`.
pub const STALE_AFTER_SECS: i64 = 300;

/// Convergence of one switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AgentState {
    Applied,
    Pending,
    Stale,
    Unknown,
}

/// What a switch's Agent reported, with its state.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AgentView {
    pub state: AgentState,
    pub generation: Option<i64>,
    pub applied_generation: Option<i64>,
    pub last_heartbeat: Option<DateTime<Utc>>,
}

/// The stored report of an Agent (`agent_status`), as read.
pub(super) fn status_of(agent: &Listed) -> Value {
    let status = agent.status.as_ref();
    json!({
        "generation": agent.generation,
        "applied_generation": status.and_then(|s| s.get("lastAppliedGen")).and_then(Value::as_i64),
        "last_heartbeat": status.and_then(|s| s.get("lastHeartbeat")).and_then(Value::as_str),
        "last_applied_time": status.and_then(|s| s.get("lastAppliedTime")).and_then(Value::as_str),
    })
}

/// A stored `agent_status` as a JSON object (SQLite hands JSON back as text in tuple selects);
/// `None` when there is none.
pub fn stored(value: Value) -> Option<Value> {
    crate::db::json_column(Some(value)).filter(Value::is_object)
}

/// The state of a stored `agent_status` at `now`.
pub fn view(stored: Option<&Value>, now: DateTime<Utc>) -> AgentView {
    let Some(stored) = stored.filter(|s| s.is_object()) else {
        return AgentView {
            state: AgentState::Unknown,
            generation: None,
            applied_generation: None,
            last_heartbeat: None,
        };
    };
    let generation = stored.get("generation").and_then(Value::as_i64);
    let applied_generation = stored.get("applied_generation").and_then(Value::as_i64);
    let last_heartbeat = stored
        .get("last_heartbeat")
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc));
    let fresh = last_heartbeat.is_some_and(|t| (now - t).num_seconds() <= STALE_AFTER_SECS);
    let state = if !fresh {
        AgentState::Stale
    } else if generation.is_some() && applied_generation == generation {
        AgentState::Applied
    } else {
        AgentState::Pending
    };
    AgentView {
        state,
        generation,
        applied_generation,
        last_heartbeat,
    }
}

/// One switch of a fabric with its Agent's view.
#[derive(Debug, Clone, Serialize)]
pub struct SwitchConvergence {
    pub name: String,
    #[serde(flatten)]
    pub agent: AgentView,
}

/// Every Switch of a fabric (by name) with its Agent's state now.
pub async fn switches(db: &impl ConnectionTrait, fabric_id: i32) -> Result<Vec<SwitchConvergence>> {
    let now = Utc::now();
    Ok(resource::Entity::find()
        .filter(resource::Column::FabricId.eq(fabric_id))
        .filter(resource::Column::Kind.eq("Switch"))
        .order_by_asc(resource::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|r| SwitchConvergence {
            agent: view(r.agent_status.as_ref(), now),
            name: r.name,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn states_from_generations_and_heartbeat() {
        let now = at("2026-12-07T10:00:00Z");
        let stored = |applied: i64, beat: &str| json!({"generation": 3, "applied_generation": applied, "last_heartbeat": beat});
        assert_eq!(
            view(Some(&stored(3, "2026-12-07T09:59:30Z")), now).state,
            AgentState::Applied
        );
        assert_eq!(
            view(Some(&stored(2, "2026-12-07T09:59:30Z")), now).state,
            AgentState::Pending
        );
        assert_eq!(
            view(Some(&stored(3, "2026-12-07T09:50:00Z")), now).state,
            AgentState::Stale
        );
        assert_eq!(
            view(
                Some(&json!({"generation": 3, "applied_generation": 3})),
                now
            )
            .state,
            AgentState::Stale,
            "no heartbeat is not fresh"
        );
        assert_eq!(view(None, now).state, AgentState::Unknown);
        assert_eq!(view(Some(&Value::Null), now).state, AgentState::Unknown);
        let v = view(Some(&stored(2, "2026-12-07T09:59:30Z")), now);
        assert_eq!((v.generation, v.applied_generation), (Some(3), Some(2)));
        assert_eq!(v.last_heartbeat, Some(at("2026-12-07T09:59:30Z")));
    }
}
