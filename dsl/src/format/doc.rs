//! The formatter's document IR and its printer (Wadler/Prettier style).
//!
//! A [`Doc`] describes text with the places it may break: a [`Doc::Group`] prints flat
//! when its whole content (and what follows it up to the next line break) fits in the
//! line width, otherwise its soft lines become newlines. [`Doc::BestFit`] tries layouts
//! in order and keeps the first whose lines all fit.

use std::collections::HashMap;

/// Identifies a group so an [`Doc::IfBreak`] elsewhere can follow its decision.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct GroupId(pub u32);

/// How a [`Doc::Line`] prints when its group breaks / stays flat.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Line {
    /// Newline or nothing.
    Soft,
    /// Newline or a space.
    SoftOrSpace,
    /// Always a newline.
    Hard,
}

/// A document to print.
#[derive(Clone, Debug)]
pub enum Doc {
    /// Text; may hold newlines only for multi-line string literals and verbatim code.
    Text(String),
    Line(Line),
    Group {
        contents: Box<Doc>,
        /// Forced to break (a hard line inside, or a magic trailing comma).
        expand: bool,
        id: Option<GroupId>,
    },
    /// Indents the lines that start inside by one level.
    Indent(Box<Doc>),
    Concat(Vec<Doc>),
    /// `broken` when the group (the enclosing one, or `group`) breaks, else `flat`.
    IfBreak {
        broken: Box<Doc>,
        flat: Box<Doc>,
        group: Option<GroupId>,
    },
    /// Text printed just before the next newline (end-of-line comments).
    LineSuffix(String),
    /// Layouts tried in order; the last is used when none of the others fits.
    BestFit(Vec<Doc>),
    /// A [`Doc::BestFit`] layout with its own rule for when it fits (and the mode it
    /// prints in); elsewhere just its contents.
    Fits(Box<Doc>, Fit),
}

pub fn text(s: impl Into<String>) -> Doc {
    Doc::Text(s.into())
}

pub fn concat(parts: Vec<Doc>) -> Doc {
    Doc::Concat(parts)
}

pub fn group(doc: Doc) -> Doc {
    Doc::Group {
        contents: Box::new(doc),
        expand: false,
        id: None,
    }
}

pub fn group_expanded(doc: Doc, expand: bool) -> Doc {
    Doc::Group {
        contents: Box::new(doc),
        expand,
        id: None,
    }
}

pub fn indent(doc: Doc) -> Doc {
    Doc::Indent(Box::new(doc))
}

pub fn soft() -> Doc {
    Doc::Line(Line::Soft)
}

pub fn soft_or_space() -> Doc {
    Doc::Line(Line::SoftOrSpace)
}

pub fn hard() -> Doc {
    Doc::Line(Line::Hard)
}

pub fn if_break(broken: Doc, flat: Doc) -> Doc {
    Doc::IfBreak {
        broken: Box::new(broken),
        flat: Box::new(flat),
        group: None,
    }
}

pub fn nil() -> Doc {
    Doc::Concat(Vec::new())
}

/// `contents` indented on its own lines when the enclosing group breaks.
pub fn soft_block_indent(contents: Doc) -> Doc {
    concat(vec![indent(concat(vec![soft(), contents])), soft()])
}

/// Marks every group holding a hard line (or a multi-line text) as expanded; returns
/// whether `doc` holds one.
pub fn propagate_breaks(doc: &mut Doc) -> bool {
    match doc {
        Doc::Text(s) => s.contains('\n'),
        Doc::Line(line) => *line == Line::Hard,
        Doc::Group {
            contents, expand, ..
        } => {
            let inner = propagate_breaks(contents);
            *expand |= inner;
            *expand
        }
        Doc::Indent(inner) => propagate_breaks(inner),
        Doc::Concat(parts) => parts
            .iter_mut()
            .fold(false, |acc, part| propagate_breaks(part) | acc),
        Doc::IfBreak { broken, flat, .. } => {
            // Only the broken side can force a break when it is the one printed; keep the
            // flat side's groups correct too.
            propagate_breaks(flat);
            propagate_breaks(broken);
            false
        }
        Doc::LineSuffix(_) => false,
        Doc::Fits(inner, _) => propagate_breaks(inner),
        Doc::BestFit(variants) => {
            // Whichever layout prints, a break every one of them holds prints too.
            variants
                .iter_mut()
                .fold(true, |acc, variant| propagate_breaks(variant) & acc)
        }
    }
}

/// What a [`Doc::BestFit`] layout must do to be chosen.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Fit {
    /// Print on one line that fits (the first layout).
    Flat,
    /// Printed broken, print its first and last lines within the width: what is between
    /// breaks inside brackets (ruff's optional parentheses left out).
    FirstAndLast,
    /// Printed flat but for its forced breaks, print its first line within the width
    /// (ruff: a value in parentheses after an assignment's targets that could split).
    Opening,
    /// Printed broken, print its first two lines within the width (ruff: a value in
    /// parentheses on lines of its own, when its own first line fits).
    FirstTwo,
    /// Printed flat but for its forced breaks, print every line within the width.
    AllLines,
}

impl Fit {
    fn mode(self) -> Mode {
        match self {
            Fit::FirstAndLast | Fit::FirstTwo => Mode::Break,
            Fit::Flat | Fit::Opening | Fit::AllLines => Mode::Flat,
        }
    }

    /// Whether line `index` of `count` must fit.
    fn checks_line(self, index: usize, count: usize) -> bool {
        match self {
            Fit::FirstAndLast => index == 0 || index + 1 == count,
            Fit::Opening => index == 0,
            Fit::FirstTwo => index < 2,
            Fit::Flat | Fit::AllLines => true,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Flat,
    Break,
}

type Cmd<'a> = (usize, Mode, &'a Doc);

/// Prints `doc` at `width` columns with 4-space indentation.
pub fn print(doc: &Doc, width: usize) -> String {
    let mut printer = Printer {
        width,
        out: String::new(),
        column: 0,
        suffixes: Vec::new(),
        group_modes: HashMap::new(),
        outer: None,
        line_breaks: 0,
    };
    let mut cmds: Vec<Cmd> = vec![(0, Mode::Break, doc)];
    while let Some((ind, mode, doc)) = cmds.pop() {
        printer.step(ind, mode, doc, &mut cmds);
    }
    printer.flush_suffixes();
    printer.out
}

struct Printer<'o> {
    width: usize,
    out: String,
    column: usize,
    suffixes: Vec<String>,
    /// How the groups with ids printed so far were printed (the latest decision).
    group_modes: HashMap<GroupId, Mode>,
    /// The printer a layout is being tried for: its decisions are seen, ours are not
    /// given back to it.
    outer: Option<&'o Printer<'o>>,
    /// Newlines printed for lines (not inside texts).
    line_breaks: usize,
}

fn text_width(s: &str) -> usize {
    s.chars().count()
}

impl Printer<'_> {
    fn step<'a>(&mut self, ind: usize, mode: Mode, doc: &'a Doc, cmds: &mut Vec<Cmd<'a>>) {
        match doc {
            Doc::Text(s) => {
                self.out.push_str(s);
                match s.rfind('\n') {
                    Some(at) => self.column = text_width(&s[at + 1..]),
                    None => self.column += text_width(s),
                }
            }
            Doc::Line(line) => match (mode, line) {
                (Mode::Flat, Line::Soft) => {}
                (Mode::Flat, Line::SoftOrSpace) => {
                    self.out.push(' ');
                    self.column += 1;
                }
                _ => {
                    self.flush_suffixes();
                    self.newline(ind);
                }
            },
            Doc::Group {
                contents,
                expand,
                id,
            } => {
                let flat = !*expand
                    && (mode == Mode::Flat
                        || self.fits(&[(ind, Mode::Flat, contents)], cmds, false));
                let group_mode = if flat { Mode::Flat } else { Mode::Break };
                if let Some(id) = id {
                    self.group_modes.insert(*id, group_mode);
                }
                cmds.push((ind, group_mode, contents));
            }
            Doc::Indent(inner) => cmds.push((ind + 4, mode, inner)),
            Doc::Concat(parts) => {
                for part in parts.iter().rev() {
                    cmds.push((ind, mode, part));
                }
            }
            Doc::IfBreak {
                broken,
                flat,
                group,
            } => {
                let decided = match group {
                    Some(id) => self.mode_of(*id).unwrap_or(mode),
                    None => mode,
                };
                let chosen = if decided == Mode::Break { broken } else { flat };
                cmds.push((ind, mode, chosen));
            }
            Doc::LineSuffix(s) => self.suffixes.push(s.clone()),
            Doc::Fits(inner, _) => cmds.push((ind, mode, inner)),
            Doc::BestFit(variants) => {
                let last = variants.len().saturating_sub(1);
                for (index, variant) in variants.iter().enumerate() {
                    // As ruff: every layout but the last is tried flat (groups marked as
                    // expanded still break), unless its `Fit` says otherwise.
                    // The flat layout is only one when nothing in it forces a break.
                    let fit = match (index, variant) {
                        (_, Doc::Fits(_, fit)) => *fit,
                        (0, _) => Fit::Flat,
                        _ => Fit::AllLines,
                    };
                    let variant_mode = if index == last {
                        Mode::Break
                    } else {
                        fit.mode()
                    };
                    if index == last || mode == Mode::Flat {
                        cmds.push((ind, variant_mode, variant));
                        break;
                    }
                    if self.renders_within(ind, variant_mode, variant, cmds, fit) {
                        cmds.push((ind, variant_mode, variant));
                        break;
                    }
                }
            }
        }
    }

    /// Whether `doc`, printed from here, fits as `fit` asks (with what follows it on its
    /// last line).
    fn renders_within<'a>(
        &self,
        ind: usize,
        mode: Mode,
        doc: &'a Doc,
        cmds: &mut Vec<Cmd<'a>>,
        fit: Fit,
    ) -> bool {
        let mut sub = Printer {
            width: self.width,
            out: String::new(),
            column: self.column,
            suffixes: Vec::new(),
            group_modes: HashMap::new(),
            outer: Some(self),
            line_breaks: 0,
        };
        // What follows stays below on the stack, for the groups inside to see it, and is
        // neither printed nor copied: the layout is printed on top of it and popped back
        // down to it (copying it for every layout tried made formatting quadratic).
        let base = cmds.len();
        cmds.push((ind, mode, doc));
        while cmds.len() > base {
            let (ind, mode, doc) = cmds.pop().expect("the stack holds more than the rest");
            sub.step(ind, mode, doc, cmds);
        }
        let rest = &cmds[..base];
        sub.flush_suffixes();
        if fit == Fit::Flat && sub.line_breaks > 0 {
            return false;
        }
        let lines: Vec<&str> = sub.out.split('\n').collect();
        let count = lines.len();
        for (index, line) in lines.iter().enumerate() {
            if !fit.checks_line(index, count) {
                continue;
            }
            let mut width = text_width(line);
            if index == 0 {
                width += self.column;
            }
            if index + 1 == count {
                // A comment after a layout that broke has nowhere better to go.
                width += self.rest_width(rest, fit != Fit::FirstAndLast || count == 1);
            }
            if width > self.width {
                return false;
            }
        }
        true
    }

    /// The width of what `rest` prints before its first line break (with its end-of-line
    /// comments or without).
    fn rest_width(&self, rest: &[Cmd], with_comments: bool) -> usize {
        let mut width = 0;
        let mut stack: Vec<Cmd> = Vec::new();
        let mut rest_index = rest.len();
        loop {
            let (ind, mode, doc) = match stack.pop() {
                Some(cmd) => cmd,
                None => {
                    if rest_index == 0 {
                        return width;
                    }
                    rest_index -= 1;
                    rest[rest_index]
                }
            };
            match doc {
                Doc::Text(s) => match s.find('\n') {
                    Some(at) => return width + text_width(&s[..at]),
                    None => width += text_width(s),
                },
                Doc::Line(line) => match (mode, line) {
                    (Mode::Flat, Line::Soft) => {}
                    (Mode::Flat, Line::SoftOrSpace) => width += 1,
                    _ => return width,
                },
                Doc::Group {
                    contents, expand, ..
                } => stack.push((ind, if *expand { Mode::Break } else { mode }, contents)),
                Doc::Indent(inner) => stack.push((ind + 4, mode, inner)),
                Doc::Concat(parts) => {
                    for part in parts.iter().rev() {
                        stack.push((ind, mode, part));
                    }
                }
                Doc::IfBreak { broken, flat, .. } => {
                    stack.push((ind, mode, if mode == Mode::Break { broken } else { flat }))
                }
                Doc::LineSuffix(s) if with_comments => width += text_width(s),
                Doc::LineSuffix(_) => {}
                Doc::Fits(inner, _) => stack.push((ind, mode, inner)),
                // What follows may break where its last layout does.
                Doc::BestFit(variants) => {
                    let chosen = if mode == Mode::Break {
                        variants.last()
                    } else {
                        variants.first()
                    };
                    if let Some(variant) = chosen {
                        stack.push((ind, mode, variant));
                    }
                }
            }
        }
    }

    fn mode_of(&self, id: GroupId) -> Option<Mode> {
        match self.group_modes.get(&id) {
            Some(mode) => Some(*mode),
            None => self.outer.and_then(|outer| outer.mode_of(id)),
        }
    }

    fn newline(&mut self, ind: usize) {
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        self.out.push('\n');
        self.line_breaks += 1;
        for _ in 0..ind {
            self.out.push(' ');
        }
        self.column = ind;
    }

    fn flush_suffixes(&mut self) {
        for suffix in std::mem::take(&mut self.suffixes) {
            self.out.push_str(&suffix);
            self.column += text_width(&suffix);
        }
    }

    /// Whether `next` fits in what is left of the line, followed by the rest of `cmds` up
    /// to their first line break. With `all_lines`, every line of `next` must fit.
    fn fits(&self, next: &[Cmd], rest: &[Cmd], all_lines: bool) -> bool {
        let mut remaining = self.width as isize - self.column as isize;
        let mut stack: Vec<Cmd> = next.iter().rev().copied().collect();
        let mut rest_index = rest.len();
        let mut in_rest = false;
        let mut suffix_width: isize = self.suffixes.iter().map(|s| text_width(s) as isize).sum();
        loop {
            let (ind, mode, doc) = match stack.pop() {
                Some(cmd) => cmd,
                None => {
                    if rest_index == 0 {
                        return remaining - suffix_width >= 0;
                    }
                    rest_index -= 1;
                    in_rest = true;
                    rest[rest_index]
                }
            };
            match doc {
                Doc::Text(s) => {
                    if let Some(at) = s.find('\n') {
                        remaining -= text_width(&s[..at]) as isize;
                        if remaining - suffix_width < 0 {
                            return false;
                        }
                        if in_rest || !all_lines {
                            return true;
                        }
                        let last = &s[s.rfind('\n').unwrap_or(0) + 1..];
                        remaining = self.width as isize - text_width(last) as isize;
                        suffix_width = 0;
                    } else {
                        remaining -= text_width(s) as isize;
                    }
                    if remaining < 0 {
                        return false;
                    }
                }
                Doc::Line(line) => match (mode, line) {
                    (Mode::Flat, Line::Soft) => {}
                    (Mode::Flat, Line::SoftOrSpace) => remaining -= 1,
                    _ => {
                        if remaining - suffix_width < 0 {
                            return false;
                        }
                        if in_rest || !all_lines {
                            return true;
                        }
                        remaining = self.width as isize - ind as isize;
                        suffix_width = 0;
                    }
                },
                Doc::Group {
                    contents, expand, ..
                } => {
                    let group_mode = if *expand { Mode::Break } else { mode };
                    stack.push((ind, group_mode, contents));
                }
                Doc::Indent(inner) => stack.push((ind + 4, mode, inner)),
                Doc::Concat(parts) => {
                    for part in parts.iter().rev() {
                        stack.push((ind, mode, part));
                    }
                }
                Doc::IfBreak {
                    broken,
                    flat,
                    group,
                } => {
                    let decided = match group {
                        Some(id) => self.mode_of(*id).unwrap_or(mode),
                        None => mode,
                    };
                    let chosen = if decided == Mode::Break { broken } else { flat };
                    stack.push((ind, mode, chosen));
                }
                Doc::LineSuffix(s) => suffix_width += text_width(s) as isize,
                Doc::Fits(inner, _) => stack.push((ind, mode, inner)),
                Doc::BestFit(variants) => {
                    let chosen = if mode == Mode::Break {
                        variants.last()
                    } else {
                        variants.first()
                    };
                    if let Some(variant) = chosen {
                        stack.push((ind, mode, variant));
                    }
                }
            }
            if remaining - suffix_width < 0 && !in_rest {
                return false;
            }
        }
    }
}
