//! `{{mustache}}` templates: splitting text around refs and resolving them in scopes.
//!
//! `{{&name}}` is an escape: it stays in the text (as `{{&name}}` while resolving, and as
//! `{{name}}` in the final result) and is never looked up. Resolution repeats until the text
//! stops changing, so values may themselves contain mustaches (`{{a{{b}}}}` works inside out);
//! after 100 rounds pystachio gives up with `Uninterpolatable`.

use std::cell::RefCell;
use std::rc::Rc;

use super::ctx::Ctx;
use super::error::{Error, ErrorKind, Result};
use super::naming::Ref;
use super::scope::{find_in_scopes, Scopes};

/// A piece of a template: literal text or a reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text copied as is.
    Text(String),
    /// A `{{ref}}` to look up.
    Ref(Ref),
}

/// pystachio's `MustacheParser.MAX_ITERATIONS`.
const MAX_ITERATIONS: usize = 100;

/// One `{{...}}` occurrence: its byte range, whether it was an `&` escape, and its content.
struct Tag<'a> {
    start: usize,
    end: usize,
    escaped: bool,
    content: &'a str,
}

/// Finds the next tag at or after `from`, as the regex `{{(&)?([^{}]+?)\1?}}` would.
fn next_tag(s: &str, mut from: usize) -> Option<Tag<'_>> {
    let bytes = s.as_bytes();
    while from + 1 < bytes.len() {
        let offset = s[from..].find("{{")?;
        let start = from + offset;
        if let Some(tag) = tag_at(s, start) {
            return Some(tag);
        }
        from = start + 1;
    }
    None
}

fn tag_at(s: &str, start: usize) -> Option<Tag<'_>> {
    let bytes = s.as_bytes();
    let body = start + 2;
    // A run of non-brace bytes starting at `from`, which must be followed by `}}`.
    let run = |from: usize| -> Option<usize> {
        let mut end = from;
        while end < bytes.len() && bytes[end] != b'{' && bytes[end] != b'}' {
            end += 1;
        }
        (end > from && bytes.get(end..end + 2) == Some(b"}}")).then_some(end)
    };
    if bytes.get(body) == Some(&b'&') {
        if let Some(end) = run(body + 1) {
            // The lazy content stops before one optional trailing `&`.
            let content_end = if end - (body + 1) >= 2 && bytes[end - 1] == b'&' {
                end - 1
            } else {
                end
            };
            return Some(Tag {
                start,
                end: end + 2,
                escaped: true,
                content: &s[body + 1..content_end],
            });
        }
    }
    let end = run(body)?;
    Some(Tag {
        start,
        end: end + 2,
        escaped: false,
        content: &s[body..end],
    })
}

/// `MustacheParser.split`: the text and refs of a template, in order.
///
/// With `keep_aliases`, escapes stay as `{{&name}}`; otherwise they become `{{name}}`.
pub fn split(s: &str, keep_aliases: bool) -> Result<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut pos = 0;
    while let Some(tag) = next_tag(s, pos) {
        if tag.start > pos {
            pieces.push(Piece::Text(s[pos..tag.start].to_owned()));
        }
        if tag.escaped {
            let amp = if keep_aliases { "&" } else { "" };
            pieces.push(Piece::Text(format!("{{{{{amp}{}}}}}", tag.content)));
        } else {
            pieces.push(Piece::Ref(Ref::from_address(tag.content)?));
        }
        pos = tag.end;
    }
    if pos < s.len() {
        pieces.push(Piece::Text(s[pos..].to_owned()));
    }
    Ok(pieces)
}

/// Templates already split on this thread, by whether aliases were kept: a job's strings
/// are interpolated several times (checked, bound to the client's context, converted), and
/// many jobs share templates.
type SplitCache = [rustc_hash::FxHashMap<Box<str>, Rc<[Piece]>>; 2];

/// How many templates the cache keeps before it starts over, to bound its memory.
const SPLIT_CACHE_LIMIT: usize = 4096;

thread_local! {
    static SPLIT_CACHE: RefCell<SplitCache> = RefCell::default();
}

/// [`split`], remembered per thread.
fn split_cached(s: &str, keep_aliases: bool) -> Result<Rc<[Piece]>> {
    let table = usize::from(keep_aliases);
    if let Some(pieces) = SPLIT_CACHE.with(|cache| cache.borrow()[table].get(s).cloned()) {
        return Ok(pieces);
    }
    let pieces: Rc<[Piece]> = split(s, keep_aliases)?.into();
    SPLIT_CACHE.with(|cache| {
        let cache = &mut cache.borrow_mut()[table];
        if cache.len() >= SPLIT_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(s.into(), Rc::clone(&pieces));
    });
    Ok(pieces)
}

/// `MustacheParser.join`: replaces each ref found in `scopes` by its text.
///
/// Returns the text and the refs no scope could resolve, in order.
pub(crate) fn join(pieces: &[Piece], scopes: &Scopes, cx: &mut Ctx) -> Result<(String, Vec<Ref>)> {
    let mut found = Vec::with_capacity(pieces.len());
    let mut unbound = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Text(_) => found.push(None),
            Piece::Ref(r) => {
                let value = find_in_scopes(scopes, r, cx)?;
                if value.is_none() {
                    unbound.push(r.clone());
                }
                found.push(value);
            }
        }
    }
    // Python looks everything up first, then renders the pieces with unicode().
    let mut out = String::new();
    for (piece, value) in pieces.iter().zip(found) {
        match (piece, value) {
            (Piece::Text(t), _) => out.push_str(t),
            (Piece::Ref(_), Some(value)) => out.push_str(&value.text_in(cx)?),
            (Piece::Ref(r), None) => r.write_mustache(&mut out),
        }
    }
    Ok((out, unbound))
}

/// `MustacheParser.resolve`: interpolates `text` in `scopes` until nothing more resolves.
///
/// Returns the text and every ref left in it (in order, repeats included).
pub(crate) fn resolve(text: &str, scopes: &Scopes, cx: &mut Ctx) -> Result<(String, Vec<Ref>)> {
    if !text.contains("{{") {
        // No tag at all: nothing to look up, split or join.
        return Ok((text.to_owned(), Vec::new()));
    }
    let iterate = |text: &str, keep_aliases: bool, cx: &mut Ctx| {
        let pieces = split_cached(text, keep_aliases)?;
        let all: Vec<Ref> = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Ref(r) => Some(r.clone()),
                Piece::Text(_) => None,
            })
            .collect();
        let (replaced, unresolved) = join(&pieces, scopes, cx)?;
        Ok::<_, Error>((replaced, unresolved, all))
    };
    let mut stream = text.to_owned();
    let mut settled = None;
    for _ in 0..MAX_ITERATIONS {
        let (replaced, unresolved, all) = iterate(&stream, true, cx)?;
        stream = replaced;
        if unresolved == all {
            settled = Some(all);
            break;
        }
    }
    let Some(all) = settled else {
        return Err(Error::new(
            ErrorKind::Uninterpolatable,
            format!("Unable to interpolate {stream}!  Maximum replacements reached."),
        ));
    };
    if !stream.contains("{{&") {
        // The last pass only turns `{{&name}}` escapes into `{{name}}`; without any, it
        // would look the same refs up again and give the same text.
        return Ok((stream, all));
    }
    let (stream, _, all) = iterate(&stream, false, cx)?;
    Ok((stream, all))
}
