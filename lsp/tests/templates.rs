//! Templates over stdio: the `aurora.bindings` setting (from `initializationOptions`,
//! `workspace/didChangeConfiguration` and `workspace/configuration`), and `{{` completion
//! of the names a buffer binds.

mod common;

use common::{position_of, Client};
use serde_json::{json, Value};

const UNBOUND: &str = r#"p = Process(name = 'web', cmdline = 'serve --release {{release}}')
jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'j',
            task = Task(processes = [p], resources = Resources(cpu = 1, ram = 64 * MB, disk = 64 * MB)))]
"#;

/// Each diagnostic's first line.
fn messages(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .expect("diagnostics is an array")
        .iter()
        .map(|d| {
            let message = d["message"].as_str().unwrap_or("");
            message.lines().next().unwrap_or("").to_string()
        })
        .collect()
}

fn is_empty(params: &Value) -> bool {
    params["diagnostics"].as_array().is_some_and(Vec::is_empty)
}

fn configure(client: &mut Client, settings: Value) {
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": settings}),
    );
}

fn hover_text(client: &mut Client, uri: &str, text: &str, needle: &str) -> String {
    let (line, character) = position_of(text, needle, 1);
    let hover = client.at("hover", uri, line, character);
    hover["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// The label and detail of each item.
fn labelled(items: &Value) -> Vec<(String, String)> {
    items
        .as_array()
        .expect("completion items")
        .iter()
        .map(|item| {
            let text = |key: &str| item[key].as_str().unwrap_or("").to_string();
            (text("label"), text("detail"))
        })
        .collect()
}

#[test]
fn bindings_from_did_change_configuration_bind_templates() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start();
    let uri = client.open(&dir.path().join("a.aurora"), UNBOUND);
    let params = client.diagnostics(&uri, |_| true);
    let found = messages(&params);
    assert_eq!(found.len(), 1, "{params}");
    assert!(
        found[0].contains("Unexpected unbound refs: {{release}}"),
        "{found:?}"
    );

    configure(
        &mut client,
        json!({"aurora": {"bindings": {"release": "1.0"}}}),
    );
    client.diagnostics(&uri, is_empty);
    // What hovers show was worked out again, with the binding.
    let hover = hover_text(&mut client, &uri, UNBOUND, "'serve");
    assert!(hover.contains("serve --release 1.0"), "{hover}");

    // An entry that cannot be bound is left out, with a warning; the others still apply.
    configure(
        &mut client,
        json!({"aurora": {"bindings": {"release": "1.1", "flag": true}}}),
    );
    let warning = client.message("showMessage", |m| m["method"] == "window/showMessage");
    let text = warning["params"]["message"].as_str().unwrap();
    assert!(
        text.contains("`aurora.bindings.flag`: expected a string"),
        "{warning}"
    );
    assert_eq!(warning["params"]["type"], 2);
    client.diagnostics(&uri, is_empty);

    // Without the binding, the error is back.
    configure(&mut client, json!({"aurora": {}}));
    let params = client.diagnostics(&uri, |p| !is_empty(p));
    assert!(messages(&params)[0].contains("{{release}}"), "{params}");
}

#[test]
fn bindings_from_initialization_options_apply_from_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start_with(json!({
        "initializationOptions": {"bindings": {"release": "1.0"}},
    }));
    let uri = client.open(&dir.path().join("a.aurora"), UNBOUND);
    let params = client.diagnostics(&uri, |_| true);
    assert!(is_empty(&params), "{params}");
}

#[test]
fn bindings_are_asked_for_when_the_client_answers_configuration_requests() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start_with(json!({
        "capabilities": {"workspace": {"configuration": true}},
    }));
    let is_configuration = |m: &Value| m["method"] == "workspace/configuration";
    let request = client.message("workspace/configuration", is_configuration);
    assert_eq!(request["params"]["items"], json!([{"section": "aurora"}]));
    client.respond(&request, json!([{"bindings": {"release": "1.0"}}]));
    let uri = client.open(&dir.path().join("a.aurora"), UNBOUND);
    client.diagnostics(&uri, is_empty);

    // A change the client does not spell out: the server asks again.
    configure(&mut client, Value::Null);
    let request = client.message("workspace/configuration", is_configuration);
    client.respond(&request, json!([{"bindings": {}}]));
    let params = client.diagnostics(&uri, |p| !is_empty(p));
    assert!(messages(&params)[0].contains("{{release}}"), "{params}");
}

#[test]
fn completion_offers_the_fields_of_what_the_buffer_binds() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start_with(json!({
        "initializationOptions": {"bindings": {"region": "us-east", "profile.owner": "web-team"}},
    }));
    let text = r#"class Profile(Struct):
  environment = Required(String)
  release = Default(String, 'latest')
  instances = Default(Integer, 1)

STAGING = Profile(environment = 'staging')
PRODUCTION = Profile(environment = 'prod', release = '2.4.1', instances = 6)

fetch = Process(name = 'fetch', cmdline = 'curl {{profile.')
WEB_JOB = Service(cluster = 'devcluster', role = 'web', environment = '{{profile.environment}}',
                  name = 'storefront', instances = '{{profile.instances}}',
                  task = Task(processes = [fetch], resources = Resources(cpu = 1, ram = 64 * MB, disk = 64 * MB)))
jobs = [WEB_JOB.bind(profile = p) for p in (STAGING, PRODUCTION)]
canary = WEB_JOB.bind(profile = STAGING)
probe = Process(name = 'probe', cmdline = 'echo {{')
"#;
    let uri = client.open(&dir.path().join("web.aurora"), text);

    let (line, character) = position_of(text, "{{profile.')", "{{profile.".len());
    let fields = labelled(&client.at("completion", &uri, line, character));
    let expected = [
        ("environment", "String (required)"),
        ("release", "String = 'latest'"),
        ("instances", "Integer = 1"),
        // Bound by the setting, not a field of `Profile`.
        ("owner", "'web-team' (aurora.bindings)"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(label, detail)| (label.to_string(), detail.to_string()))
        .collect();
    assert_eq!(fields, expected);

    let (line, character) = position_of(text, "{{')", 2);
    let items = client.at("completion", &uri, line, character);
    let top = labelled(&items);
    let detail = |label: &str| {
        top.iter()
            .find(|(l, _)| l == label)
            .map(|(_, detail)| detail.as_str())
            .unwrap_or_else(|| panic!("{label}: {top:?}"))
    };
    assert_eq!(detail("profile"), "Profile");
    assert_eq!(detail("region"), "'us-east' (aurora.bindings)");
    assert!(top.iter().any(|(label, _)| label == "thermos"), "{top:?}");
    // `profile` once: the buffer binds it, and the setting binds inside it.
    assert_eq!(top.iter().filter(|(l, _)| l == "profile").count(), 1);
    let profile = items
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["label"] == "profile")
        .unwrap();
    let doc = profile["documentation"]["value"].as_str().unwrap();
    assert_eq!(
        doc,
        "Bound by `.bind(profile = ...)` in this file: `STAGING`, `PRODUCTION`."
    );
}
