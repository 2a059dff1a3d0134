//! Charts drawn with plotters onto any backend: one function per chart, so
//! tests render them to SVG strings and the UI to the page.
