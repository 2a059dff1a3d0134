use super::*;

#[test]
fn plays_read_and_write_the_mapping_file_words() {
    for p in CapPlay::all() {
        assert_eq!(CapPlay::from_key(p.key()), Some(p), "{p:?}");
    }
    for p in TeamPlay::ALL {
        assert_eq!(TeamPlay::from_key(p.key()), Some(p), "{p:?}");
    }
    assert_eq!(CapPlay::from_key("Deploy-Rollout"), Some(CapPlay::Role(Role::DeployRollout)));
    let m =
        Mapping::from_json(r#"{"teams": {"sre": "sre"}, "capabilities": {"db": "omit", "api": "service"}}"#)
            .expect("a valid mapping");
    assert_eq!(m.teams[&TeamId::new("sre")], TeamPlay::Kind(TeamKind::Sre));
    assert_eq!(m.capabilities[&CapabilityId::new("api")], CapPlay::Layer(Layer::Service));
    let bad = Mapping::from_json(r#"{"capabilities": {"db": "database"}}"#).unwrap_err();
    assert!(bad.contains("capabilities.db") && bad.contains("unknown capability role"), "{bad}");
}

#[test]
fn ids_are_unique_and_readable() {
    let mut taken = std::collections::BTreeSet::new();
    assert_eq!(unique_id("Payments API", &mut taken), "payments-api");
    assert_eq!(unique_id("payments/api", &mut taken), "payments-api-2");
    assert_eq!(unique_id("!!!", &mut taken), "item");
}

#[test]
fn summaries_count_what_was_read() {
    let mut d = Draft::default();
    for k in ["documents", "documents", "Group", "Group", "Component", "capability"] {
        d.count(k);
    }
    assert_eq!(d.summary(), "2 documents: 1 Component, 2 Groups, 1 capability");
}

#[test]
fn formats_are_told_apart_by_name_then_content() {
    assert_eq!(Format::of("org.csv", ""), Format::Csv);
    assert_eq!(Format::of("catalog-info.yaml", "type,name"), Format::Catalog);
    assert_eq!(Format::of("export", "type,name,role\nteam,SRE,sre"), Format::Csv);
    assert_eq!(Format::of("export", "kind: Group\nmetadata:\n  name: sre"), Format::Catalog);
}

#[test]
fn scenarios_are_told_from_catalogs_by_name_then_content() {
    assert!(is_scenario("mine.JSON", b"kind: Group"));
    assert!(is_scenario("3f2a9c", b"\xef\xbb\xbf  {\"version\": 2}"));
    assert!(!is_scenario("3f2a9c", b"kind: Group"));
    assert!(!is_scenario("catalog.yaml", b"{kind: Group}"), "flow-style YAML named as YAML is YAML");
    assert!(!is_scenario("org.csv", b"type,name"));
}
