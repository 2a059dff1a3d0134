//! A service's own fields in the capability inspector: its SLO target and
//! window, and its peak traffic. Each is typed text until [`super::forms`]
//! reads it, so an odd number is an inline message next to the fields,
//! never an edit and never a panic.

use super::forms::number;
use super::team_inspector::value;
use crate::engine::assumptions;
use crate::model::catalog::DEFAULT_SLO;
use crate::model::validate::MAX_TRAFFIC_RPS;
use crate::model::{Capability, ScenarioFile, Slo};
use crate::ui::edit::{pct, Edit};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ServiceFieldsProps {
    pub scenario: Rc<ScenarioFile>,
    pub cap: Capability,
    pub on_edit: Callback<Edit>,
}

/// Which field a typed value is for.
#[derive(Clone, Copy)]
enum Field {
    Target,
    Window,
    Traffic,
}

/// The edit a field's text asks for, or what is wrong with it in words.
fn parse(field: Field, cap: &Capability, text: &str) -> Result<Edit, String> {
    let slo = cap.slo.unwrap_or(DEFAULT_SLO);
    let id = cap.id.clone();
    match field {
        Field::Target => {
            let v = number(text, 0.001, 99.999, false).map_err(|e| format!("SLO target: {e}"))?;
            Ok(Edit::SetSlo { cap: id, slo: Some(Slo { target: v / 100.0, ..slo }) })
        }
        Field::Window => {
            let v = number(text, 1.0, 365.0, false).map_err(|e| format!("SLO window: {e}"))?;
            Ok(Edit::SetSlo { cap: id, slo: Some(Slo { window_days: v, ..slo }) })
        }
        // An empty field is the reference traffic.
        Field::Traffic if text.trim().is_empty() => Ok(Edit::SetTraffic { cap: id, traffic_rps: None }),
        Field::Traffic => {
            let v = number(text, 0.0, MAX_TRAFFIC_RPS, false).map_err(|e| format!("Traffic: {e}"))?;
            if v <= 0.0 {
                return Err("Traffic: enter a number more than 0, or leave it empty for the reference".into());
            }
            Ok(Edit::SetTraffic { cap: id, traffic_rps: Some(v) })
        }
    }
}

/// The reference traffic the design runs with: its override, else the table's.
fn reference_traffic(sc: &ScenarioFile) -> f64 {
    let key = "reference_traffic_rps";
    sc.settings
        .assumptions
        .get(key)
        .copied()
        .or_else(|| assumptions::find(key).map(|a| a.default))
        .unwrap_or(0.0)
}

#[component]
pub fn ServiceFields(props: &ServiceFieldsProps) -> Html {
    let c = &props.cap;
    let error = use_state(|| None::<String>);
    let field = |which: Field| {
        let (cb, cap, error) = (props.on_edit.clone(), c.clone(), error.clone());
        Callback::from(move |e: Event| match parse(which, &cap, &value(&e)) {
            Ok(edit) => {
                error.set(None);
                cb.emit(edit);
            }
            Err(why) => error.set(Some(why)),
        })
    };
    let s = c.slo.unwrap_or(DEFAULT_SLO);
    let reference = reference_traffic(&props.scenario);
    html! {
        <>
            <div class="fields">
                <label for="cap-slo-target">{ "SLO target (%)" }</label>
                <input id="cap-slo-target" type="number" step="any" min="0.001" max="99.999" value={pct(s.target)}
                    onchange={field(Field::Target)} />
                <label for="cap-slo-window">{ "SLO window (days)" }</label>
                <input id="cap-slo-window" type="number" step="1" min="1" max="365" value={format!("{}", s.window_days)}
                    onchange={field(Field::Window)} />
                <label for="cap-traffic">{ "Traffic (requests/s at peak)" }</label>
                <input id="cap-traffic" type="number" step="any" min="0" max={format!("{MAX_TRAFFIC_RPS}")}
                    placeholder={format!("{reference} (the reference)")} aria-describedby="cap-traffic-hint"
                    value={c.traffic_rps.map(|t| format!("{t}")).unwrap_or_default()} onchange={field(Field::Traffic)} />
            </div>
            <p class="hint" id="cap-traffic-hint">{ format!("Users complain about the busiest service a failure reaches, the sooner the busier it is; empty is the reference traffic, {reference} requests/s.") }</p>
            if let Some(why) = (*error).clone() {
                <p class="field-error" role="alert">{ why }</p>
            }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::catalog_capability;

    #[test]
    fn typed_text_becomes_an_edit_or_a_message() {
        let checkout = catalog_capability("checkout").expect("in the catalog");
        let check = |field: Field, text: &str, expected: Result<Edit, &str>| {
            assert_eq!(parse(field, &checkout, text), expected.map_err(str::to_owned), "{text:?}");
        };
        let slo = |target: f64, window_days: f64| Edit::SetSlo {
            cap: "checkout".into(),
            slo: Some(Slo { target, window_days }),
        };
        let traffic = |t: Option<f64>| Edit::SetTraffic { cap: "checkout".into(), traffic_rps: t };
        check(Field::Target, "99.5", Ok(slo(0.995, 30.0)));
        check(Field::Target, "100", Err("SLO target: enter a number from 0.001 to 99.999"));
        check(Field::Window, "28", Ok(slo(0.999, 28.0)));
        check(Field::Window, "abc", Err("SLO window: \"abc\" is not a number"));
        check(Field::Traffic, "2500", Ok(traffic(Some(2_500.0))));
        check(Field::Traffic, " ", Ok(traffic(None)));
        check(
            Field::Traffic,
            "0",
            Err("Traffic: enter a number more than 0, or leave it empty for the reference"),
        );
        check(Field::Traffic, "-5", Err("Traffic: enter a number from 0 to 10000000"));
        check(Field::Traffic, "1e309", Err("Traffic: 1e309 is too large"));
        check(Field::Traffic, "NaN", Err("Traffic: \"NaN\" is not a number"));
    }
}
