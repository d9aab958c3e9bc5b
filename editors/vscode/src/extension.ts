// The Aurora extension: starts `aurora-lsp` (a stdio language server) for .aurora files.
// Highlighting, snippets and editing rules are declarative (package.json); this file only
// manages the server process.

import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  Executable,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
// include() makes one file's meaning depend on others: the server hears of every change.
let watcher: vscode.FileSystemWatcher | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  watcher = vscode.workspace.createFileSystemWatcher('**/*.{aurora,aur}');
  context.subscriptions.push(
    watcher,
    vscode.commands.registerCommand('aurora.restartServer', () => restart()),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('aurora.server')) {
        await restart();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart()),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

/** The server command from the settings, with `~` and `${workspaceFolder}` expanded. */
function serverCommand(): Executable {
  const config = vscode.workspace.getConfiguration('aurora.server');
  const command = expand(config.get<string>('path', 'aurora-lsp').trim() || 'aurora-lsp');
  const args = config.get<string[]>('args', []).map(expand);
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return { command, args, options: cwd ? { cwd } : {} };
}

/** The `aurora.bindings` setting: template names to the values bound to them. */
function bindings(): Record<string, string> {
  return vscode.workspace.getConfiguration('aurora').get<Record<string, string>>('bindings', {});
}

function expand(value: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  let expanded = value.replace(/\$\{workspaceFolder\}/g, folder);
  if (expanded === '~' || expanded.startsWith('~/')) {
    expanded = path.join(os.homedir(), expanded.slice(1));
  }
  return expanded;
}

async function start(): Promise<void> {
  // In Restricted Mode the server's path and arguments from workspace settings are
  // ignored by VS Code (see `restrictedConfigurations`), so this runs only user-chosen
  // executables; nothing else needs trust.
  const executable = serverCommand();
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'aurora' },
      { scheme: 'untitled', language: 'aurora' },
    ],
    // The server reads `aurora.bindings` from here at start, and from every change of the
    // `aurora` section (sent as `workspace/didChangeConfiguration`) after.
    initializationOptions: () => ({ bindings: bindings() }),
    synchronize: { fileEvents: watcher, configurationSection: 'aurora' },
  };
  const created = new LanguageClient('aurora', 'Aurora Language Server', serverOptions, clientOptions);
  client = created;
  try {
    await created.start();
  } catch (error) {
    client = undefined;
    await created.dispose().catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    // Not awaited: activation must not wait for the user to dismiss the message.
    void vscode.window
      .showErrorMessage(
        `Aurora: could not start the language server \`${executable.command}\` (${message}). ` +
          'Install aurora-lsp on your PATH or set "aurora.server.path".',
        'Open Settings',
      )
      .then((choice) => {
        if (choice === 'Open Settings') {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'aurora.server');
        }
      });
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop().catch(() => undefined);
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}
