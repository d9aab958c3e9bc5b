//! The client's settings for the server, its `aurora` section: read from the JSON an
//! editor sends (`initializationOptions`, `workspace/didChangeConfiguration`, the answer
//! to `workspace/configuration`), each entry that cannot be used named in a message.

use aurora_compiler::config::Binding;
use serde_json::Value;

/// The section of the client's settings the server reads.
pub const SECTION: &str = "aurora";

/// What the client configured.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// `aurora.bindings`: names bound as `--bind NAME=VALUE` binds them, by name.
    pub bindings: Vec<(String, String)>,
}

impl Settings {
    /// The settings of `section` (the value of `aurora`), and why each entry left out was.
    pub fn from_section(section: &Value) -> (Settings, Vec<String>) {
        let mut problems = Vec::new();
        let Value::Object(section) = section else {
            let problem = format!("`{SECTION}` settings: expected an object, found {section}");
            return (Settings::default(), vec![problem]);
        };
        let bindings = match section.get("bindings") {
            None | Some(Value::Null) => Vec::new(),
            // An empty Lua table (Neovim's `bindings = {}`) is sent as an empty array.
            Some(Value::Array(items)) if items.is_empty() => Vec::new(),
            Some(Value::Object(entries)) => entries
                .iter()
                .filter_map(|(name, value)| match binding(name, value) {
                    Ok(binding) => Some(binding),
                    Err(problem) => {
                        problems.push(problem);
                        None
                    }
                })
                .collect(),
            Some(other) => {
                problems.push(format!(
                    "`{SECTION}.bindings`: expected an object of names to strings, found {other}"
                ));
                Vec::new()
            }
        };
        (Settings { bindings }, problems)
    }

    /// The settings in a client's `initializationOptions`: `{"bindings": ...}`, or the same
    /// under `aurora`. `None` when it holds none.
    pub fn from_initialization_options(options: &Value) -> Option<(Settings, Vec<String>)> {
        let section = match options.get(SECTION) {
            Some(section) if !section.is_null() => section,
            _ if options.get("bindings").is_some() => options,
            _ => return None,
        };
        Some(Settings::from_section(section))
    }

    /// The bindings as `--bind` arguments (`NAME=VALUE`).
    pub fn bind_arguments(&self) -> Vec<String> {
        self.bindings
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect()
    }
}

/// One entry of `aurora.bindings`, checked as the client checks a `--bind`.
fn binding(name: &str, value: &Value) -> Result<(String, String), String> {
    let value = match value {
        Value::String(text) => text.clone(),
        // `{"instances": 3}` means what `--bind instances=3` does.
        Value::Number(number) => number.to_string(),
        other => {
            return Err(format!(
                "`{SECTION}.bindings.{name}`: expected a string, found {other}"
            ))
        }
    };
    if name.contains('=') {
        return Err(format!(
            "`{SECTION}.bindings`: the name `{name}` cannot contain `=`"
        ));
    }
    Binding::parse(&format!("{name}={value}"))
        .map_err(|message| format!("`{SECTION}.bindings.{name}`: {message}"))?;
    Ok((name.to_string(), value))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Settings;

    fn bindings(settings: &Settings) -> Vec<(&str, &str)> {
        settings
            .bindings
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect()
    }

    #[test]
    fn bindings_are_read_as_bind_arguments() {
        let (settings, problems) = Settings::from_section(
            &json!({"bindings": {"release": "1.2", "profile.instances": 3}, "other": 1}),
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            bindings(&settings),
            [("profile.instances", "3"), ("release", "1.2")]
        );
        assert_eq!(
            settings.bind_arguments(),
            ["profile.instances=3", "release=1.2"]
        );
    }

    #[test]
    fn entries_that_cannot_be_bound_are_named() {
        let (settings, problems) = Settings::from_section(
            &json!({"bindings": {"ok": "1", "flag": true, "a=b": "c", "bad name": "x"}}),
        );
        assert_eq!(bindings(&settings), [("ok", "1")]);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems
            .iter()
            .any(|p| p.contains("`aurora.bindings.flag`: expected a string")));
        assert!(problems.iter().any(|p| p.contains("cannot contain `=`")));
        assert!(problems
            .iter()
            .any(|p| p.contains("Could not parse binding parameter")));
        let (settings, problems) = Settings::from_section(&json!({"bindings": ["x"]}));
        assert_eq!(settings, Settings::default());
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn empty_and_missing_bindings_bind_nothing() {
        for section in [
            json!({}),
            json!({"bindings": null}),
            json!({"bindings": []}),
        ] {
            let (settings, problems) = Settings::from_section(&section);
            assert_eq!(settings, Settings::default(), "{section}");
            assert!(problems.is_empty(), "{section}: {problems:?}");
        }
    }

    #[test]
    fn initialization_options_hold_the_section_or_its_content() {
        for options in [
            json!({"bindings": {"x": "1"}}),
            json!({"aurora": {"bindings": {"x": "1"}}}),
        ] {
            let (settings, _) = Settings::from_initialization_options(&options).unwrap();
            assert_eq!(bindings(&settings), [("x", "1")], "{options}");
        }
        assert!(Settings::from_initialization_options(&json!(null)).is_none());
        assert!(Settings::from_initialization_options(&json!({"other": 1})).is_none());
    }
}
