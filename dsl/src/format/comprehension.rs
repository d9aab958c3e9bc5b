//! Comprehensions and generator expressions: the element, then each `for` and `if`
//! clause on a line of its own when they break, with the comments between them kept
//! where they are.

use super::doc::*;
use super::expr::Item;
use super::source::CommentAt;
use super::Formatter;
use crate::ast::*;
use crate::source_map::Span;

impl Formatter<'_> {
    /// A comprehension's element as the head of its body.
    pub(super) fn comprehension_head(&self, element: &Expr) -> Item {
        let (start, end) = self.full_span(element, None);
        Item {
            start,
            end,
            doc: self.expr(element, None),
        }
    }

    /// `open head clauses close`, for the brackets whose opener starts `span`.
    pub(super) fn comprehension(
        &self,
        span: Span,
        (open, close): (&str, &str),
        head: Item,
        generators: &[Comprehension],
    ) -> Doc {
        let open_pos = span.start as usize;
        let close_pos = (span.end as usize).saturating_sub(1);
        let mut parts = vec![text(open)];
        // A comment right after the opening bracket stays there.
        let after_open = self.src.take_trailing_comment(open_pos + 1, head.start);
        if let Some(comment) = after_open {
            parts.push(self.line_suffix(comment));
        }
        let mut inner = Vec::new();
        let leading = self.src.take_comments(open_pos + 1, head.start);
        for comment in &leading {
            inner.push(text(self.src.comment_text(*comment)));
            inner.push(hard());
        }
        let (body, commented) = self.comprehension_body(head, generators, Some(close_pos));
        inner.push(body);
        parts.push(soft_block_indent(concat(inner)));
        parts.push(text(close));
        let expand = after_open.is_some() || !leading.is_empty() || commented;
        group_expanded(concat(parts), expand)
    }

    /// The element and the clauses, and whether a comment between them breaks them;
    /// with `close`, the comments before that closing bracket too.
    pub(super) fn comprehension_body(
        &self,
        head: Item,
        generators: &[Comprehension],
        close: Option<usize>,
    ) -> (Doc, bool) {
        let mut parts = vec![group(head.doc)];
        let mut commented = false;
        let mut cursor = head.end;
        // The comments from `cursor` to `until`: the first one on the line ends it, the
        // others go on lines of their own before what follows.
        let mut gap = |parts: &mut Vec<Doc>, cursor: usize, until: usize| -> Vec<CommentAt> {
            let mut comments = self.src.take_comments(cursor, until);
            commented |= !comments.is_empty();
            if comments.first().is_some_and(|c| !c.own_line) {
                parts.push(self.line_suffix(comments.remove(0)));
            }
            comments
        };
        let clause = |parts: &mut Vec<Doc>, own_lines: Vec<CommentAt>| {
            parts.push(soft_or_space());
            for comment in own_lines {
                parts.push(text(self.src.comment_text(comment)));
                parts.push(hard());
            }
        };
        for generator in generators {
            let keyword = if generator.is_async { "async" } else { "for" };
            let limit = self.full_span(&generator.iter, None).0;
            let at = self
                .src
                .find_token(cursor, limit, keyword)
                .map_or(cursor, |(start, _)| start);
            let own_lines = gap(&mut parts, cursor, at);
            clause(&mut parts, own_lines);
            parts.push(text(if generator.is_async {
                "async for "
            } else {
                "for "
            }));
            parts.push(self.for_target(&generator.target));
            parts.push(text(" in "));
            parts.push(self.expr(&generator.iter, None));
            cursor = self.full_span(&generator.iter, None).1;
            for test in &generator.ifs {
                let limit = self.full_span(test, None).0;
                let at = self
                    .src
                    .find_token(cursor, limit, "if")
                    .map_or(cursor, |(start, _)| start);
                let own_lines = gap(&mut parts, cursor, at);
                clause(&mut parts, own_lines);
                parts.push(text("if "));
                parts.push(self.expr(test, None));
                cursor = self.full_span(test, None).1;
            }
        }
        if let Some(close) = close {
            for comment in gap(&mut parts, cursor, close) {
                parts.push(hard());
                parts.push(text(self.src.comment_text(comment)));
            }
        }
        (group_expanded(concat(parts), commented), commented)
    }
}
