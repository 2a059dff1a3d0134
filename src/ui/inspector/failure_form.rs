//! The form that injects a failure or changes one: kind, target, start in
//! days and hours, severity, shape and duration. Choosing a kind fills in
//! its defaults, so two clicks inject a sensible failure. Values are kept as
//! typed until "Inject" or "Save", and a bad number shows a message next to
//! its field instead of reaching the scenario.

use super::forms::number;
use crate::model::validate::{MAX_HORIZON_HOURS, MIN_FAILURE_HOURS};
use crate::model::{CapabilityId, Failure, FailureKind, ScenarioFile, Shape};
use crate::time::HOURS_PER_DAY;
use crate::ui::edit::{effective_shape, new_failure, pct, Edit};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FailureFormProps {
    pub scenario: Rc<ScenarioFile>,
    /// The failure being changed, or `None` to inject a new one.
    #[prop_or_default]
    pub editing: Option<Failure>,
    pub on_edit: Callback<Edit>,
    /// Leaves edit mode.
    #[prop_or_default]
    pub on_done: Callback<()>,
}

/// The form's fields as typed.
#[derive(Clone, PartialEq)]
struct Fields {
    kind: FailureKind,
    target: String,
    day: String,
    hour: String,
    severity_pct: String,
    shape: Shape,
    duration_h: String,
}

impl Fields {
    fn of(fl: &Failure) -> Self {
        let d = fl.kind.defaults();
        let start = fl.start_hours.max(0.0);
        Self {
            kind: fl.kind,
            target: fl.target.to_string(),
            day: format!("{}", (start / HOURS_PER_DAY).floor()),
            hour: format!("{}", (start % HOURS_PER_DAY * 100.0).round() / 100.0),
            severity_pct: pct(fl.severity.unwrap_or(d.severity)),
            shape: effective_shape(fl),
            duration_h: format!("{}", fl.duration_hours.unwrap_or(d.duration_hours)),
        }
    }

    /// The failure these fields describe, or the first field's complaint.
    fn failure(&self, id: &crate::model::FailureId, horizon_days: f64) -> Result<Failure, String> {
        let day =
            number(&self.day, 0.0, horizon_days.max(0.0), true).map_err(|e| format!("Start day: {e}"))?;
        let hour = number(&self.hour, 0.0, 23.99, false).map_err(|e| format!("Start hour: {e}"))?;
        let sev = number(&self.severity_pct, 0.001, 100.0, false).map_err(|e| format!("Severity: {e}"))?;
        let dur = number(&self.duration_h, MIN_FAILURE_HOURS, MAX_HORIZON_HOURS, false)
            .map_err(|e| format!("Duration: {e}"))?;
        Ok(Failure {
            id: id.clone(),
            kind: self.kind,
            target: CapabilityId::new(self.target.clone()),
            start_hours: crate::time::at(day, hour),
            severity: Some(sev / 100.0),
            shape: Some(self.shape),
            duration_hours: Some(dur),
        })
    }
}

fn input_value(e: &Event) -> String {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|i| i.value())
        .or_else(|| e.target_dyn_into::<web_sys::HtmlSelectElement>().map(|s| s.value()))
        .unwrap_or_default()
}

#[component]
pub fn FailureForm(props: &FailureFormProps) -> Html {
    let sc = &props.scenario;
    let initial = {
        let first = sc.capabilities.first().map(|c| c.id.clone()).unwrap_or_default();
        props.editing.clone().unwrap_or_else(|| new_failure(FailureKind::RolloutOutage, first, HOURS_PER_DAY))
    };
    let fields = use_state(|| Fields::of(&initial));
    let error = use_state(|| None::<String>);
    {
        // Switching which failure is edited reloads the fields.
        let (fields, error) = (fields.clone(), error.clone());
        use_effect_with(props.editing.clone(), move |editing| {
            if let Some(fl) = editing {
                fields.set(Fields::of(fl));
                error.set(None);
            }
        });
    }
    let set = |f: fn(&mut Fields, String)| {
        let fields = fields.clone();
        Callback::from(move |e: Event| {
            let mut next = (*fields).clone();
            f(&mut next, input_value(&e));
            fields.set(next);
        })
    };
    let on_kind = {
        let fields = fields.clone();
        Callback::from(move |e: Event| {
            let Some(kind) = FailureKind::ALL.into_iter().find(|k| k.name() == input_value(&e)) else {
                return;
            };
            // A new kind brings its own defaults; start and target stay.
            let mut next = Fields::of(&new_failure(kind, CapabilityId::new(fields.target.clone()), 0.0));
            next.day = fields.day.clone();
            next.hour = fields.hour.clone();
            fields.set(next);
        })
    };
    let editing_id = props.editing.as_ref().map(|f| f.id.clone());
    let onsubmit = {
        let (fields, error, cb, done) =
            (fields.clone(), error.clone(), props.on_edit.clone(), props.on_done.clone());
        let horizon = sc.settings.horizon_days;
        let editing_id = editing_id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let id = editing_id.clone().unwrap_or_else(|| crate::model::FailureId::new("new"));
            match fields.failure(&id, horizon) {
                Ok(failure) => {
                    error.set(None);
                    cb.emit(if editing_id.is_some() {
                        Edit::EditFailure { failure }
                    } else {
                        Edit::AddFailure { failure }
                    });
                    done.emit(());
                }
                Err(why) => error.set(Some(why)),
            }
        })
    };
    let kinds = FailureKind::ALL.iter().map(|k| {
        html! { <option value={k.name()} selected={*k == fields.kind}>{ k.label() }</option> }
    });
    let targets = sc.capabilities.iter().map(|c| {
        html! { <option value={c.id.to_string()} selected={c.id.as_str() == fields.target}>{ c.name.clone() }</option> }
    });
    let shapes = Shape::ALL.iter().map(|s| {
        html! { <option value={s.label()} selected={*s == fields.shape}>{ s.label() }</option> }
    });
    let p = if editing_id.is_some() { "edit-failure" } else { "new-failure" };
    let id = |f: &str| format!("{p}-{f}");
    let cancel = editing_id.is_some().then(|| {
        let done = props.on_done.clone();
        html! { <button type="button" onclick={move |_| done.emit(())}>{ "Cancel" }</button> }
    });
    html! {
        <form class="failure-form" novalidate=true {onsubmit} aria-label={if editing_id.is_some() { "Change the failure" } else { "Inject a failure" }}>
            <label for={id("kind")}>{ "Kind" }</label>
            <select id={id("kind")} onchange={on_kind}>{ for kinds }</select>
            <label for={id("target")}>{ "Target" }</label>
            <select id={id("target")} onchange={set(|f, v| f.target = v)}>{ for targets }</select>
            <label for={id("day")}>{ "Starts on day" }</label>
            <span class="pair">
                <input id={id("day")} type="number" min="0" step="1" value={fields.day.clone()} onchange={set(|f, v| f.day = v)} />
                <label for={id("hour")}>{ "at hour" }</label>
                <input id={id("hour")} type="number" min="0" max="23.99" step="any" value={fields.hour.clone()} onchange={set(|f, v| f.hour = v)} />
            </span>
            <label for={id("severity")}>{ "Severity (% bad events)" }</label>
            <input id={id("severity")} type="number" min="0.001" max="100" step="any" value={fields.severity_pct.clone()} onchange={set(|f, v| f.severity_pct = v)} />
            <label for={id("shape")}>{ "Shape" }</label>
            <select id={id("shape")} onchange={set(|f, v| f.shape = Shape::ALL.into_iter().find(|s| s.label() == v).unwrap_or(f.shape))}>{ for shapes }</select>
            <label for={id("duration")}>{ "Lasts (hours) if nobody fixes it" }</label>
            <input id={id("duration")} type="number" min={MIN_FAILURE_HOURS.to_string()} max={MAX_HORIZON_HOURS.to_string()} step="any" value={fields.duration_h.clone()} onchange={set(|f, v| f.duration_h = v)} />
            if let Some(why) = (*error).clone() {
                <p class="field-error" role="alert">{ why }</p>
            }
            <div class="form-actions">
                <button type="submit" class="primary">{ if editing_id.is_some() { "Save changes" } else { "Inject failure" } }</button>
                { for cancel }
            </div>
        </form>
    }
}
