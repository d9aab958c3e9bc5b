use super::*;
use crate::job::Tiers;

fn options() -> AnalysisOptions {
    AnalysisOptions {
        load: LoadOptions {
            hermetic: true,
            output: crate::eval::Output::Capture,
            ..LoadOptions::default()
        },
        compile: CompileOptions {
            user: "alice".into(),
            tiers: Tiers::default(),
        },
    }
}

fn codes_and_places(analysis: &Analysis) -> Vec<(String, String)> {
    analysis
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let span = diagnostic.primary_span();
            (
                diagnostic.code.0.to_string(),
                analysis.sources.snippet(span).to_string(),
            )
        })
        .collect()
}

#[test]
fn the_buffer_is_evaluated_not_the_file_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.aurora");
    std::fs::write(&path, "this is not python").unwrap();
    let analysis = analyze(&path, "x = 1 + 2\n", &options());
    assert!(
        analysis.diagnostics.is_empty(),
        "{:?}",
        analysis.diagnostics
    );
    assert_eq!(analysis.values, vec![("x".to_string(), "3".to_string())]);
}

#[test]
fn job_errors_are_reported_with_their_key() {
    let text = r#"
jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'j',
            task = Task(processes = [Process(name = 'p', cmdline = 'echo {{x}}')],
                        resources = Resources(cpu = 1, ram = 64 * MB, disk = 64 * MB)))]
"#;
    let dir = tempfile::tempdir().unwrap();
    let analysis = analyze(&dir.path().join("a.aurora"), text, &options());
    assert_eq!(analysis.jobs, vec!["c/r/prod/j".to_string()]);
    assert_eq!(
        codes_and_places(&analysis),
        vec![("E0302".to_string(), "cmdline = 'echo {{x}}'".to_string())]
    );
}

#[test]
fn problems_of_included_files_attach_to_the_include_call() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("inner.aurora"), "y = 1 +\n").unwrap();
    std::fs::write(
        dir.path().join("middle.aurora"),
        "include('inner.aurora')\n",
    )
    .unwrap();
    let text = "x = 1\ninclude('middle.aurora')\n";
    let analysis = analyze(&dir.path().join("a.aurora"), text, &options());
    let places = codes_and_places(&analysis);
    assert!(!places.is_empty());
    for (_, snippet) in places {
        assert_eq!(snippet, "include('middle.aurora')");
    }
}

#[test]
fn templates_are_expanded_in_their_job_and_on_their_own() {
    let text = r#"
p = Process(name = 'hello', cmdline = 'echo {{name}} {{mesos.instance}}')
jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'hello',
            task = Task(processes = [p],
                        resources = Resources(cpu = 1, ram = 64 * MB, disk = 64 * MB)))]
"#;
    let dir = tempfile::tempdir().unwrap();
    let analysis = analyze(&dir.path().join("a.aurora"), text, &options());
    let found: Vec<(String, &Owner, &str, &[String])> = analysis
        .templates
        .iter()
        .map(|t| {
            (
                analysis.sources.snippet(t.span).to_string(),
                &t.owner,
                t.expanded.as_str(),
                t.unbound.as_slice(),
            )
        })
        .collect();
    let snippet = "cmdline = 'echo {{name}} {{mesos.instance}}'".to_string();
    let unbound = ["mesos.instance".to_string()];
    assert_eq!(
        found,
        vec![
            (
                snippet.clone(),
                &Owner::Job("c/r/prod/hello".into()),
                "echo hello {{mesos.instance}}",
                &unbound[..]
            ),
            (
                snippet,
                &Owner::Value("p".into()),
                "echo hello {{mesos.instance}}",
                &unbound[..]
            ),
        ]
    );
    assert_eq!(
        analysis.summaries,
        vec![JobSummary {
            key: "c/r/prod/hello".into(),
            processes: vec![("hello".into(), "echo hello {{mesos.instance}}".into())],
        }]
    );
}

#[test]
fn jobs_that_do_not_compile_still_expand_their_templates() {
    let text = r#"
jobs = [Job(cluster = 'c', role = '{{x}}', environment = 'prod', name = 'j',
            task = Task(processes = [Process(name = 'p', cmdline = 'echo {{role}} {{x}}')],
                        resources = Resources(cpu = 1, ram = 64 * MB, disk = 64 * MB)))]
"#;
    let dir = tempfile::tempdir().unwrap();
    let analysis = analyze(&dir.path().join("a.aurora"), text, &options());
    assert!(!analysis.diagnostics.is_empty());
    let expanded: Vec<&str> = analysis
        .templates
        .iter()
        .map(|t| t.expanded.as_str())
        .collect();
    assert_eq!(expanded, vec!["{{x}}", "echo {{x}} {{x}}"]);
}
