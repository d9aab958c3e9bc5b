//! The IDL's shape (every struct's fields with ids, names and types, every enum's values)
//! and the parser that reads it from IDL text. Self-contained: the crate's build script
//! compiles this file too, to parse the bundled IDL once at build time.
//!
//! The parser covers the IDL subset Aurora's file uses: `namespace`, `const`, `typedef`,
//! `enum`, `struct`, `union`, `exception` and `service` (services are skipped).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// A field or element type as written in the IDL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Type {
    Bool,
    Byte,
    I16,
    I32,
    I64,
    Double,
    String,
    Binary,
    /// A struct, union, exception or enum, by name.
    Named(String),
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>, Box<Type>),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Field {
    pub(crate) id: i16,
    pub(crate) name: String,
    pub(crate) ty: Type,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct StructDef {
    pub(crate) name: String,
    /// Declared with `union`: exactly one field is set.
    pub(crate) is_union: bool,
    pub(crate) fields: Vec<Field>,
}

impl StructDef {
    pub(crate) fn field_by_id(&self, id: i16) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub(crate) fn field_by_name(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct EnumDef {
    pub(crate) values: Vec<(String, i32)>,
}

impl EnumDef {
    pub(crate) fn name_of(&self, value: i32) -> Option<&str> {
        self.values
            .iter()
            .find(|(_, v)| *v == value)
            .map(|(n, _)| n.as_str())
    }

    pub(crate) fn value_of(&self, name: &str) -> Option<i32> {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }
}

/// What a named type refers to.
pub(crate) enum Named<'a> {
    Struct(&'a StructDef),
    Enum(&'a EnumDef),
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Schema {
    pub(crate) structs: HashMap<String, StructDef>,
    pub(crate) enums: HashMap<String, EnumDef>,
    /// Struct and union names in declaration order.
    pub(crate) struct_order: Vec<String>,
    typedefs: HashMap<String, Type>,
}

impl Schema {
    pub(crate) fn lookup(&self, name: &str) -> Option<Named<'_>> {
        if let Some(def) = self.structs.get(name) {
            return Some(Named::Struct(def));
        }
        self.enums.get(name).map(Named::Enum)
    }

    /// Resolves typedefs, so callers only see base, container and struct/enum types.
    pub(crate) fn resolve<'a>(&'a self, ty: &'a Type) -> &'a Type {
        let mut ty = ty;
        for _ in 0..16 {
            match ty {
                Type::Named(name) => match self.typedefs.get(name) {
                    Some(target) => ty = target,
                    None => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }
}

/// Parses IDL text into its structs and enums.
pub(crate) fn parse(text: &str) -> Result<Schema, String> {
    let tokens = tokenize(text)?;
    let mut p = Cursor {
        tokens: &tokens,
        pos: 0,
    };
    let mut schema = Schema::default();
    while let Some(word) = p.next() {
        match word {
            "namespace" | "include" | "cpp_include" => {
                p.next();
                if word == "namespace" {
                    p.next();
                }
            }
            "const" => {
                p.ty()?;
                p.next();
                p.expect("=")?;
                p.skip_value()?;
            }
            "typedef" => {
                let ty = p.ty()?;
                let name = p.name()?;
                schema.typedefs.insert(name, ty);
            }
            "enum" => {
                let name = p.name()?;
                p.expect("{")?;
                let mut values = Vec::new();
                let mut next_value = 0i32;
                while p.peek() != Some("}") {
                    let value_name = p.name()?;
                    if p.peek() == Some("=") {
                        p.next();
                        let number = p.next().ok_or("enum value expected")?;
                        next_value = number.parse().map_err(|_| format!("bad value {number}"))?;
                    }
                    values.push((value_name, next_value));
                    next_value = next_value.wrapping_add(1);
                    p.separator();
                }
                p.expect("}")?;
                schema.enums.insert(name, EnumDef { values });
            }
            "struct" | "union" | "exception" => {
                let is_union = word == "union";
                let name = p.name()?;
                p.expect("{")?;
                let mut fields = Vec::new();
                while p.peek() != Some("}") {
                    let id = p.next().ok_or("field id expected")?;
                    let id: i16 = id
                        .parse()
                        .map_err(|_| format!("bad field id {id} in {name}"))?;
                    p.expect(":")?;
                    if matches!(p.peek(), Some("required" | "optional")) {
                        p.next();
                    }
                    let ty = p.ty()?;
                    let field_name = p.name()?;
                    if p.peek() == Some("=") {
                        p.next();
                        p.skip_value()?;
                    }
                    p.separator();
                    fields.push(Field {
                        id,
                        name: field_name,
                        ty,
                    });
                }
                p.expect("}")?;
                schema.struct_order.push(name.clone());
                schema.structs.insert(
                    name.clone(),
                    StructDef {
                        name,
                        is_union,
                        fields,
                    },
                );
            }
            "service" => {
                p.name()?;
                if p.peek() == Some("extends") {
                    p.next();
                    p.next();
                }
                p.skip_value()?;
            }
            other => return Err(format!("unexpected `{other}` at the top level")),
        }
    }
    Ok(schema)
}

fn tokenize(text: &str) -> Result<Vec<&str>, String> {
    let bytes = text.as_bytes();
    // About one token per eight bytes of Aurora's IDL, comments included.
    let mut tokens = Vec::with_capacity(text.len() / 8);
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let rest = &bytes[i..];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if rest.starts_with(b"//") || c == b'#' {
            i = rest
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |n| i + n);
        } else if rest.starts_with(b"/*") {
            let end = rest[2..]
                .windows(2)
                .position(|w| w == b"*/")
                .ok_or("unterminated comment")?;
            i += end + 4;
        } else if c == b'"' || c == b'\'' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != c {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            if j >= bytes.len() {
                return Err("unterminated string".into());
            }
            tokens.push(&text[i..=j]);
            i = j + 1;
        } else if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'+') {
            let length = rest[1..]
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'.'))
                .unwrap_or(rest.len() - 1);
            tokens.push(&text[i..i + 1 + length]);
            i += 1 + length;
        } else {
            tokens.push(&text[i..i + 1]);
            i += 1;
        }
    }
    Ok(tokens)
}

struct Cursor<'a, 't> {
    tokens: &'t [&'a str],
    pos: usize,
}

impl<'a> Cursor<'a, '_> {
    fn peek(&self) -> Option<&'a str> {
        self.tokens.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<&'a str> {
        let token = self.peek();
        self.pos += 1;
        token
    }

    fn expect(&mut self, wanted: &str) -> Result<(), String> {
        match self.next() {
            Some(t) if t == wanted => Ok(()),
            other => Err(format!("expected `{wanted}`, found {other:?}")),
        }
    }

    fn name(&mut self) -> Result<String, String> {
        match self.next() {
            Some(t) if t.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') => {
                Ok(t.to_owned())
            }
            other => Err(format!("expected a name, found {other:?}")),
        }
    }

    /// Skips an optional `,` or `;` between items.
    fn separator(&mut self) {
        if matches!(self.peek(), Some("," | ";")) {
            self.pos += 1;
        }
    }

    fn ty(&mut self) -> Result<Type, String> {
        let word = self.name()?;
        Ok(match word.as_str() {
            "bool" => Type::Bool,
            "byte" | "i8" => Type::Byte,
            "i16" => Type::I16,
            "i32" => Type::I32,
            "i64" => Type::I64,
            "double" => Type::Double,
            "string" => Type::String,
            "binary" => Type::Binary,
            "list" | "set" => {
                self.expect("<")?;
                let element = Box::new(self.ty()?);
                self.expect(">")?;
                if word == "list" {
                    Type::List(element)
                } else {
                    Type::Set(element)
                }
            }
            "map" => {
                self.expect("<")?;
                let key = Box::new(self.ty()?);
                self.expect(",")?;
                let value = Box::new(self.ty()?);
                self.expect(">")?;
                Type::Map(key, value)
            }
            _ => Type::Named(word),
        })
    }

    /// Skips one constant value or one balanced `{...}`/`[...]` group.
    fn skip_value(&mut self) -> Result<(), String> {
        let mut depth = 0usize;
        loop {
            let token = self.next().ok_or("unexpected end of the IDL in a value")?;
            match token {
                "{" | "[" => depth += 1,
                "}" | "]" => depth = depth.checked_sub(1).ok_or("unbalanced brackets")?,
                _ => {}
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }
}
