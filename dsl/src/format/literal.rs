//! Normalizing literals as ruff does: string prefixes and quotes, number spelling.

/// One string literal token, normalized: lowercase prefix (`R` stays), double quotes unless
/// that needs more escapes, unneeded quote escapes dropped, hex escapes in lowercase.
///
/// Unlike ruff, a `u` prefix stays: configs run as Python 2, where `u'x'` is a unicode
/// string and `'x'` a byte string (Pystachio's messages show the difference).
pub fn normalize_string(token: &str) -> String {
    let quote_at = token.find(['\'', '"']).unwrap_or(0);
    let (prefix, rest) = token.split_at(quote_at);
    let quote = rest.chars().next().unwrap_or('"');
    let triple = rest.len() >= 6 && rest.starts_with(&quote.to_string().repeat(3));
    let delimiter_len = if triple { 3 } else { 1 };
    if rest.len() < 2 * delimiter_len {
        return token.to_string();
    }
    let body = &rest[delimiter_len..rest.len() - delimiter_len];
    let prefix: String = prefix
        .chars()
        .map(|c| if c == 'R' { c } else { c.to_ascii_lowercase() })
        .collect();
    let raw = prefix.contains(['r', 'R']);
    let body = if raw {
        body.to_string()
    } else {
        lowercase_hex_escapes(body)
    };

    if raw || triple {
        let keeps = if raw {
            raw_contains_double_quotes(&body, triple)
        } else {
            triple_contains_double_quotes(&body)
        };
        let new_quote = if keeps { quote } else { '"' };
        let delimiter = new_quote.to_string().repeat(delimiter_len);
        return format!("{prefix}{delimiter}{body}{delimiter}");
    }

    let (singles, doubles) = count_quotes(&body);
    let new_quote = if doubles > singles { '\'' } else { '"' };
    let body = requote(&body, new_quote);
    format!("{prefix}{new_quote}{body}{new_quote}")
}

/// The parts of an implicit concatenation joined into one string as ruff joins them, if
/// it joins them: not raw or triple-quoted parts. Unlike ruff, a `u` on any part stays.
pub fn merge_strings(tokens: &[&str]) -> Option<String> {
    let mut prefix = String::new();
    let mut bodies = Vec::with_capacity(tokens.len());
    for token in tokens {
        let quote_at = token.find(['\'', '"'])?;
        let (part_prefix, rest) = token.split_at(quote_at);
        let lower = part_prefix.to_ascii_lowercase();
        if lower.contains('r') || rest.len() < 2 {
            return None;
        }
        let quote = rest.chars().next()?;
        if rest.len() >= 6 && rest.starts_with(&quote.to_string().repeat(3)) {
            return None;
        }
        if lower.contains('b') {
            prefix = "b".to_string();
        } else if lower.contains('u') && prefix.is_empty() {
            prefix = "u".to_string();
        }
        bodies.push(lowercase_hex_escapes(&rest[1..rest.len() - 1]));
    }
    let (singles, doubles) = bodies.iter().fold((0, 0), |(s, d), body| {
        let (singles, doubles) = count_quotes(body);
        (s + singles, d + doubles)
    });
    let quote = if doubles > singles { '\'' } else { '"' };
    let body: String = bodies.iter().map(|body| requote(body, quote)).collect();
    Some(format!("{prefix}{quote}{body}{quote}"))
}

/// Whether a triple-quoted body would end the string early in `"""` quotes (ruff's
/// `QuoteMetadataKind::triple_quoted`).
fn triple_contains_double_quotes(body: &str) -> bool {
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if matches!(chars.peek(), Some('"' | '\\')) {
                    chars.next();
                }
            }
            '"' => match chars.peek() {
                Some('"') => {
                    chars.next();
                    if matches!(chars.peek(), Some('"') | None) {
                        return true;
                    }
                }
                Some(_) => {}
                None => return true,
            },
            _ => {}
        }
    }
    false
}

/// Whether a raw body holds a `"` that double quotes cannot hold (ruff's
/// `QuoteMetadataKind::raw`).
fn raw_contains_double_quotes(body: &str, triple: bool) -> bool {
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' if !triple => return true,
            '"' => match chars.peek() {
                None => return true,
                Some('"') => {
                    chars.next();
                    if matches!(chars.peek(), Some('"') | None) {
                        return true;
                    }
                }
                Some(_) => {}
            },
            _ => {}
        }
    }
    false
}

/// Counts the `'` and `"` characters the body stands for (escaped or not).
fn count_quotes(body: &str) -> (usize, usize) {
    let mut singles = 0;
    let mut doubles = 0;
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\'') => singles += 1,
                Some('"') => doubles += 1,
                _ => {}
            },
            '\'' => singles += 1,
            '"' => doubles += 1,
            _ => {}
        }
    }
    (singles, doubles)
}

/// Rewrites escapes for quote `quote`: escapes it, unescapes the other quote.
fn requote(body: &str, quote: char) -> String {
    let other = if quote == '"' { '\'' } else { '"' };
    let mut out = String::with_capacity(body.len() + 2);
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(next) if next == other => out.push(next),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            }
        } else if c == quote {
            out.push('\\');
            out.push(c);
        } else {
            out.push(c);
        }
    }
    out
}

fn lowercase_hex_escapes(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c != '\\' {
            continue;
        }
        let Some(&kind) = chars.peek() else { break };
        chars.next();
        out.push(kind);
        let digits = match kind {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            'N' => {
                // `\N{NAME}`: names in uppercase.
                if chars.peek() == Some(&'{') {
                    for c in chars.by_ref() {
                        out.push(c.to_ascii_uppercase());
                        if c == '}' {
                            break;
                        }
                    }
                }
                0
            }
            _ => 0,
        };
        for _ in 0..digits {
            match chars.peek() {
                Some(d) if d.is_ascii_hexdigit() => {
                    out.push(d.to_ascii_lowercase());
                    chars.next();
                }
                _ => break,
            }
        }
    }
    out
}

/// A number literal as ruff writes it: lowercase prefixes and exponent, uppercase hex
/// digits, lowercase `j`; Python 2's `L` suffix kept as `L`.
pub fn normalize_number(token: &str) -> String {
    let lower = token.to_ascii_lowercase();
    if let Some(digits) = lower.strip_prefix("0x") {
        let (digits, long) = match digits.strip_suffix('l') {
            Some(d) => (d, "L"),
            None => (digits, ""),
        };
        return format!("0x{}{long}", digits.to_ascii_uppercase());
    }
    if let Some(digits) = lower.strip_suffix('l') {
        return format!("{digits}L");
    }
    if lower.starts_with("0o") || lower.starts_with("0b") || !lower.contains(['.', 'e']) {
        return lower;
    }
    // Floats: a digit on each side of the point.
    let mut out = String::new();
    if lower.starts_with('.') {
        out.push('0');
    }
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '.' && !chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('0');
        }
    }
    out
}
