//! A story's paragraphs, with glossary terms. A term the story uses here for
//! the first time is a `<dfn>` with its definition right under the
//! paragraph; any other term is a button that shows or hides its definition
//! in the same place. Everything the story says is rendered as text.

use crate::story::glossary::lookup;
use crate::story::{segments, Segment};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProseProps {
    pub paragraphs: Rc<Vec<String>>,
    /// Glossary keys, lower case, to define inline here.
    pub introduce: Rc<BTreeSet<String>>,
    /// Prefix of element ids, unique on the page.
    pub id: AttrValue,
}

#[component]
pub fn Prose(props: &ProseProps) -> Html {
    // Definitions opened by the reader: (paragraph, key).
    let open = use_state(BTreeSet::<(usize, String)>::new);
    // A term introduced in an earlier paragraph of this prose is not introduced again.
    let mut introduced = BTreeSet::new();
    let paragraphs = props.paragraphs.iter().enumerate().map(|(i, p)| {
        let mut defined: Vec<(String, &'static str, &'static str)> = Vec::new();
        let parts = segments(p).into_iter().map(|seg| match seg {
            Segment::Text(t) => html! { { t.to_owned() } },
            Segment::Term { key, shown } => {
                let Some(term) = lookup(key) else { return html! { { shown.to_owned() } } };
                let k = term.key.to_lowercase();
                let def_id = format!("{}-{i}-{}", props.id, k.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
                if props.introduce.contains(&k) && introduced.insert(k.clone()) {
                    if !defined.iter().any(|d| d.0 == def_id) {
                        defined.push((def_id.clone(), term.key, term.definition));
                    }
                    return html! { <dfn class="term-first" aria-describedby={def_id}>{ shown.to_owned() }</dfn> };
                }
                let is_open = open.contains(&(i, k.clone()));
                if is_open && !defined.iter().any(|d| d.0 == def_id) {
                    defined.push((def_id.clone(), term.key, term.definition));
                }
                let toggle = {
                    let (open, k) = (open.clone(), k.clone());
                    Callback::from(move |_: MouseEvent| {
                        let mut next = (*open).clone();
                        if !next.remove(&(i, k.clone())) {
                            next.insert((i, k.clone()));
                        }
                        open.set(next);
                    })
                };
                html! {
                    <button type="button" class="term" aria-expanded={is_open.to_string()}
                        aria-controls={is_open.then_some(def_id)} onclick={toggle}>{ shown.to_owned() }</button>
                }
            }
        });
        let parts: Html = parts.collect();
        html! {
            <>
                <p>{ parts }</p>
                if !defined.is_empty() {
                    <dl class="definitions">
                        { for defined.into_iter().map(|(id, key, def)| html! {
                            <div class="definition" id={id}>
                                <dt>{ key }</dt>
                                <dd>{ def }</dd>
                            </div>
                        }) }
                    </dl>
                }
            </>
        }
    });
    html! { <div class="prose" data-prose={props.id.clone()}>{ for paragraphs }</div> }
}
