//! The built-in capability catalog: the paved road, the reliability
//! practice and a few example product services, with realistic
//! dependencies. Presets and the board's "add capability" menu start here.

use super::file::{Capability, Layer, Role, Slo};
use super::ids::CapabilityId;

fn cap(
    id: &str,
    name: &str,
    layer: Layer,
    role: Option<Role>,
    deps: &[&str],
    slo: Option<Slo>,
) -> Capability {
    Capability {
        id: CapabilityId::new(id),
        name: name.to_owned(),
        layer,
        role,
        depends_on: deps.iter().map(|&d| CapabilityId::new(d)).collect(),
        slo,
        traffic_rps: None,
    }
}

/// A 99.9% SLO over 30 days, the catalog's default for product services.
pub const DEFAULT_SLO: Slo = Slo { target: 0.999, window_days: 30.0 };

/// Every capability in the catalog, in board order: delivery, reliability, services.
pub fn catalog() -> Vec<Capability> {
    use Layer::*;
    use Role::*;
    let slo = Some(DEFAULT_SLO);
    vec![
        cap("clusters", "Cluster provisioning", Delivery, Some(ClusterProvisioning), &[], None),
        cap("ci", "CI pipelines", Delivery, Some(CiPipelines), &[], None),
        cap("deploy", "Deploy and rollout system", Delivery, Some(DeployRollout), &["clusters", "ci"], None),
        cap("templates", "Service templates", Delivery, Some(ServiceTemplates), &["ci"], None),
        cap("identity", "Identity integration", Delivery, Some(IdentityIntegration), &[], None),
        cap("portal", "Developer portal", Delivery, Some(DeveloperPortal), &["templates", "identity"], None),
        cap("ux_measurement", "UX measurement (SLIs)", Reliability, Some(UxMeasurement), &[], None),
        cap(
            "slo_definitions",
            "SLO definitions",
            Reliability,
            Some(SloDefinitions),
            &["ux_measurement"],
            None,
        ),
        cap("incident_management", "Incident management", Reliability, Some(IncidentManagement), &[], None),
        cap(
            "error_budget_policy",
            "Error-budget policy",
            Reliability,
            Some(ErrorBudgetPolicy),
            &["slo_definitions"],
            None,
        ),
        cap("postmortems", "Postmortems", Reliability, Some(Postmortems), &["incident_management"], None),
        cap("checkout", "Checkout", Service, None, &["deploy", "clusters", "identity", "templates"], slo),
        cap("search", "Search", Service, None, &["deploy", "clusters", "templates"], slo),
        cap("accounts", "Accounts", Service, None, &["deploy", "clusters", "identity"], slo),
    ]
}

/// The catalog entry with this id, if any.
pub fn catalog_capability(id: &str) -> Option<Capability> {
    catalog().into_iter().find(|c| c.id.as_str() == id)
}
