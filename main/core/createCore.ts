import type { BrowserOpener, Clock, DocumentStore, Logger, SecretStore } from '../ports';
import { NoticeBoard } from './app/noticeBoard';
import { HttpExecutor } from './http/httpExecutor';
import { StoredDocument } from './persistence/storedDocument';
import { SecretService } from './secrets/secretService';
import { workspaceSpec } from './workspace/workspaceDocument';

export interface CorePorts {
  secrets: SecretStore;
  documents: DocumentStore;
  browser: BrowserOpener;
  clock: Clock;
  logger: Logger;
  version: string;
}

/** Builds the product from its ports. Both hosts call this; neither builds core parts itself. */
export function createCore(ports: CorePorts) {
  const notices = new NoticeBoard();
  const documentDeps = {
    store: ports.documents,
    clock: ports.clock,
    logger: ports.logger,
    notify: (notice: Parameters<NoticeBoard['post']>[0]) => notices.post(notice),
  };
  const workspace = StoredDocument.open(workspaceSpec, documentDeps);
  const http = new HttpExecutor({ clock: ports.clock, logger: ports.logger, userAgent: `Latchkey/${ports.version}` });
  const secrets = new SecretService(ports.secrets);
  return {
    notices,
    workspace,
    http,
    secrets,
    browser: ports.browser,
    version: ports.version,
    async close() {
      await http.close();
    },
  };
}

export type Core = ReturnType<typeof createCore>;
