//! Source files and the byte spans that point into them.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Identifies one file inside a [`SourceMap`].
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Debug,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct FileId(pub u32);

/// A byte range `start..end` inside one file.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// A span covering `start..end` of `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: clamp_offset(start),
            end: clamp_offset(end),
        }
    }

    /// The smallest span covering both `self` and `other` (same file assumed).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// An empty span at the start of `self`.
    pub fn shrink_to_start(self) -> Span {
        Span {
            end: self.start,
            ..self
        }
    }

    /// An empty span at the end of `self`.
    pub fn shrink_to_end(self) -> Span {
        Span {
            start: self.end,
            ..self
        }
    }

    /// The byte range, for slicing the file's text.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

// Spans print as `start..end` so AST dumps and snapshots stay readable.
impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Files larger than 4 GiB cannot be addressed by a `u32` span; the lexer refuses them
/// before any span is built, so clamping here only guards against misuse.
fn clamp_offset(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// One loaded source file.
#[derive(Debug)]
pub struct SourceFile {
    path: PathBuf,
    text: Arc<str>,
    /// Byte offset at which each line starts; the first entry is always 0. Computed when
    /// first asked for: most files of a run (the schema's, say) never need it.
    line_starts: OnceLock<Vec<u32>>,
}

impl SourceFile {
    pub(crate) fn new(path: PathBuf, text: Arc<str>) -> SourceFile {
        SourceFile {
            path,
            text,
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(
                self.text
                    .match_indices('\n')
                    .map(|(offset, _)| clamp_offset(offset + 1)),
            );
            starts
        })
    }

    /// The path the file was loaded from, as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// A cheap shared handle on the text.
    pub fn shared_text(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    /// Line and column of a byte offset (offsets past the end clamp to the end).
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = offset.min(clamp_offset(self.text.len()));
        let line_index = self.line_starts().partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts()[line_index] as usize;
        let column = self
            .text
            .get(line_start..offset as usize)
            .map_or(offset as usize - line_start, |prefix| {
                prefix.chars().count()
            });
        LineCol {
            line: line_index + 1,
            column: column + 1,
        }
    }

    /// The text of the 1-based line `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        let start = *self.line_starts().get(line.checked_sub(1)?)? as usize;
        let end = self
            .line_starts()
            .get(line)
            .map_or(self.text.len(), |&next| next as usize);
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }
}

/// All the files of one evaluation: the config and everything it includes.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).expect("fewer than 2^32 source files"));
        self.files.push(SourceFile::new(path.into(), text.into()));
        id
    }

    /// The file behind `id`; ids only come from [`SourceMap::add`], so it exists.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Iterates over every file with its id.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(index, file)| (FileId(index as u32), file))
    }

    /// The text a span covers.
    pub fn snippet(&self, span: Span) -> &str {
        self.file(span.file).text().get(span.range()).unwrap_or("")
    }

    /// Line and column where a span starts.
    pub fn start_line_col(&self, span: Span) -> LineCol {
        self.file(span.file).line_col(span.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let mut map = SourceMap::new();
        let file = map.add("a.aurora", "x = 1\né = 'ü'\n");
        let source = map.file(file);
        assert_eq!(source.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(source.line_col(6), LineCol { line: 2, column: 1 });
        // `'ü'` starts after `é = ` (4 characters, 5 bytes).
        assert_eq!(source.line_col(11), LineCol { line: 2, column: 5 });
        assert_eq!(source.line_text(2), Some("é = 'ü'"));
        assert_eq!(source.line_text(3), Some(""));
        assert_eq!(source.line_text(4), None);
    }

    #[test]
    fn offsets_past_the_end_clamp() {
        let mut map = SourceMap::new();
        let file = map.add("a.aurora", "ab");
        assert_eq!(map.file(file).line_col(99), LineCol { line: 1, column: 3 });
    }
}
