//! A parsed module as bytes and back (postcard), so a file that never changes, such as the
//! schema prelude, is parsed once at build time instead of at every start.

use crate::ast::Module;

/// The module's syntax tree, spans included, as bytes for [`decode`].
pub fn encode(module: &Module) -> Vec<u8> {
    postcard::to_allocvec(module).expect("a syntax tree always serializes")
}

/// The module [`encode`] wrote. Bytes from another build of this crate may not decode: the
/// format follows the syntax tree's shape.
pub fn decode(bytes: &[u8]) -> Result<Module, String> {
    postcard::from_bytes(bytes).map_err(|e| format!("not a syntax tree of this version: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FileId;

    #[test]
    fn a_module_round_trips() {
        let source = "class A(Struct):\n  x = Default(Integer, 10L)\n\ndef f(a, (b, c)=1, *d, **e):\n  return [b'x', u'y', 1.5j, `a`]\n";
        let parsed = crate::parse(source, FileId(3));
        assert!(parsed.is_ok(), "{:?}", parsed.diagnostics);
        let decoded = decode(&encode(&parsed.module)).unwrap();
        assert_eq!(decoded, parsed.module);
    }

    #[test]
    fn other_bytes_are_an_error() {
        assert!(decode(b"\xff\xff\xff").is_err());
    }
}
