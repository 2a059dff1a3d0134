//! Rendering the report's blocks: Markdown with every user string through
//! `md_escape`, and a self-contained HTML page with every user string
//! through [`html_escape`], print styles, and a content security policy
//! that lets it load nothing but its own `data:` images.

use super::{blocks, Block, ReportInput};
use crate::analysis::report::md_escape;
use base64::Engine as _;
use std::fmt::Write;

/// An SVG document as a `data:` URI.
pub fn svg_data_uri(svg: &str) -> String {
    format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg))
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// The report as Markdown.
pub fn markdown(input: &ReportInput<'_>) -> String {
    let mut s = String::new();
    for b in blocks(input) {
        md_block(&b, &mut s);
    }
    s
}

fn md_block(b: &Block, s: &mut String) {
    match b {
        Block::Heading(level, text) => {
            let _ = writeln!(s, "{} {}\n", "#".repeat(usize::from(*level)), md_escape(text));
        }
        Block::Para(text) => {
            let _ = writeln!(s, "{}\n", md_escape(text));
        }
        Block::Strong(text) => {
            let _ = writeln!(s, "**{}**\n", md_escape(text));
        }
        Block::List(items) => {
            for i in items {
                let _ = writeln!(s, "- {}", md_escape(i));
            }
            s.push('\n');
        }
        Block::Table(head, rows) => {
            let row = |cells: &[String]| {
                format!("| {} |", cells.iter().map(|c| md_escape(c)).collect::<Vec<_>>().join(" | "))
            };
            let _ = writeln!(s, "{}", row(head));
            let _ = writeln!(s, "|{}", " --- |".repeat(head.len()));
            for r in rows {
                let _ = writeln!(s, "{}", row(r));
            }
            s.push('\n');
        }
        Block::Chart(alt, svg) => {
            let _ = writeln!(s, "![{}]({})\n", md_escape(alt), svg_data_uri(svg));
        }
        Block::Analysis(md, _) => {
            let _ = writeln!(s, "{}\n", md.trim_end());
        }
    }
}

/// The report as a self-contained, printable HTML page.
pub fn html_page(input: &ReportInput<'_>) -> String {
    let mut body = String::new();
    for b in blocks(input) {
        html_block(&b, &mut body);
    }
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>{PRINT_CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        html_escape(&format!("Faultline report: {}", input.scenario.title()))
    )
}

fn html_block(b: &Block, s: &mut String) {
    match b {
        Block::Heading(level, text) => {
            let _ = writeln!(s, "<h{level}>{}</h{level}>", html_escape(text));
        }
        Block::Para(text) => {
            let _ = writeln!(s, "<p>{}</p>", html_escape(text));
        }
        Block::Strong(text) => {
            let _ = writeln!(s, "<p class=\"strong\"><strong>{}</strong></p>", html_escape(text));
        }
        Block::List(items) => {
            s.push_str("<ul>\n");
            for i in items {
                let _ = writeln!(s, "<li>{}</li>", html_escape(i));
            }
            s.push_str("</ul>\n");
        }
        Block::Table(head, rows) => {
            s.push_str("<table>\n<thead><tr>");
            for h in head {
                let _ = write!(s, "<th>{}</th>", html_escape(h));
            }
            s.push_str("</tr></thead>\n<tbody>\n");
            for r in rows {
                s.push_str("<tr>");
                for c in r {
                    let _ = write!(s, "<td>{}</td>", html_escape(c));
                }
                s.push_str("</tr>\n");
            }
            s.push_str("</tbody>\n</table>\n");
        }
        Block::Chart(alt, svg) => {
            let _ = writeln!(
                s,
                "<figure><img src=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>",
                svg_data_uri(svg),
                html_escape(alt),
                html_escape(alt)
            );
        }
        Block::Analysis(_, blocks) => {
            for b in blocks {
                html_block(b, s);
            }
        }
    }
}

const PRINT_CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',sans-serif;\
color:#111827;margin:0;line-height:1.45}main{max-width:60rem;margin:0 auto;padding:1.5rem}\
h1{color:#1e3a8a;font-size:1.8rem}h2{border-bottom:2px solid #d1d5db;padding-bottom:.2rem;margin-top:2rem}\
table{border-collapse:collapse;margin:.6rem 0 1rem;width:100%}th,td{border:1px solid #d1d5db;padding:.3rem .5rem;\
text-align:left;vertical-align:top}th{background:#f3f4f6}p.strong{border-left:6px solid #b91c1c;padding-left:.6rem}\
figure{margin:1rem 0;break-inside:avoid}figure img{width:100%;height:auto;border:1px solid #e5e7eb}\
figcaption{color:#374151;font-size:.9rem}li{margin:.25rem 0}\
@media print{main{max-width:none;padding:0}h2{break-after:avoid}table,tr{break-inside:avoid}@page{margin:15mm}}";
