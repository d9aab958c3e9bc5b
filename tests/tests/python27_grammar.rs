//! Python 2.7's grammar, differentially: every program of `tests/python27/grammar.jsonl`
//! (Python 2 forms, Python 3 forms, generated and mutated programs) is accepted by our
//! parser exactly when CPython 2.7.18's `compile()` accepts it, and a rejected one fails
//! on the same line with Python's exception and message. Small edits of the corpus files
//! (`corpus_edits.jsonl`, applied to the corpus at test time) are checked the same way.
//!
//! The answers were recorded by `tests/python27/generate.py` under Python 2.7; see its
//! header to regenerate them.

mod python27;

use python27::{first_error, read_jsonl, CompileVerdict, Mismatches};

// FIXME: every program should match. What is left: `u'\N{BULLET}'` (named escapes need
// Unicode 5.2's character names).
const GRAMMAR_FLOOR: usize = 2603;
const CORPUS_EDITS_FLOOR: usize = 1392;

#[test]
fn programs_compile_as_python27_compiles_them() {
    let mut mismatches = Mismatches::new("grammar.jsonl");
    let records = read_jsonl("grammar.jsonl");
    for record in &records {
        let source = record["source"]
            .as_str()
            .expect("every record has a source");
        let expected = CompileVerdict::recorded(record);
        let ours = first_error(source);
        mismatches.compare(source, &expected, &ours);
    }
    mismatches.finish(records.len(), GRAMMAR_FLOOR);
}

#[test]
fn corpus_edits_compile_as_python27_compiles_them() {
    let Some(corpus) = aurora_conformance::Corpus::locate() else {
        return;
    };
    let mut mismatches = Mismatches::new("corpus_edits.jsonl");
    let records = read_jsonl("corpus_edits.jsonl");
    for record in &records {
        let file = record["file"].as_str().expect("every edit names its file");
        let text = std::fs::read(corpus.root().join(file)).expect("the corpus has the file");
        let offset = record["offset"].as_u64().expect("offset") as usize;
        let remove = record["remove"].as_u64().expect("remove") as usize;
        let insert = record["insert"].as_str().expect("insert");
        let mut edited = text[..offset].to_vec();
        edited.extend_from_slice(insert.as_bytes());
        edited.extend_from_slice(&text[offset + remove..]);
        let Ok(source) = String::from_utf8(edited) else {
            // An edit that splits a UTF-8 sequence: not text our parser is given.
            continue;
        };
        let expected = CompileVerdict::recorded(record);
        let ours = first_error(&source);
        let label = format!("{file} @{offset} -{remove} +{insert:?}");
        mismatches.compare(&label, &expected, &ours);
    }
    mismatches.finish(records.len(), CORPUS_EDITS_FLOOR);
}
