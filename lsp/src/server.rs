//! The LSP front: buffers kept in memory (full text sync), requests answered from them,
//! diagnostics published by the analysis thread; the client's settings, which decide how
//! buffers are analysed.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use crate::diagnostics::{spawn_worker, Latest, Outcome, Request, Stamp};
use crate::document::{Document, Evaluated};
use crate::settings::{Settings, SECTION};

/// Open buffers, what the last evaluation of each found, and the settings they are
/// evaluated with.
#[derive(Default)]
struct State {
    documents: HashMap<Uri, Arc<Document>>,
    evaluated: HashMap<Uri, Evaluated>,
    settings: Settings,
    /// Counts the changes of `settings`: an analysis with older settings is stale.
    generation: u64,
    /// The workspace folders' directories. A buffer outside all of them is evaluated
    /// hermetically: opening a stranger's file must not read the environment or files.
    workspace_roots: Vec<PathBuf>,
}

impl State {
    fn is_in_workspace(&self, path: &std::path::Path) -> bool {
        self.workspace_roots
            .iter()
            .any(|root| path.starts_with(root))
    }
}

struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    /// Woken each time an evaluation's hover data is stored.
    evaluated_changed: Arc<tokio::sync::Notify>,
    latest: Latest,
    worker: Mutex<Option<mpsc::Sender<Request>>>,
    /// Whether the client answers `workspace/configuration`.
    pulls_configuration: AtomicBool,
}

/// Serves LSP on standard input and output until the client exits.
pub async fn serve_stdio() {
    let (service, socket) = LspService::new(|client| Backend {
        client,
        state: Arc::default(),
        evaluated_changed: Arc::default(),
        latest: Arc::default(),
        worker: Mutex::new(None),
        pulls_configuration: AtomicBool::new(false),
    });
    // The library reads and writes pipes; `framing` stands between them and stdio.
    let (guard_side, server_input) = tokio::io::duplex(1 << 16);
    let (server_output, output_side) = tokio::io::duplex(1 << 16);
    let (frames, to_stdout) = tokio::sync::mpsc::unbounded_channel();
    let guard = tokio::spawn(crate::framing::guard_input(
        tokio::io::stdin(),
        guard_side,
        frames.clone(),
    ));
    let forward = tokio::spawn(crate::framing::forward_output(output_side, frames));
    let writer = tokio::spawn(crate::framing::write_output(to_stdout, tokio::io::stdout()));
    Server::new(server_input, server_output, socket)
        .serve(service)
        .await;
    // The session is over (`exit`, or the input ended): deliver what is still queued.
    guard.abort();
    let _ = forward.await;
    let _ = writer.await;
}

/// The path a buffer is evaluated as: its file, or `untitled.aurora` in the current
/// directory for buffers that are not files.
fn path_of(uri: &Uri) -> PathBuf {
    uri.to_file_path()
        .map(|path| path.into_owned())
        .unwrap_or_else(|| {
            std::env::current_dir()
                .unwrap_or_default()
                .join("untitled.aurora")
        })
}

impl Backend {
    fn document(&self, uri: &Uri) -> Option<(Arc<Document>, Option<Evaluated>)> {
        let state = self.state.lock().ok()?;
        let document = Arc::clone(state.documents.get(uri)?);
        Some((document, state.evaluated.get(uri).cloned()))
    }

    /// [`Backend::document`] once the evaluation of its current version is in (what
    /// hovers, hints and lenses show comes a little after the diagnostics), waiting at most
    /// a second; after that, what the last evaluation found.
    async fn current_document(&self, uri: &Uri) -> Option<(Arc<Document>, Option<Evaluated>)> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
        loop {
            // Registered before looking, so a store in between is not missed.
            let stored = self.evaluated_changed.notified();
            let (document, evaluated) = self.document(uri)?;
            let current = evaluated
                .as_ref()
                .is_some_and(|e| e.version >= document.version);
            if current || tokio::time::Instant::now() >= deadline {
                return Some((document, evaluated));
            }
            let _ = tokio::time::timeout_at(deadline, stored).await;
        }
    }

    fn update(&self, uri: Uri, text: String, version: i32) {
        let document = Arc::new(Document::new(path_of(&uri), text, version));
        // The buffer is stored and sent under one lock, so new settings either find it
        // stored or are read for it here.
        if let Ok(mut state) = self.state.lock() {
            state.documents.insert(uri.clone(), Arc::clone(&document));
            self.analyse(&state, uri, &document);
        }
    }

    /// Asks the analysis thread for `document` with the settings of `state`.
    fn analyse(&self, state: &State, uri: Uri, document: &Document) {
        let stamp = Stamp {
            version: document.version,
            settings: state.generation,
        };
        if let Ok(mut latest) = self.latest.lock() {
            latest.insert(uri.clone(), stamp);
        }
        if let Ok(worker) = self.worker.lock() {
            if let Some(worker) = worker.as_ref() {
                let _ = worker.send(Request {
                    uri,
                    path: document.path.clone(),
                    text: document.text.clone(),
                    stamp,
                    bindings: state.settings.bind_arguments(),
                    hermetic: !state.is_in_workspace(&document.path),
                });
            }
        }
    }

    fn settings(&self) -> Settings {
        self.state
            .lock()
            .map(|state| state.settings.clone())
            .unwrap_or_default()
    }

    /// Takes `settings` (and tells the user what in them was left out); when they differ
    /// from the current ones, every open buffer is analysed again with them.
    async fn configure(&self, (settings, problems): (Settings, Vec<String>)) {
        let changed = match self.state.lock() {
            Ok(mut state) if state.settings != settings => {
                state.settings = settings;
                state.generation += 1;
                // What hovers show waits for the analyses with the new settings.
                state.evaluated.clear();
                let documents: Vec<(Uri, Arc<Document>)> = state
                    .documents
                    .iter()
                    .map(|(uri, document)| (uri.clone(), Arc::clone(document)))
                    .collect();
                for (uri, document) in documents {
                    self.analyse(&state, uri, &document);
                }
                true
            }
            _ => false,
        };
        if changed && !problems.is_empty() {
            let message = format!("Aurora settings: {}", problems.join("; "));
            self.client
                .show_message(MessageType::WARNING, message)
                .await;
        }
    }

    /// Asks the client for its `aurora` section, and takes it when it has one.
    async fn pull_settings(&self) {
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some(SECTION.to_string()),
        };
        let Ok(values) = self.client.configuration(vec![item]).await else {
            return;
        };
        if let Some(section) = values.first().filter(|section| !section.is_null()) {
            self.configure(Settings::from_section(section)).await;
        }
    }

    fn start_worker(&self) {
        let client = self.client.clone();
        let state = Arc::clone(&self.state);
        let evaluated_changed = Arc::clone(&self.evaluated_changed);
        let runtime = tokio::runtime::Handle::current();
        let worker = spawn_worker(Arc::clone(&self.latest), move |outcome| match outcome {
            Outcome::Diagnostics {
                uri,
                version,
                diagnostics,
            } => {
                let client = client.clone();
                runtime.block_on(client.publish_diagnostics(uri, diagnostics, Some(version)));
            }
            Outcome::Evaluated { uri, evaluated } => {
                if let Ok(mut state) = state.lock() {
                    state.evaluated.insert(uri, evaluated);
                }
                evaluated_changed.notify_waiters();
            }
        });
        if let (Ok(worker), Ok(mut slot)) = (worker, self.worker.lock()) {
            *slot = Some(worker);
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        self.start_worker();
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|folder| folder.uri.to_file_path())
            .map(|path| path.into_owned())
            .collect();
        #[allow(
            deprecated,
            reason = "clients that send no workspace folders send this"
        )]
        if let Some(root) = params.root_uri.as_ref().and_then(|uri| uri.to_file_path()) {
            roots.push(root.into_owned());
        }
        if let Ok(mut state) = self.state.lock() {
            state.workspace_roots = roots;
        }
        let pulls = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|workspace| workspace.configuration)
            .unwrap_or(false);
        self.pulls_configuration.store(pulls, Ordering::Relaxed);
        let options = params.initialization_options.as_ref();
        if let Some(settings) = options.and_then(Settings::from_initialization_options) {
            self.configure(settings).await;
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "aurora-lsp".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::INCREMENTAL,
                )),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![
                        "(".into(),
                        ",".into(),
                        "{".into(),
                        ".".into(),
                        "[".into(),
                    ]),
                    ..CompletionOptions::default()
                }),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                document_formatting_provider: Some(OneOf::Left(true)),
                ..ServerCapabilities::default()
            },
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.pulls_configuration.load(Ordering::Relaxed) {
            self.pull_settings().await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // Clients push the sections they know of (`{"aurora": {...}}`); others send
        // nothing (`null`) and expect the server to ask.
        match params
            .settings
            .get(SECTION)
            .filter(|section| !section.is_null())
        {
            Some(section) => self.configure(Settings::from_section(section)).await,
            None if self.pulls_configuration.load(Ordering::Relaxed) => self.pull_settings().await,
            None => {}
        }
    }

    async fn shutdown(&self) -> Result<()> {
        // Dropping the sender ends the analysis thread.
        if let Ok(mut worker) = self.worker.lock() {
            worker.take();
        }
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        self.update(document.uri, document.text, document.version);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some((document, _)) = self.document(&uri) else {
            return;
        };
        let text = crate::document::apply_changes(&document.text, params.content_changes);
        self.update(uri, text, params.text_document.version);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if let Ok(mut state) = self.state.lock() {
            state.documents.remove(&uri);
            state.evaluated.remove(&uri);
        }
        if let Ok(mut latest) = self.latest.lock() {
            latest.remove(&uri);
        }
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let position = params.text_document_position;
        let Some((document, _)) = self.document(&position.text_document.uri) else {
            return Ok(None);
        };
        let settings = self.settings();
        let items =
            crate::complete::completion_with(&document, position.position, &settings.bindings);
        Ok(Some(CompletionResponse::Array(items)))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let position = params.text_document_position_params;
        let Some((document, evaluated)) = self.current_document(&position.text_document.uri).await
        else {
            return Ok(None);
        };
        Ok(
            crate::templates::hover(&document, evaluated.as_ref(), position.position).or_else(
                || crate::navigate::hover(&document, evaluated.as_ref(), position.position),
            ),
        )
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let position = params.text_document_position_params;
        let uri = position.text_document.uri;
        let Some((document, _)) = self.document(&uri) else {
            return Ok(None);
        };
        Ok(
            crate::navigate::definition(&document, &uri, position.position)
                .map(GotoDefinitionResponse::Scalar),
        )
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some((document, _)) = self.document(&params.text_document.uri) else {
            return Ok(None);
        };
        Ok(Some(DocumentSymbolResponse::Nested(
            crate::symbols::document_symbols(&document),
        )))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let Some((document, _)) = self.document(&params.text_document.uri) else {
            return Ok(None);
        };
        Ok(crate::symbols::formatting(&document))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some((document, evaluated)) = self.current_document(&params.text_document.uri).await
        else {
            return Ok(None);
        };
        Ok(Some(crate::symbols::inlay_hints(
            &document,
            evaluated.as_ref(),
        )))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let position = params.text_document_position;
        let uri = position.text_document.uri;
        let Some((document, _)) = self.document(&uri) else {
            return Ok(None);
        };
        Ok(Some(crate::refactor::references(
            &document,
            &uri,
            position.position,
            params.context.include_declaration,
        )))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let Some((document, _)) = self.document(&params.text_document.uri) else {
            return Ok(None);
        };
        crate::refactor::prepare_rename(&document, params.position)
            .map(|range| range.map(PrepareRenameResponse::Range))
            .map_err(refused)
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let position = params.text_document_position;
        let uri = position.text_document.uri;
        let Some((document, _)) = self.document(&uri) else {
            return Ok(None);
        };
        crate::refactor::rename(&document, &uri, position.position, &params.new_name)
            .map_err(refused)
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some((document, _)) = self.document(&uri) else {
            return Ok(None);
        };
        Ok(Some(crate::actions::code_actions(
            &document,
            &uri,
            &params.context.diagnostics,
        )))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let Some((document, evaluated)) = self.current_document(&params.text_document.uri).await
        else {
            return Ok(None);
        };
        Ok(Some(crate::templates::code_lenses(
            &document,
            evaluated.as_ref(),
        )))
    }
}

/// A request refused for a reason the user should read (an editor shows the message).
fn refused(message: String) -> tower_lsp_server::jsonrpc::Error {
    tower_lsp_server::jsonrpc::Error {
        // LSP's `RequestFailed`: the request was valid, but cannot be carried out.
        code: tower_lsp_server::jsonrpc::ErrorCode::ServerError(-32803),
        message: message.into(),
        data: None,
    }
}
