//! The IDL's shape at run time: every struct's fields (id, name, type) and every enum's
//! values, read from `api/thrift/api.thrift` itself (bundled with `include_str!`), so the
//! canonical JSON codec has one source of truth with the generated code. Protocol calls carry
//! field names and ids but not enum names or container element types; this fills the gap.
//!
//! The parser covers the IDL subset Aurora's file uses: `namespace`, `const`, `typedef`,
//! `enum`, `struct`, `union`, `exception` and `service` (services are skipped).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The IDL text the generated code was made from.
pub(crate) const IDL: &str = include_str!("../thrift/api.thrift");

/// A field or element type as written in the IDL.
#[derive(Clone, Debug, PartialEq, Eq)]
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

#[derive(Clone, Debug)]
pub(crate) struct Field {
    pub(crate) id: i16,
    pub(crate) name: String,
    pub(crate) ty: Type,
}

#[derive(Clone, Debug)]
pub(crate) struct StructDef {
    pub(crate) name: String,
    /// Declared with `union`: exactly one field is set.
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "the generated readers check unions; tests build them"
        )
    )]
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

#[derive(Clone, Debug)]
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

#[derive(Debug, Default)]
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

/// The schema of the bundled IDL, parsed once.
pub(crate) fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        parse(IDL).expect("the bundled api.thrift parses (checked by schema::tests)")
    })
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
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if text[i..].starts_with("//") || c == b'#' {
            i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
        } else if text[i..].starts_with("/*") {
            let end = text[i + 2..].find("*/").ok_or("unterminated comment")?;
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
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'+' {
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || b"_.".contains(&bytes[j]))
            {
                j += 1;
            }
            tokens.push(&text[i..j]);
            i = j;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_idl_parses() {
        let schema = parse(IDL).unwrap();
        assert_eq!(schema.structs.len(), schema.struct_order.len());
        let task = &schema.structs["TaskConfig"];
        let container = task.field_by_name("container").unwrap();
        assert_eq!(
            (container.id, &container.ty),
            (29, &Type::Named("Container".into()))
        );
        let links = task.field_by_id(22).unwrap();
        assert_eq!(
            links.ty,
            Type::Map(Box::new(Type::String), Box::new(Type::String))
        );
        assert_eq!(
            schema.enums["ScheduleStatus"].value_of("PARTITIONED"),
            Some(18)
        );
        assert_eq!(schema.enums["Mode"].name_of(2), Some("RO"));
    }

    #[test]
    fn every_named_type_is_declared() {
        let schema = schema();
        fn check(schema: &Schema, ty: &Type, at: &str) {
            match ty {
                Type::Named(name) => assert!(schema.lookup(name).is_some(), "{at}: {name}"),
                Type::List(e) | Type::Set(e) => check(schema, e, at),
                Type::Map(k, v) => {
                    check(schema, k, at);
                    check(schema, v, at);
                }
                _ => {}
            }
        }
        for def in schema.structs.values() {
            for field in &def.fields {
                check(schema, &field.ty, &format!("{}.{}", def.name, field.name));
            }
        }
    }

    #[test]
    fn enums_number_implicitly_and_typedefs_resolve() {
        let schema =
            parse("typedef i64 Ms\nenum E { A, B = 5, C }\nstruct S { 1: Ms at }").unwrap();
        assert_eq!(
            schema.enums["E"].values,
            [("A".into(), 0), ("B".into(), 5), ("C".into(), 6)]
        );
        let field = &schema.structs["S"].fields[0];
        assert_eq!(schema.resolve(&field.ty), &Type::I64);
    }
}
