//! The `aurora-lsp` binary's editing features over stdio: references, rename, quick fixes,
//! template hovers and job code lenses.

mod common;

use common::{position_of, Client};
use serde_json::{json, Value};

/// Each location or edit as `line:start-line:end`, in order.
fn ranges(items: &Value) -> Vec<String> {
    let mut ranges: Vec<String> = items
        .as_array()
        .expect("an array")
        .iter()
        .map(|item| {
            let (start, end) = (&item["range"]["start"], &item["range"]["end"]);
            format!(
                "{}:{}-{}:{}",
                start["line"], start["character"], end["line"], end["character"]
            )
        })
        .collect();
    ranges.sort();
    ranges
}

fn position(text: &str, needle: &str, shift: usize) -> Value {
    let (line, character) = position_of(text, needle, shift);
    json!({"line": line, "character": character})
}

fn rename(client: &mut Client, uri: &str, at: Value, new_name: &str) -> Result<Value, Value> {
    client.try_request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": at, "newName": new_name}),
    )
}

fn prepare_rename(client: &mut Client, uri: &str, at: Value) -> Result<Value, Value> {
    client.try_request(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": uri}, "position": at}),
    )
}

#[test]
fn references_and_rename_follow_python_scopes() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start();
    let text = r#"size = 2 * MB
def scaled(size, factor = 2):
  total = size * factor
  return total
ram = scaled(size)
sizes = [size for size in [1, 2]]
p = Process(name = 'x', cmdline = 'y')
"#;
    let uri = client.open(&dir.path().join("a.aurora"), text);

    // The module's `size`: not the parameter, not the comprehension's variable.
    let references = client.request(
        "textDocument/references",
        json!({
            "textDocument": {"uri": uri},
            "position": position(text, "size = 2", 0),
            "context": {"includeDeclaration": true},
        }),
    );
    assert_eq!(ranges(&references), vec!["0:0-0:4", "4:13-4:17"]);
    assert!(references[0]["uri"] == json!(uri));
    let references = client.request(
        "textDocument/references",
        json!({
            "textDocument": {"uri": uri},
            "position": position(text, "size = 2", 0),
            "context": {"includeDeclaration": false},
        }),
    );
    assert_eq!(ranges(&references), vec!["4:13-4:17"]);

    // The parameter, renamed where the function reads it.
    let at = position(text, "size, factor", 0);
    let range = prepare_rename(&mut client, &uri, at.clone()).unwrap();
    assert_eq!(
        range,
        json!({"start": {"line": 1, "character": 11}, "end": {"line": 1, "character": 15}})
    );
    let edit = rename(&mut client, &uri, at, "bytes").unwrap();
    let edits = &edit["changes"][&uri];
    assert_eq!(ranges(edits), vec!["1:11-1:15", "2:10-2:14"]);
    assert_eq!(edits[0]["newText"], "bytes");

    // A local, from a use; its definition too.
    let location = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": position(text, "return total", 7)}),
    );
    assert_eq!(ranges(&json!([location])), vec!["2:2-2:7"]);
    let edit = rename(&mut client, &uri, position(text, "return total", 7), "sum").unwrap();
    assert_eq!(ranges(&edit["changes"][&uri]), vec!["2:2-2:7", "3:9-3:14"]);

    // The comprehension's own variable.
    let edit = rename(&mut client, &uri, position(text, "size for", 0), "s").unwrap();
    assert_eq!(
        ranges(&edit["changes"][&uri]),
        vec!["5:18-5:22", "5:9-5:13"]
    );

    // Schema names and fields are refused, with the reason.
    let error = prepare_rename(&mut client, &uri, position(text, "Process", 2)).unwrap_err();
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("defined by the Aurora schema"), "{error}");
    let error = rename(&mut client, &uri, position(text, "cmdline", 2), "command").unwrap_err();
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("field of the Aurora schema's `Process`"),
        "{error}"
    );
    let error = rename(
        &mut client,
        &uri,
        position(text, "size = 2", 0),
        "not valid",
    )
    .unwrap_err();
    assert!(error["message"]
        .as_str()
        .unwrap()
        .contains("not a valid name"));

    // Not on a name: nothing to rename.
    let nothing = prepare_rename(&mut client, &uri, position(text, "2 * MB", 0)).unwrap();
    assert_eq!(nothing, Value::Null);
}

#[test]
fn names_from_included_files_are_not_renamed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.aurora"), "base = 1\n").unwrap();
    let mut client = Client::start();
    let text = "include('base.aurora')\ny = base\n";
    let uri = client.open(&dir.path().join("a.aurora"), text);
    let error = prepare_rename(&mut client, &uri, position(text, "base\n", 1)).unwrap_err();
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("included file"), "{error}");
    // Its references in this file are still found.
    let references = client.request(
        "textDocument/references",
        json!({
            "textDocument": {"uri": uri},
            "position": position(text, "base\n", 1),
            "context": {"includeDeclaration": true},
        }),
    );
    assert_eq!(ranges(&references), vec!["1:4-1:8"]);
}

/// The code actions for the buffer's first published diagnostic (with its `data` removed
/// when `strip_data`, as a client that does not send it back).
fn quick_fixes(client: &mut Client, uri: &str, strip_data: bool) -> Value {
    let params = client.diagnostics(uri, |p| !p["diagnostics"].as_array().unwrap().is_empty());
    let mut diagnostic = params["diagnostics"][0].clone();
    if strip_data {
        diagnostic.as_object_mut().unwrap().remove("data");
    }
    client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic]},
        }),
    )
}

/// The one edit of the one code action.
fn only_edit<'a>(actions: &'a Value, uri: &str) -> &'a Value {
    assert_eq!(actions.as_array().unwrap().len(), 1, "{actions}");
    assert_eq!(actions[0]["kind"], "quickfix");
    let edits = actions[0]["edit"]["changes"][uri].as_array().unwrap();
    assert_eq!(edits.len(), 1, "{actions}");
    &edits[0]
}

#[test]
fn quick_fixes_replace_misspelled_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start();
    for strip_data in [false, true] {
        let uri = client.open(
            &dir.path().join(format!("names{strip_data}.aurora")),
            "size = 1\nx = sise\n",
        );
        let actions = quick_fixes(&mut client, &uri, strip_data);
        let edit = only_edit(&actions, &uri);
        assert_eq!(edit["newText"], "size");
        assert_eq!(ranges(&json!([edit])), vec!["1:4-1:8"]);
        assert_eq!(actions[0]["title"], "Replace `sise` with `size`");
    }

    // For a keyword argument, only its name is replaced.
    let text = "p = Process(name = 'x', cmdline = 'y', max_failure = 2)\n";
    let uri = client.open(&dir.path().join("fields.aurora"), text);
    let actions = quick_fixes(&mut client, &uri, false);
    let edit = only_edit(&actions, &uri);
    assert_eq!(edit["newText"], "max_failures");
    assert_eq!(ranges(&json!([edit])), vec!["0:39-0:50"]);
}

#[test]
fn quick_fixes_add_missing_required_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start();
    let text = r#"q = Process(name = 'x')
jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'hello',
            task = Task(processes = [q],
                        resources = Resources(cpu = 1, ram = 64 * MB, disk = 64 * MB)))]
"#;
    let uri = client.open(&dir.path().join("a.aurora"), text);
    for strip_data in [false, true] {
        let actions = quick_fixes(&mut client, &uri, strip_data);
        let edit = only_edit(&actions, &uri);
        assert_eq!(edit["newText"], ", cmdline = ''");
        assert_eq!(ranges(&json!([edit])), vec!["0:22-0:22"]);
        assert_eq!(actions[0]["title"], "Add the required field `cmdline = ''`");
        // The diagnostics are published once; show them again for the second round.
        client.change(&uri, 2 + i32::from(strip_data), text);
    }
}

#[test]
fn templates_hover_with_their_job_expansion_and_jobs_get_lenses() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start();
    let text = r#"greeting = 'hi {{role}}'
p = Process(name = 'p', cmdline = 'echo {{role}} {{mesos.instance}}')
g = Process(name = 'g', cmdline = greeting)
jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'hello',
            task = Task(processes = [p, g],
                        resources = Resources(cpu = 1, ram = 64 * MB, disk = 64 * MB)))]
"#;
    let uri = client.open(&dir.path().join("a.aurora"), text);
    let params = client.diagnostics(&uri, |_| true);
    assert_eq!(params["diagnostics"], json!([]), "{params}");

    let (line, character) = position_of(text, "{{mesos", 3);
    let hover = client.at("hover", &uri, line, character);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("Expanded in job `c/r/prod/hello`:\n```\necho r {{mesos.instance}}\n```"),
        "{value}"
    );
    assert!(value.contains("Unbound: `{{mesos.instance}}`"), "{value}");
    // The job's expansion only, not `p`'s on its own (where `{{role}}` is unbound).
    assert!(!value.contains("Expanded in `p`"), "{value}");
    assert_eq!(
        hover["range"],
        json!({"start": {"line": 1, "character": 34}, "end": {"line": 1, "character": 68}})
    );

    // A string reached through a variable is found by its text.
    let (line, character) = position_of(text, "hi {{role}}", 1);
    let hover = client.at("hover", &uri, line, character);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("```\nhi r\n```"), "{value}");

    let lenses = client.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(lenses.as_array().unwrap().len(), 1, "{lenses}");
    assert_eq!(
        lenses[0]["command"]["title"],
        "c/r/prod/hello: echo r {{mesos.instance}} (+1 process)"
    );
    assert_eq!(
        lenses[0]["range"]["start"],
        json!({"line": 3, "character": 8})
    );
}
