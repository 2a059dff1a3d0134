//! The inspector for a selected team: name, kind, colour, headcount, on-call,
//! the linked time-split sliders, its box's position and size, and delete.
//! Every field is a labelled form control, so everything the board does by
//! dragging can also be done from the keyboard.

use super::forms::number;
use super::split::SplitSliders;
use crate::model::validate::{MAX_COORD, MAX_HEADCOUNT};
use crate::model::{Rect, Team, TeamKind};
use crate::ui::board::layout::TeamBox;
use crate::ui::edit::Edit;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TeamInspectorProps {
    pub team: Team,
    /// Where the board draws it, for the position fields.
    pub drawn: Option<TeamBox>,
    pub on_edit: Callback<Edit>,
}

pub(crate) fn value(e: &Event) -> String {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|i| i.value())
        .or_else(|| e.target_dyn_into::<web_sys::HtmlSelectElement>().map(|s| s.value()))
        .unwrap_or_default()
}

#[component]
pub fn TeamInspector(props: &TeamInspectorProps) -> Html {
    let t = &props.team;
    let error = use_state(|| None::<String>);
    {
        let error = error.clone();
        use_effect_with(t.id.clone(), move |_| error.set(None));
    }
    let edit = |make: fn(&Team, String) -> Result<Edit, String>| {
        let (team, cb, error) = (t.clone(), props.on_edit.clone(), error.clone());
        Callback::from(move |e: Event| match make(&team, value(&e)) {
            Ok(edit) => {
                error.set(None);
                cb.emit(edit);
            }
            Err(why) => error.set(Some(why)),
        })
    };
    let on_call = {
        let (id, cb) = (t.id.clone(), props.on_edit.clone());
        Callback::from(move |e: Event| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                cb.emit(Edit::SetOnCall { team: id.clone(), on_call: i.checked() });
            }
        })
    };
    let delete = {
        let (id, cb) = (t.id.clone(), props.on_edit.clone());
        Callback::from(move |_: MouseEvent| cb.emit(Edit::DeleteTeam { team: id.clone() }))
    };
    let reset_colour = {
        let (id, cb) = (t.id.clone(), props.on_edit.clone());
        Callback::from(move |_: MouseEvent| cb.emit(Edit::RecolourTeam { team: id.clone(), color: None }))
    };
    let kinds = TeamKind::ALL.iter().map(|k| {
        html! { <option value={k.label()} selected={*k == t.kind}>{ k.label() }</option> }
    });
    let r = props.drawn.as_ref().map(|b| b.rect).unwrap_or(Rect { x: 0.0, y: 0.0, w: 0.0, h: 0.0 });
    let rect_field = |name: &'static str, label: &'static str, v: f64| {
        let (team, cb, error) = (t.id.clone(), props.on_edit.clone(), error.clone());
        let onchange = Callback::from(move |e: Event| match number(&value(&e), 0.0, MAX_COORD, false) {
            Ok(n) => {
                let mut rect = r;
                match name {
                    "x" => rect.x = n,
                    "y" => rect.y = n,
                    "w" => rect.w = n,
                    _ => rect.h = n,
                }
                error.set(None);
                cb.emit(Edit::SetTeamRect { team: team.clone(), rect });
            }
            Err(why) => error.set(Some(format!("{label}: {why}"))),
        });
        html! {
            <label class="rect-field">{ label }
                <input type="number" step="1" min="0" value={format!("{}", v.round())} {onchange} aria-label={format!("Box {label}")} />
            </label>
        }
    };
    let colour =
        t.color.clone().filter(|c| c.len() == 7).unwrap_or_else(|| default_colour(t.kind).to_owned());
    html! {
        <section class="panel inspector" aria-labelledby="inspector-title" data-inspecting={t.id.to_string()}>
            <h2 id="inspector-title">{ format!("Team: {}", t.name) }</h2>
            <div class="fields">
                <label for="team-name">{ "Name" }</label>
                <input id="team-name" type="text" maxlength="200" value={t.name.clone()}
                    onchange={edit(|t, v| Ok(Edit::RenameTeam { team: t.id.clone(), name: v }))} />
                <label for="team-kind">{ "Kind" }</label>
                <select id="team-kind" onchange={edit(|t, v| {
                    let kind = TeamKind::ALL.into_iter().find(|k| k.label() == v).ok_or("unknown kind")?;
                    Ok(Edit::SetTeamKind { team: t.id.clone(), kind })
                })}>{ for kinds }</select>
                <label for="team-colour">{ "Colour" }</label>
                <span class="pair">
                    <input id="team-colour" type="color" value={colour}
                        onchange={edit(|t, v| Ok(Edit::RecolourTeam { team: t.id.clone(), color: Some(v) }))} />
                    <button type="button" onclick={reset_colour} disabled={t.color.is_none()}>{ "Kind's colour" }</button>
                </span>
                <label for="team-headcount">{ "Headcount" }</label>
                <input id="team-headcount" type="number" min="0" max={MAX_HEADCOUNT.to_string()} step="1" value={format!("{}", t.headcount)}
                    onchange={edit(|t, v| Ok(Edit::SetHeadcount { team: t.id.clone(), headcount: number(&v, 0.0, MAX_HEADCOUNT, true).map_err(|e| format!("Headcount: {e}"))? }))} />
                <label for="team-oncall">{ "Runs an on-call rotation" }</label>
                <input id="team-oncall" type="checkbox" checked={t.on_call} onchange={on_call} />
            </div>
            if let Some(why) = (*error).clone() {
                <p class="field-error" role="alert">{ why }</p>
            }
            <SplitSliders team={t.id.clone()} split={t.time_split} on_edit={props.on_edit.clone()} />
            <fieldset class="rect">
                <legend>{ "Box (or drag it on the board; arrow keys nudge a focused team)" }</legend>
                { rect_field("x", "x", r.x) }{ rect_field("y", "y", r.y) }
                { rect_field("w", "width", r.w) }{ rect_field("h", "height", r.h) }
            </fieldset>
            <button type="button" class="danger" onclick={delete}>{ format!("Delete team {}", t.name) }</button>
            <p class="hint">{ "Deleting moves what only this team owns to the unowned tray. Undo brings it back." }</p>
        </section>
    }
}

/// The kind's colour, for the colour picker's start value.
fn default_colour(kind: TeamKind) -> &'static str {
    crate::charts::style::kind_hex(kind).0
}
