//! The edits that add, remove and reshape capabilities, behind
//! [`super::apply`]: what each changes besides the capability itself
//! (ownership, dependencies on it, failures injected on it, an SLO and
//! traffic that only a service carries) and the sentence that says so.
//! Pure functions with no Yew in them.

use super::support::{cap_mut, checked_name, fresh_cap_id, team_name};
use crate::model::catalog::DEFAULT_SLO;
use crate::model::{Capability, CapabilityId, Layer, Role, ScenarioFile, TeamId};

/// Adds a capability with a fresh id, to `owner` or to the unowned tray.
pub(super) fn add(
    f: &mut ScenarioFile,
    name: &str,
    layer: Layer,
    role: Option<Role>,
    owner: Option<&TeamId>,
) -> Result<String, String> {
    let name = checked_name(name)?;
    if let Some(r) = role.filter(|r| r.layer() != layer) {
        return Err(format!("the {} role belongs to the {} layer", r.label(), r.layer().label()));
    }
    let owner_name = owner.map(|t| team_name(f, t)).transpose()?;
    let id = fresh_cap_id(f, &name);
    f.capabilities.push(Capability {
        id: id.clone(),
        name: name.clone(),
        layer,
        role,
        depends_on: Vec::new(),
        slo: (layer == Layer::Service).then_some(DEFAULT_SLO),
        traffic_rps: None,
    });
    Ok(match (owner, owner_name) {
        (Some(t), Some(team)) => {
            f.ownership.insert(id, vec![t.clone()]);
            format!("Added {name} to {team}")
        }
        _ => format!("Added {name} to the unowned tray"),
    })
}

/// Removes a capability with its ownership, the dependencies on it and the
/// failures injected on it, naming what went.
pub(super) fn remove(f: &mut ScenarioFile, cap: &CapabilityId) -> Result<String, String> {
    let ix =
        f.capabilities.iter().position(|c| &c.id == cap).ok_or_else(|| format!("no capability {cap}"))?;
    let gone = f.capabilities.remove(ix);
    f.ownership.remove(cap);
    let mut dependents = 0;
    for c in &mut f.capabilities {
        let before = c.depends_on.len();
        c.depends_on.retain(|d| d != cap);
        dependents += usize::from(c.depends_on.len() < before);
    }
    let failures: Vec<String> = f
        .failures
        .iter()
        .filter(|x| &x.target == cap)
        .map(|x| format!("{} ({})", x.kind.label().to_lowercase(), x.id))
        .collect();
    f.failures.retain(|x| &x.target != cap);
    let mut said = format!("Removed {}", gone.name);
    match dependents {
        0 => {}
        1 => said.push_str("; 1 capability no longer depends on it"),
        n => said.push_str(&format!("; {n} capabilities no longer depend on it")),
    }
    match failures.len() {
        0 => {}
        1 => said.push_str(&format!("; the failure injected on it went too: {}", failures[0])),
        n => said.push_str(&format!("; the {n} failures injected on it went too: {}", failures.join(", "))),
    }
    Ok(said)
}

/// Gives a capability a role and the role's layer, or takes its role away.
pub(super) fn set_role(
    f: &mut ScenarioFile,
    cap: &CapabilityId,
    role: Option<Role>,
) -> Result<String, String> {
    let c = cap_mut(f, cap)?;
    c.role = role;
    let Some(r) = role else {
        return Ok(format!("{} plays no role", c.name));
    };
    let layer = r.layer();
    let mut said = format!("{} plays {}", c.name, r.label());
    if c.layer != layer {
        said.push_str(&format!(", in the {} layer", layer.label()));
        if c.slo.is_some() || c.traffic_rps.is_some() {
            said.push_str(": a service no more, it has no SLO or traffic");
        }
    }
    c.layer = layer;
    if layer != Layer::Service {
        c.slo = None;
        c.traffic_rps = None;
    }
    Ok(said)
}

/// Sets a service's peak traffic, or clears it for the reference traffic.
pub(super) fn set_traffic(
    f: &mut ScenarioFile,
    cap: &CapabilityId,
    traffic_rps: Option<f64>,
) -> Result<String, String> {
    let c = cap_mut(f, cap)?;
    if traffic_rps.is_some() && c.layer != Layer::Service {
        return Err("only service capabilities carry traffic".into());
    }
    c.traffic_rps = traffic_rps;
    Ok(match traffic_rps {
        Some(t) => format!("{}: {t} requests per second at peak", c.name),
        None => format!("{} has the reference traffic", c.name),
    })
}
