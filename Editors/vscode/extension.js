// Starts `pony-lint lsp` for Swift files: diagnostics as you type, quick fixes for pony-lint's rewrites.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate() {
  const settings = vscode.workspace.getConfiguration('ponyLint');
  const server = {
    command: settings.get('path', 'pony-lint'),
    args: ['lsp', ...settings.get('arguments', [])],
  };
  client = new LanguageClient('pony-lint', 'pony-lint', server, {
    documentSelector: [{ scheme: 'file', language: 'swift' }],
  });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
