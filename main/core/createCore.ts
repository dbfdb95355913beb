import { randomUUID } from 'node:crypto';
import type { BrowserOpener, Clock, DocumentStore, FileDialogs, Logger, SecretStore } from '../ports';
import { NoticeBoard } from './app/noticeBoard';
import { BodyViews } from './body/bodyViews';
import { IndexRunner } from './body/indexRunner';
import { pruneBodies } from './body/pruneBodies';
import { CapturedValues, capturedSpec } from './checks/capturedValues';
import { ChecksRunner } from './checks/checksRunner';
import { ChecksService } from './checks/checksService';
import { ConnectionsService, connectionsSpec } from './connections/connectionsService';
import { CookieJarService, cookiesSpec } from './cookies/cookieJar';
import { HistoryService, historySpec } from './history/historyService';
import { HttpExecutor } from './http/httpExecutor';
import { JwtService, profilesSpec } from './jwt/jwtService';
import { StoredDocument } from './persistence/storedDocument';
import { SecretService } from './secrets/secretService';
import { SettingsService, settingsSpec } from './settings/settingsService';
import { VariablesService, variablesSpec } from './variables/variablesService';
import { SecretVariables } from './variables/variableTable';
import { ScopeResolver } from './variables/scopeResolver';
import { CollectionsService } from './collections/collectionsService';
import { EnvironmentsService, environmentsSpec } from './environments/environmentsService';
import { RequestCode } from './importers/requestCode';
import { ImportRunner, DEFAULT_IMPORT_LIMITS, type ImportLimits } from './importers/importRunner';
import { ImportService } from './importers/importService';
import { runsSpec } from './runner/runsDocument';
import { RunsService } from './runner/runsService';
import { workspaceSpec } from './workspace/workspaceDocument';

export interface CorePorts {
  secrets: SecretStore;
  documents: DocumentStore;
  browser: BrowserOpener;
  /** The system's file dialogs; null where there are none (the browser host). */
  dialogs: FileDialogs | null;
  /** Where response bodies are kept (created 0700). */
  bodiesDir: string;
  clock: Clock;
  logger: Logger;
  version: string;
  /** Optional: the import thread's limits (tests make them small). */
  importLimits?: Partial<ImportLimits>;
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
  const secrets = new SecretService(ports.secrets);
  const variableTable = new SecretVariables(secrets);
  const variables = new VariablesService(StoredDocument.open(variablesSpec, documentDeps), variableTable);
  const environments = new EnvironmentsService(StoredDocument.open(environmentsSpec, documentDeps), variableTable);
  const collections = new CollectionsService(documentDeps, ports.logger);
  const captured = new CapturedValues(StoredDocument.open(capturedSpec, documentDeps), secrets);
  // A deleted collection's captured values stay while its Undo can bring it back (this run); the next start lets them go.
  let owners: Set<string> | null = null;
  const capturedPruned = captured
    .forgetMissingOwners((_scope, ownerId) => {
      owners ??= new Set([...collections.tree().filter((n) => n.kind === 'collection').map((n) => n.id), ...environments.list().environments.map((e) => e.id)]);
      return owners.has(ownerId);
    })
    .catch((error: unknown) => ports.logger.warn('could not forget the captured values of deleted collections', { error: error instanceof Error ? error.message : String(error) }));
  const scopes = new ScopeResolver({
    globals: () => variables.cachedLookup() ?? variables.lookup(),
    environment: (chosenId) => {
      const active = chosenId === undefined ? environments.active() : chosenId === null ? null : environments.byId(chosenId);
      return active ? { id: active.id, name: active.name, values: environments.values(active)! } : null;
    },
    scopes: (itemId) => collections.scopes(itemId),
    definitions: () => {
      const masked = (v: { name: string; value: string; secret: boolean; enabled: boolean }) => ({ name: v.name, value: v.secret ? '••••••' : v.value, secret: v.secret });
      const active = environments.active();
      return [
        ...(active?.variables.filter((v) => v.enabled).map((v) => ({ scope: 'environment' as const, source: active.name, ...masked(v) })) ?? []),
        ...variables.list().filter((v) => v.enabled).map((v) => ({ scope: 'global' as const, source: 'Global', ...masked(v) })),
      ];
    },
    captured: (scope, ownerId) => captured.table(scope, ownerId),
    capturedList: () => captured.list(),
    anyCaptured: () => captured.any(),
    capturedValue: (id) => captured.plainValue(id),
  });
  // Assertions and captures read response bodies on their own thread.
  const checksRunner = new ChecksRunner(ports.logger);
  const checks = new ChecksService({
    runner: checksRunner,
    captured,
    scopes: (itemId) => collections.scopes(itemId),
    itemName: (itemId) => collections.nameOf(itemId),
    activeEnvironmentId: () => environments.active()?.id ?? null,
    now: () => ports.clock.now(),
  });
  const settings = new SettingsService(StoredDocument.open(settingsSpec, documentDeps));
  const jwt = new JwtService(secrets, ports.clock, StoredDocument.open(profilesSpec, documentDeps));
  const connections = new ConnectionsService(StoredDocument.open(connectionsSpec, documentDeps), secrets, { clock: ports.clock, logger: ports.logger, profiles: jwt, opener: ports.browser });
  const importRunner = new ImportRunner({ ...DEFAULT_IMPORT_LIMITS, ...ports.importLimits });
  const imports = new ImportService({ collections, connections, environments, secrets, runner: importRunner });
  // Response bodies are indexed on their own thread.
  const indexRunner = new IndexRunner(ports.logger);
  const cookies = new CookieJarService(StoredDocument.open(cookiesSpec, documentDeps), secrets, documentDeps);
  const http = new HttpExecutor({
    clock: ports.clock,
    logger: ports.logger,
    userAgent: `Latchkey/${ports.version}`,
    bodiesDir: ports.bodiesDir,
    variables: (request, location, environmentId) => scopes.values(request, location, environmentId),
    defaults: () => settings.requestDefaults(),
    connections: (id) => connections.resolve(id),
    inspect: (context) => checks.inspect(context),
    cookies,
  });
  const code = new RequestCode(http, importRunner);
  const bodies = new BodyViews(
    (bodyId) => http.bodyReady(bodyId),
    ports.logger,
    () => {
      const bodyId = randomUUID();
      return { bodyId, path: http.bodyPath(bodyId) };
    },
    (bodyId) => http.growingBody(bodyId),
    indexRunner,
  );
  const removeBody = async (bodyId: string) => {
    await bodies.forget(bodyId);
    await http.removeBody(bodyId);
  };
  const history = new HistoryService(StoredDocument.open(historySpec, documentDeps), removeBody, ports.logger, () => ports.clock.now());
  http.onExecuted((request, result) => history.record(request, result));
  const runs = new RunsService({ document: () => StoredDocument.open(runsSpec, documentDeps), collections, environments, http, logger: ports.logger, now: () => ports.clock.now() });
  // Off the start-up path: a few seconds in, clear out earlier launches' bodies nothing refers to.
  const launchedAt = ports.clock.now();
  // The indexing thread starts just after launch, so the first large response does not wait for it.
  setTimeout(() => bodies.warm(), 500).unref();
  setTimeout(() => {
    void pruneBodies(ports.bodiesDir, new Set(history.list().map((entry) => entry.bodyId)), launchedAt).then((removed) => {
      if (removed > 0) ports.logger.info('removed stale response bodies', { removed });
    });
  }, 3000).unref();
  return {
    notices,
    workspace,
    http,
    code,
    secrets,
    variables,
    environments,
    collections,
    scopes,
    checks,
    captured,
    imports,
    settings,
    connections,
    jwt,
    history,
    runs,
    bodies,
    cookies,
    browser: ports.browser,
    dialogs: ports.dialogs,
    version: ports.version,
    async close() {
      await capturedPruned;
      await runs.close();
      await history.flush();
      await cookies.flush();
      await http.close();
      await importRunner.close();
      await checksRunner.close();
      await bodies.close();
    },
  };
}

export type Core = ReturnType<typeof createCore>;
