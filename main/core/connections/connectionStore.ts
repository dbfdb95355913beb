import { z } from 'zod';
import { ClientCertificate, Connection, ConnectionAuth, OAuthState, SecretId } from '../../../preload/contract';
import { LatchkeyError } from '../errors';
import type { DocumentSpec, StoredDocument } from '../persistence/storedDocument';
import { secretFields, secretFieldsAt } from './secretFields';

/** An OAuth connection's tokens as stored: what they are, and where each value is in the keychain. */
export const StoredOAuth = OAuthState.omit({ hasRefreshToken: true, hasIdToken: true }).extend({
  accessToken: z.object({ id: SecretId }),
  refreshToken: z.object({ id: SecretId.nullable() }),
  idToken: z.object({ id: SecretId.nullable() }),
});
export type StoredOAuth = z.infer<typeof StoredOAuth>;

/** A connection as the `connections` document holds it; the renderer gets `toPublic` of it. */
export const StoredConnection = Connection.extend({ oauth: StoredOAuth.nullable().optional() });
export type StoredConnection = z.infer<typeof StoredConnection>;

export const ConnectionsData = z.object({ connections: z.array(StoredConnection) });
export type ConnectionsData = z.infer<typeof ConnectionsData>;

export const connectionsSpec: DocumentSpec<ConnectionsData> = {
  name: 'connections',
  title: 'Your connections',
  version: 1,
  schema: ConnectionsData,
  empty: () => ({ connections: [] }),
  migrations: [],
};

/** What the renderer sees of a connection: the token ids are left out, only what the tokens are. */
export function toPublic(connection: StoredConnection): Connection {
  const { oauth, ...rest } = connection;
  if (!oauth) return { ...rest, oauth: oauth ?? null };
  const { accessToken: _access, refreshToken, idToken, ...state } = oauth;
  return { ...rest, oauth: { ...state, hasRefreshToken: refreshToken.id !== null, hasIdToken: idToken.id !== null } };
}

/** The keychain ids of a connection's secret fields (auth and client certificate), from the contract's schema. */
export function fieldSecretIds(connection: Pick<StoredConnection, 'auth' | 'clientCertificate'>): string[] {
  return [...secretFields(ConnectionAuth, connection.auth), ...secretFields(ClientCertificate.nullable(), connection.clientCertificate)].map((f) => f.id).filter((id): id is string => id !== null);
}

/** A connection's field secrets with the name of the field each sits in (the last key of its path). */
export function namedFieldSecrets(connection: Pick<StoredConnection, 'auth' | 'clientCertificate'>): { id: string; field: string }[] {
  const named = (found: { field: { id: string | null }; path: readonly string[] }[]) => found.flatMap(({ field, path }) => (field.id ? [{ id: field.id, field: path.filter((k) => !/^\d+$/.test(k)).at(-1) ?? 'secret' }] : []));
  return [...named(secretFieldsAt(ConnectionAuth, connection.auth)), ...named(secretFieldsAt(ClientCertificate.nullable(), connection.clientCertificate))];
}

/** The keychain ids of a connection's OAuth tokens. */
export function tokenSecretIds(oauth: StoredOAuth | null | undefined): string[] {
  return oauth ? [oauth.accessToken.id, oauth.refreshToken.id, oauth.idToken.id].filter((id): id is string => id !== null) : [];
}

/** The `connections` document: every connection, with its secrets as keychain ids. */
export class ConnectionStore {
  constructor(private readonly doc: StoredDocument<ConnectionsData>) {}

  list(): StoredConnection[] {
    return this.doc.get().connections;
  }

  find(id: string): StoredConnection | undefined {
    return this.list().find((c) => c.id === id);
  }

  get(id: string): StoredConnection {
    const found = this.find(id);
    if (!found) throw new LatchkeyError('connection_not_found', 'That connection no longer exists; it may have been deleted. Choose another in the Auth tab.');
    return found;
  }

  /** Adds the connection, or replaces the one with its id. */
  put(connection: StoredConnection): void {
    const exists = this.list().some((c) => c.id === connection.id);
    this.doc.set({ connections: exists ? this.list().map((c) => (c.id === connection.id ? connection : c)) : [...this.list(), connection] });
  }

  /** Changes a connection that still exists; false when it is gone. */
  update(id: string, change: (connection: StoredConnection) => StoredConnection): boolean {
    const current = this.find(id);
    if (!current) return false;
    this.put(change(current));
    return true;
  }

  remove(id: string): void {
    this.doc.set({ connections: this.list().filter((c) => c.id !== id) });
  }

  onChanged(listener: (connections: StoredConnection[]) => void): () => void {
    return this.doc.onChange((data) => listener(data.connections));
  }
}
