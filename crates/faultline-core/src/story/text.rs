//! A story's prose: plain text with glossary terms marked `[[term]]` or
//! `[[term|the words shown]]`. Parsed here into segments the page renders
//! as text (never as markup) and the validator checks against the glossary.

/// A piece of a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    /// A glossary term: the key it is defined under, and the words shown.
    Term {
        key: &'a str,
        shown: &'a str,
    },
}

/// The paragraph's pieces in order. An unclosed `[[` is text.
pub fn segments(paragraph: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut rest = paragraph;
    while let Some(open) = rest.find("[[") {
        let Some(len) = rest[open + 2..].find("]]") else { break };
        if open > 0 {
            out.push(Segment::Text(&rest[..open]));
        }
        let inner = &rest[open + 2..open + 2 + len];
        let (key, shown) = inner.split_once('|').unwrap_or((inner, inner));
        out.push(Segment::Term { key: key.trim(), shown });
        rest = &rest[open + 2 + len + 2..];
    }
    if !rest.is_empty() {
        out.push(Segment::Text(rest));
    }
    out
}

/// For each chapter, the glossary keys (lower case) that appear in it for
/// the first time in the story: where the page defines them inline.
pub fn first_uses(story: &super::StoryFile) -> Vec<std::collections::BTreeSet<String>> {
    let mut seen = std::collections::BTreeSet::new();
    story
        .chapters
        .iter()
        .map(|c| {
            let paragraphs = c.text.iter().chain(&c.reveal).chain(c.task.iter().map(|t| &t.text));
            let mut here = std::collections::BTreeSet::new();
            for p in paragraphs {
                for seg in segments(p) {
                    if let Segment::Term { key, .. } = seg {
                        let key = key.to_lowercase();
                        if seen.insert(key.clone()) {
                            here.insert(key);
                        }
                    }
                }
            }
            here
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_found_and_the_rest_is_text() {
        use Segment::*;
        assert_eq!(
            segments("An [[SLO]] has an [[error budget|budget]]."),
            vec![
                Text("An "),
                Term { key: "SLO", shown: "SLO" },
                Text(" has an "),
                Term { key: "error budget", shown: "budget" },
                Text(".")
            ]
        );
        assert_eq!(segments("no terms"), vec![Text("no terms")]);
        assert_eq!(segments("[[open"), vec![Text("[[open")]);
        assert_eq!(
            segments("<b>[[toil]]</b>"),
            vec![Text("<b>"), Term { key: "toil", shown: "toil" }, Text("</b>")]
        );
        assert_eq!(segments(""), vec![]);
    }

    #[test]
    fn each_term_is_introduced_once_where_it_first_appears() {
        let firsts = first_uses(&crate::story::learn());
        assert!(firsts[0].contains("paved road"));
        assert!(firsts[1].contains("slo") && !firsts[1].contains("paved road"));
        let total: usize = firsts.iter().map(|s| s.len()).sum();
        let all: std::collections::BTreeSet<&String> = firsts.iter().flatten().collect();
        assert_eq!(all.len(), total);
    }
}
