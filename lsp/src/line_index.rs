//! Byte offsets of the syntax tree to and from the UTF-16 line/character positions LSP
//! speaks (the protocol's default position encoding).

use tower_lsp_server::ls_types::{Position, Range};

/// Where each line of one text starts, to convert positions both ways.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the start of each line; the first is always 0.
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, byte)| byte == b'\n')
                .map(|(offset, _)| offset + 1),
        );
        LineIndex {
            line_starts,
            len: text.len(),
        }
    }

    /// The LSP position of a byte offset of `text` (clamped to the text, and moved back to
    /// a character boundary when it falls inside one).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(self.len);
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The LSP range of the byte range `start..end`.
    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range::new(self.position(text, start), self.position(text, end))
    }

    /// The byte offset of an LSP position; positions past a line's end go to its end, and
    /// lines past the text's end to the text's end.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.line_starts.get(position.line as usize) else {
            return self.len;
        };
        let line_end = self
            .line_starts
            .get(position.line as usize + 1)
            .map_or(self.len, |&next| next);
        let mut units = 0usize;
        for (index, c) in text[start..line_end].char_indices() {
            if units >= position.character as usize || c == '\n' || c == '\r' {
                return start + index;
            }
            units += c.len_utf16();
        }
        line_end
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs_twice() {
        let text = "a = 'é𝄞x'\nb\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        // `a = '` is 5 units, `é` one, `𝄞` two (a surrogate pair).
        assert_eq!(index.position(text, x), Position::new(0, 8));
        assert_eq!(index.offset(text, Position::new(0, 8)), x);
        assert_eq!(
            index.offset(text, Position::new(1, 0)),
            text.find('b').unwrap()
        );
        assert_eq!(index.offset(text, Position::new(1, 99)), text.len() - 1);
        assert_eq!(index.offset(text, Position::new(9, 0)), text.len());
        // An offset inside `é` moves back to its start.
        assert_eq!(index.position(text, 6), Position::new(0, 5));
    }
}
