//! The parser's small public surface: text in, tree and diagnostics out.
//!
//! The grammar is LALRPOP (`src/grammar.lalrpop`) over the tokens of `crate::lexer`. Only
//! [`parse`] and [`Parsed`] are public, so the parser can be replaced (by a hand-written
//! one, as ruff and starlark-rust did) without touching its users.

mod build;
mod errors;
mod python2;
mod python2_scopes;

lalrpop_util::lalrpop_mod!(
    #[allow(clippy::all, clippy::pedantic, unused_parens, unused_imports)]
    grammar,
    "/grammar.rs"
);

use std::convert::Infallible;

use crate::ast::Module;
use crate::diagnostic::{Diagnostic, PythonError};
use crate::lexer;
use crate::source_map::{FileId, Span};
use crate::token::{Comment, Tok};

/// At most this many diagnostics are reported per file; past that they are mostly noise.
const MAX_DIAGNOSTICS: usize = 50;

/// A parsed file: its tree (with error nodes where it could not be parsed), its comments
/// and every syntax diagnostic, in source order.
#[derive(Debug)]
pub struct Parsed {
    pub module: Module,
    pub comments: Vec<Comment>,
    pub diagnostics: Vec<Diagnostic>,
    /// The tree is the whole file: nothing failed to parse or lex. Python 2.7 may still
    /// reject it (Python 3 syntax, `return` outside a function): a formatter can work on
    /// such a tree, an evaluator must not.
    pub tree_complete: bool,
}

impl Parsed {
    /// Whether the file parsed without errors.
    pub fn is_ok(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses the text of one file.
/// The grammar run over `tokens`, with the state it built.
fn run_grammar<'src>(
    tokens: Vec<lexer::Spanned<'src>>,
    file: FileId,
) -> (
    Result<Module, lalrpop_util::ParseError<usize, Tok<'src>, Infallible>>,
    build::ParseState<'src>,
) {
    let mut state = build::ParseState::new(file);
    let result =
        grammar::ModuleParser::new().parse(&mut state, tokens.into_iter().map(Ok::<_, Infallible>));
    (result, state)
}

/// Marks each name that starts an argument or a parameter inside parentheses and is
/// followed by `=` (after `(` or `,`) as [`Tok::KwName`]: the grammar then takes it as a
/// keyword's name directly, where a plain name would first be reduced through every level
/// of the expression grammar (`f(a.b=1)` still parses as an expression before `=`, for its
/// error).
fn mark_keyword_names(tokens: &mut [lexer::Spanned<'_>]) {
    let mut brackets: Vec<bool> = Vec::new(); // true for `(`
    for i in 0..tokens.len() {
        match tokens[i].1 {
            Tok::LPar => brackets.push(true),
            Tok::LSqb | Tok::LBrace => brackets.push(false),
            Tok::RPar | Tok::RSqb | Tok::RBrace => {
                brackets.pop();
            }
            Tok::Name(name)
                if brackets.last() == Some(&true)
                    && i > 0
                    && matches!(tokens[i - 1].1, Tok::LPar | Tok::Comma)
                    && tokens.get(i + 1).is_some_and(|next| next.1 == Tok::Equal) =>
            {
                tokens[i].1 = Tok::KwName(name);
            }
            _ => {}
        }
    }
}

pub fn parse(text: &str, file: FileId) -> Parsed {
    let mut lexed = lexer::lex(text, file);
    let (python2_token_errors, token_spans) =
        python2::check_tokens(text, &lexed.tokens, lexed.print_function, file);
    // Parsed first with keyword names marked, which is faster and builds the same tree; a
    // file that does not parse that way is parsed again as written, so that its errors are
    // reported exactly as before.
    let mut tokens = std::mem::take(&mut lexed.tokens);
    mark_keyword_names(&mut tokens);
    let (mut result, mut state) = run_grammar(tokens, file);
    if result.is_err() || !state.recovered.is_empty() {
        (result, state) = run_grammar(lexer::lex(text, file).tokens, file);
    }
    let whole_file = Span::new(file, 0, text.len());

    let mut syntax_errors = Vec::new();
    let module = match result {
        Ok(module) => module,
        Err(error) => {
            syntax_errors.push(error);
            Module {
                body: Vec::new(),
                span: whole_file,
            }
        }
    };
    syntax_errors.extend(state.recovered.drain(..).map(|recovery| recovery.error));

    let mut diagnostics = lexed.diagnostics;
    if let Some(at) = text.find('\0') {
        // Python's compile() refuses such text before reading it.
        diagnostics.push(
            Diagnostic::error(
                crate::diagnostic::codes::INVALID_CHARACTER,
                "the file contains a NUL byte",
                Span::new(file, at, at + 1),
                "NUL byte",
            )
            .with_python(PythonError {
                exception: "TypeError".to_string(),
                message: "compile() expected string without null bytes".to_string(),
                stage: crate::diagnostic::PythonStage::Parse,
                offset: Some(0),
            }),
        );
    }
    let lexical_errors = diagnostics.len();
    diagnostics.append(&mut state.diagnostics);
    // Python 2.7's checks of the tree. Of a tree with syntax errors, only the parts that
    // are syntax errors in Python 2.7 too: the later stages need a whole tree.
    let tree_complete = syntax_errors.is_empty() && !diagnostics.iter().any(Diagnostic::is_error);
    let whole_tree = tree_complete;
    let tree_errors = python2::check_tree(&token_spans, &module, file);
    diagnostics.extend(tree_errors.into_iter().filter(|diagnostic| {
        whole_tree
            || diagnostic
                .python
                .as_ref()
                .is_some_and(|python| python.stage == crate::diagnostic::PythonStage::Parse)
    }));
    diagnostics.extend(python2_token_errors);
    if !syntax_errors.is_empty() {
        let explained = errors::explain(
            text,
            file,
            syntax_errors,
            &diagnostics[..lexical_errors],
            lexed.gave_up_at,
        );
        diagnostics.extend(explained);
    }
    diagnostics.sort_by_key(|diagnostic| {
        let span = diagnostic.primary_span();
        (span.start, span.end)
    });
    if diagnostics.len() > MAX_DIAGNOSTICS {
        diagnostics.truncate(MAX_DIAGNOSTICS);
        if let Some(last) = diagnostics.last_mut() {
            last.notes.push(format!(
                "stopped after {MAX_DIAGNOSTICS} errors in this file"
            ));
        }
    }
    Parsed {
        module,
        comments: lexed.comments,
        diagnostics,
        tree_complete,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Marking keyword names is only a shortcut: the tree is the one the grammar builds from
    /// the tokens as lexed.
    #[test]
    fn keyword_names_marked_or_not_build_the_same_tree() {
        let file = FileId(0);
        for text in [
            "f(a=1, b=g(c=2), *d, **e)\n",
            "def f(a, b=1, (c, d)=(2, 3), *e, **g): return lambda h, i=1: i\n",
            "Job(task=Task(processes=[p], resources=Resources(cpu=1.0)), name='x')\n",
            "f(lambda a, b=1: b, c=[d for d in e if d == 1], g={'h': 1})\n",
            "x = dict(a=1)[('k')]\nclass C(Base, object): pass\n",
        ] {
            let parsed = parse(text, file);
            assert!(
                parsed.diagnostics.is_empty(),
                "{text}: {:?}",
                parsed.diagnostics
            );
            let (unmarked, _) = run_grammar(lexer::lex(text, file).tokens, file);
            assert_eq!(parsed.module, unmarked.expect("parses"), "{text}");
        }
    }

    #[test]
    fn only_names_that_start_an_argument_before_an_equals_sign_are_marked() {
        let mut tokens = lexer::lex("f(a=1, b.c=2, (d=3), [e=4], g == 5)\n", FileId(0)).tokens;
        mark_keyword_names(&mut tokens);
        let marked: Vec<&str> = tokens
            .iter()
            .filter_map(|token| match token.1 {
                Tok::KwName(name) => Some(name),
                _ => None,
            })
            .collect();
        assert_eq!(marked, ["a", "d"]);
    }
}
