//! One chart on the page: the SVG drawn by [`crate::charts`] shown as an
//! image (a `data:` URI, so no script in it can run and nothing is fetched),
//! with its title and buttons to save it as SVG or as PNG.

use crate::charts::report::svg_data_uri;
use crate::ui::web;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChartFigureProps {
    /// Stable id: the figure's DOM id and the exported file's name.
    pub id: AttrValue,
    pub title: AttrValue,
    pub svg: Rc<String>,
    pub size: (u32, u32),
}

#[component]
pub fn ChartFigure(props: &ChartFigureProps) -> Html {
    let src = use_memo(props.svg.clone(), |svg| svg_data_uri(svg));
    let file = format!("faultline-{}", props.id);
    let save_svg = {
        let (svg, file) = (props.svg.clone(), file.clone());
        Callback::from(move |_: MouseEvent| {
            crate::ui::web::download(&format!("{file}.svg"), &svg, "image/svg+xml")
        })
    };
    let save_png = {
        let (svg, size) = (props.svg.clone(), props.size);
        Callback::from(move |_: MouseEvent| web::run::download_png(&format!("{file}.png"), &svg, size))
    };
    let (w, h) = props.size;
    html! {
        <figure class="chart" id={format!("chart-{}", props.id)} data-chart={props.id.clone()}>
            <img src={(*src).clone()} alt={props.title.clone()} width={w.to_string()} height={h.to_string()} />
            <figcaption>
                <span class="chart-title">{ props.title.clone() }</span>
                <span class="chart-export">
                    <button type="button" class="export-svg" onclick={save_svg}
                        aria-label={format!("Save “{}” as SVG", props.title)}>{ "SVG" }</button>
                    <button type="button" class="export-png" onclick={save_png}
                        aria-label={format!("Save “{}” as PNG", props.title)}>{ "PNG" }</button>
                </span>
            </figcaption>
        </figure>
    }
}
