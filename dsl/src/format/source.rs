//! What the formatter reads from the source beside the tree: tokens (for parentheses,
//! trailing commas and literal text), comments (each placed exactly once) and blank lines.

use std::cell::RefCell;

use crate::lexer;
use crate::source_map::{FileId, Span};
use crate::token::Tok;

/// One comment and where it sits.
#[derive(Clone, Copy, Debug)]
pub struct CommentAt {
    pub start: usize,
    pub end: usize,
    /// Nothing but whitespace before it on its line.
    pub own_line: bool,
}

/// The source of the file being formatted.
pub struct Source<'src> {
    pub text: &'src str,
    tokens: Vec<(usize, Tok<'src>, usize)>,
    /// For each bracket token, the index of its partner.
    partner: Vec<Option<usize>>,
    pub comments: Vec<CommentAt>,
    used: RefCell<Vec<bool>>,
    /// Offsets of the text's newlines, so finding a line's end or start is a binary
    /// search, not a scan (a list of a million items on one line asks a million times).
    newlines: Vec<usize>,
}

impl<'src> Source<'src> {
    pub fn new(text: &'src str, file: FileId) -> Source<'src> {
        let lexed = lexer::lex(text, file);
        let tokens: Vec<_> = lexed
            .tokens
            .into_iter()
            .filter(|(start, tok, end)| {
                let layout = matches!(tok, Tok::Indent | Tok::Dedent | Tok::EndOfFile);
                let empty_newline = matches!(tok, Tok::Newline) && start == end;
                !layout && !empty_newline
            })
            .collect();
        let mut partner = vec![None; tokens.len()];
        let mut open = Vec::new();
        for (index, (_, tok, _)) in tokens.iter().enumerate() {
            match tok.text() {
                Some("(" | "[" | "{") => open.push(index),
                Some(")" | "]" | "}") => {
                    if let Some(opener) = open.pop() {
                        partner[opener] = Some(index);
                        partner[index] = Some(opener);
                    }
                }
                _ => {}
            }
        }
        let comments: Vec<CommentAt> = lexed
            .comments
            .iter()
            .map(|comment| {
                let start = comment.span.start as usize;
                let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
                CommentAt {
                    start,
                    end: comment.span.end as usize,
                    own_line: text[line_start..start].trim().is_empty(),
                }
            })
            .collect();
        let used = RefCell::new(vec![false; comments.len()]);
        let newlines = text.match_indices('\n').map(|(at, _)| at).collect();
        Source {
            text,
            tokens,
            partner,
            comments,
            used,
            newlines,
        }
    }

    pub fn slice(&self, span: Span) -> &'src str {
        &self.text[span.start as usize..span.end as usize]
    }

    /// Index of the first token starting at or after `pos`.
    fn token_at_or_after(&self, pos: usize) -> usize {
        self.tokens.partition_point(|(start, _, _)| *start < pos)
    }

    /// The last token ending at or before `pos`.
    pub fn prev_token(&self, pos: usize) -> Option<(usize, &Tok<'src>, usize)> {
        let index = self.tokens.partition_point(|(_, _, end)| *end <= pos);
        index
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map(|(s, t, e)| (*s, t, *e))
    }

    /// The first token starting at or after `pos`.
    pub fn next_token(&self, pos: usize) -> Option<(usize, &Tok<'src>, usize)> {
        self.tokens
            .get(self.token_at_or_after(pos))
            .map(|(s, t, e)| (*s, t, *e))
    }

    /// The first token at or after `pos` whose text is `want`, before `limit`.
    pub fn find_token(&self, pos: usize, limit: usize, want: &str) -> Option<(usize, usize)> {
        let mut index = self.token_at_or_after(pos);
        while let Some((start, tok, end)) = self.tokens.get(index) {
            if *start >= limit {
                return None;
            }
            if tok.text() == Some(want) {
                return Some((*start, *end));
            }
            index += 1;
        }
        None
    }

    /// The closing partner of the bracket token starting at `pos`.
    pub fn closing_of(&self, pos: usize) -> Option<usize> {
        let index = self.token_at_or_after(pos);
        self.partner
            .get(index)
            .copied()
            .flatten()
            .map(|close| self.tokens[close].0)
    }

    /// Whether the last token before the closing bracket at `close` is a comma.
    pub fn trailing_comma_before(&self, close: usize) -> bool {
        matches!(self.prev_token(close), Some((_, tok, _)) if tok.text() == Some(","))
    }

    /// Start offsets of the parenthesis pairs that wrap `start..end` exactly (innermost
    /// first).
    pub fn wrapping_parens(&self, mut start: usize, mut end: usize) -> Vec<usize> {
        let mut opens = Vec::new();
        loop {
            let before = self.tokens.partition_point(|(_, _, e)| *e <= start);
            let Some(open) = before.checked_sub(1) else {
                return opens;
            };
            let after = self.token_at_or_after(end);
            if self.tokens[open].1.text() != Some("(")
                || self.partner[open] != Some(after)
                || after >= self.tokens.len()
            {
                return opens;
            }
            opens.push(self.tokens[open].0);
            start = self.tokens[open].0;
            end = self.tokens[after].2;
        }
    }

    /// Whether the source in `span` holds a comment or a magic trailing comma (before a
    /// closing bracket), which break whatever holds them.
    pub fn forces_break(&self, span: Span) -> bool {
        let (start, end) = (span.start as usize, span.end as usize);
        if !self.peek_comments(start, end).is_empty() {
            return true;
        }
        let first = self.token_at_or_after(start);
        self.tokens[first..]
            .windows(2)
            .take_while(|pair| pair[1].2 <= end)
            .any(|pair| {
                let magic_comma = pair[0].1.text() == Some(",")
                    && matches!(pair[1].1.text(), Some(")" | "]" | "}"));
                // Implicitly concatenated strings on lines of their own may stay there.
                let split_strings = matches!(pair[0].1, Tok::Str { .. })
                    && matches!(pair[1].1, Tok::Str { .. })
                    && self.text[pair[0].2..pair[1].0].contains('\n');
                magic_comma || split_strings
            })
    }

    /// The string tokens inside `span` (the parts of an implicit concatenation).
    pub fn string_parts(&self, span: Span) -> Vec<Span> {
        let mut index = self.token_at_or_after(span.start as usize);
        let mut parts = Vec::new();
        while let Some((start, tok, end)) = self.tokens.get(index) {
            if *end > span.end as usize {
                break;
            }
            if matches!(tok, Tok::Str { .. }) {
                parts.push(Span::new(span.file, *start, *end));
            }
            index += 1;
        }
        parts
    }

    /// Unused comments starting in `start..end`, in order; marks them used.
    pub fn take_comments(&self, start: usize, end: usize) -> Vec<CommentAt> {
        let mut used = self.used.borrow_mut();
        let first = self.comments.partition_point(|c| c.start < start);
        let mut taken = Vec::new();
        for (index, comment) in self.comments.iter().enumerate().skip(first) {
            if comment.start >= end {
                break;
            }
            if !used[index] {
                used[index] = true;
                taken.push(*comment);
            }
        }
        taken
    }

    /// Unused comments in `start..end`, without taking them.
    pub fn peek_comments(&self, start: usize, end: usize) -> Vec<CommentAt> {
        let used = self.used.borrow();
        let first = self.comments.partition_point(|c| c.start < start);
        self.comments
            .iter()
            .enumerate()
            .skip(first)
            .take_while(|(_, c)| c.start < end)
            .filter(|(index, _)| !used[*index])
            .map(|(_, c)| *c)
            .collect()
    }

    /// Which comments are used, to build a part of the document more than once.
    pub fn used_snapshot(&self) -> Vec<bool> {
        self.used.borrow().clone()
    }

    /// Sets which comments are used (from [`Source::used_snapshot`]).
    pub fn set_used(&self, used: Vec<bool>) {
        *self.used.borrow_mut() = used;
    }

    /// Marks every comment in `start..end` used.
    pub fn use_comments(&self, start: usize, end: usize) {
        self.take_comments(start, end);
    }

    /// The comment on the same line right after `pos`, unused, if any; taken.
    pub fn take_trailing_comment(&self, pos: usize, limit: usize) -> Option<CommentAt> {
        let comment = self.peek_trailing_comment(pos, limit)?;
        self.take_comments(comment.start, comment.start + 1);
        Some(comment)
    }

    /// The comment on the same line right after `pos`, unused, if any.
    pub fn peek_trailing_comment(&self, pos: usize, limit: usize) -> Option<CommentAt> {
        let line_end = self.line_end(pos);
        self.peek_comments(pos, (line_end + 1).min(limit))
            .into_iter()
            .find(|c| !c.own_line)
    }

    /// Offset of the newline ending the line holding `pos` (or the end of text).
    pub fn line_end(&self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        let index = self.newlines.partition_point(|&newline| newline < pos);
        self.newlines.get(index).copied().unwrap_or(self.text.len())
    }

    /// Offset of the start of the line holding `pos`.
    fn line_start(&self, pos: usize) -> usize {
        let index = self.newlines.partition_point(|&newline| newline < pos);
        index
            .checked_sub(1)
            .map_or(0, |previous| self.newlines[previous] + 1)
    }

    /// Column (in characters) of `pos` on its line.
    pub fn column(&self, pos: usize) -> usize {
        self.text[self.line_start(pos)..pos].chars().count()
    }

    /// The number of blank lines directly above the line holding `pos`.
    pub fn blank_lines_before(&self, pos: usize) -> usize {
        let mut end = self.text[..pos].rfind('\n').map_or(0, |at| at + 1);
        let mut count = 0;
        while end > 0 {
            let prev = &self.text[..end - 1];
            let prev_start = prev.rfind('\n').map_or(0, |at| at + 1);
            if !prev[prev_start..].trim().is_empty() {
                break;
            }
            count += 1;
            end = prev_start;
        }
        count
    }

    /// The comment's text as the formatter writes it: `#` then a space (unless a shebang
    /// or `#:`/`#!`), trailing whitespace removed.
    pub fn comment_text(&self, comment: CommentAt) -> String {
        let raw = self.text[comment.start..comment.end].trim_end();
        let body = &raw[1..];
        if body.is_empty() || body.starts_with([' ', '!', ':', '#']) {
            raw.to_string()
        } else {
            format!("# {body}")
        }
    }
}
