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

    if triple {
        let new_quote = if quote == '\'' && !body.contains('"') && !body.ends_with('\\') {
            '"'
        } else {
            quote
        };
        let delimiter = new_quote.to_string().repeat(3);
        return format!("{prefix}{delimiter}{body}{delimiter}");
    }

    if raw {
        let new_quote = if quote == '\'' && !body.contains('"') {
            '"'
        } else {
            quote
        };
        return format!("{prefix}{new_quote}{body}{new_quote}");
    }

    let (singles, doubles) = count_quotes(&body);
    let new_quote = if doubles > singles { '\'' } else { '"' };
    let body = requote(&body, new_quote);
    format!("{prefix}{new_quote}{body}{new_quote}")
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
