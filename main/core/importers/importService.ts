import { randomUUID } from 'node:crypto';
import type { ExportedFile, ImportPreview } from '../../../preload/contract';
import type { CollectionsService, CollectionTree, TreeItem } from '../collections/collectionsService';
import type { ConnectionsService } from '../connections/connectionsService';
import type { EnvironmentsService } from '../environments/environmentsService';
import { LatchkeyError } from '../errors';
import type { SecretService } from '../secrets/secretService';
import { countRequests, environmentInput, type ImportPlan } from './importModel';
import { exportPostmanCollection, exportPostmanEnvironment } from './postmanExport';
import type { CurlImport } from './curlImport';
import type { ImportRunner } from './importRunner';
import { localFilesOf, withFilesUnconfirmed } from '../http/localFiles';

const PLANS_KEPT = 5;

interface Deps {
  collections: CollectionsService;
  connections: ConnectionsService;
  environments: EnvironmentsService;
  secrets: SecretService;
  /** Every importer runs on this thread, with its limits. */
  runner: ImportRunner;
}

/** A name not yet taken: "Name", else "Name 2", "Name 3", … */
function unique(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${name.slice(0, 190)} ${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._ -]+/g, '_').trim().slice(0, 100) || 'export';
}

/**
 * Marks every local file the plan's requests name as unconfirmed (see withFilesUnconfirmed) and
 * lists them for the preview, each with where it is: "Collection › Folder › Request".
 */
function unconfirmLocalFiles(plan: ImportPlan): { where: string; part: string; path: string }[] {
  const found: { where: string; part: string; path: string }[] = [];
  const walk = (items: TreeItem[], trail: string[]) => {
    for (const item of items) {
      if (item.kind === 'folder') {
        walk(item.items, [...trail, item.name]);
        continue;
      }
      item.request = withFilesUnconfirmed(item.request);
      for (const file of localFilesOf(item.request)) found.push({ where: [...trail, item.name].join(' › '), part: file.part, path: file.path });
    }
  };
  for (const tree of plan.collections) walk(tree.items, [tree.name]);
  return found;
}

/** Imports are previewed, then committed whole; exports write Postman's formats. */
export class ImportService {
  private readonly plans = new Map<string, ImportPlan>();

  constructor(private readonly deps: Deps) {}

  async preview(text: string, fileName?: string): Promise<ImportPreview> {
    const plan = await this.deps.runner.run<ImportPlan>({ kind: 'plan', text, fileName: fileName ? `“${fileName}”` : 'the file' });
    const localFiles = unconfirmLocalFiles(plan);
    const token = randomUUID();
    this.plans.set(token, plan);
    if (this.plans.size > PLANS_KEPT) this.plans.delete(this.plans.keys().next().value!);
    return {
      token,
      format: plan.format,
      collections: plan.collections.map((tree) => ({ name: tree.name, ...countRequests([tree]) })),
      environments: plan.environments.map((e) => ({ name: e.name, variables: e.variables.length })),
      connections: plan.connections.map((c) => c.name),
      notes: plan.notes,
      recognised: plan.recognised ?? [],
      localFiles,
    };
  }

  /** A pasted curl command as a request (its files unconfirmed), parsed on the import thread. */
  curl(command: string): Promise<CurlImport> {
    return this.deps.runner.run<CurlImport>({ kind: 'curl', command });
  }

  /**
   * Connections first (their secrets to the keychain), then collections, then environments.
   * If anything fails, everything this import made so far is removed again.
   */
  async commit(token: string): Promise<{ collectionIds: string[]; environmentIds: string[]; connectionIds: string[] }> {
    const plan = this.plans.get(token);
    if (!plan) throw new LatchkeyError('not_found', 'That import preview has expired; choose the file again.');
    const { collections, connections, environments } = this.deps;
    const made = { collectionIds: [] as string[], environmentIds: [] as string[], connectionIds: [] as string[] };
    try {
      const ids = new Map<string, string>();
      const taken = new Set(connections.list().map((c) => c.name.toLowerCase()));
      for (const pending of plan.connections) {
        let saved;
        try {
          saved = await connections.save({ name: unique(pending.name, taken), baseUrl: pending.baseUrl, auth: pending.auth, clientCertificate: { kind: 'none' }, ca: '', verifyTls: true, testPath: '' });
        } catch (error) {
          throw new LatchkeyError('invalid_import', `The connection “${pending.name}” could not be made: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        ids.set(pending.ref, saved.id);
        made.connectionIds.push(saved.id);
      }
      const relink = <T extends { connectionId?: string | null | undefined }>(owner: T): T => (owner.connectionId ? { ...owner, connectionId: ids.get(owner.connectionId) ?? owner.connectionId } : owner);
      const items = (list: TreeItem[]): TreeItem[] => list.map((item) => (item.kind === 'folder' ? { ...item, settings: relink(item.settings), items: items(item.items) } : { ...item, request: relink(item.request) }));
      for (const tree of plan.collections) {
        const linked: CollectionTree = { ...tree, settings: relink(tree.settings), items: items(tree.items) };
        made.collectionIds.push(collections.addCollection(linked));
      }
      const envNames = new Set(environments.list().environments.map((e) => e.name.toLowerCase()));
      for (const environment of plan.environments) {
        const saved = await environments.save(environmentInput(environment, unique(environment.name, envNames)));
        made.environmentIds.push(saved.id);
      }
    } catch (error) {
      for (const id of made.environmentIds) await environments.remove(id).catch(() => undefined);
      for (const id of made.collectionIds) collections.remove(id);
      for (const id of made.connectionIds) await connections.delete(id).catch(() => undefined);
      throw error;
    }
    this.plans.delete(token);
    return made;
  }

  async exportCollection(id: string, includeSecrets: boolean): Promise<ExportedFile> {
    const tree = this.deps.collections.exportTree(id);
    const { connections, secrets } = this.deps;
    const { text, notes } = await exportPostmanCollection(tree, {
      connection: (connectionId) => connections.list().find((c) => c.id === connectionId),
      read: includeSecrets ? async (secretId) => (secretId ? secrets.reveal(secretId) : '') : null,
    });
    return { fileName: `${fileSafe(tree.name)}.postman_collection.json`, text, notes };
  }

  async exportEnvironment(id: string, includeSecrets: boolean): Promise<ExportedFile> {
    const environment = this.deps.environments.list().environments.find((e) => e.id === id);
    if (!environment) throw new LatchkeyError('not_found', 'That environment no longer exists; it may have been deleted.');
    const variables = [];
    for (const v of environment.variables) {
      const value = !v.secret ? v.value : includeSecrets && v.secretId ? await this.deps.secrets.reveal(v.secretId) : `{{${v.name}}}`;
      variables.push({ name: v.name, value, secret: v.secret, enabled: v.enabled });
    }
    return { fileName: `${fileSafe(environment.name)}.postman_environment.json`, text: exportPostmanEnvironment(environment.name, variables), notes: [] };
  }
}
