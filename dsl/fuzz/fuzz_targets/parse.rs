//! Lexes and parses arbitrary input: must never panic, hang or blow the stack.
#![no_main]

use aurora_dsl::{lexer, parse, FileId};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lexed = lexer::lex(text, FileId(0));
    assert!(matches!(
        lexed.tokens.last(),
        Some((_, aurora_dsl::token::Tok::EndOfFile, _))
    ));
    let parsed = parse(text, FileId(0));
    // Every span a diagnostic points at lies inside the text.
    for diagnostic in &parsed.diagnostics {
        for label in &diagnostic.labels {
            assert!(label.span.start <= label.span.end);
            assert!(label.span.end as usize <= text.len());
        }
    }
});
