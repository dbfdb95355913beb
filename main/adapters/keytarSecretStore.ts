import type * as KeytarModule from 'keytar';
import type { SecretStore } from '../ports';

export const KEYCHAIN_SERVICE = 'Latchkey';

type Keytar = typeof KeytarModule;

/**
 * The OS keychain through keytar (libsecret, Keychain Services, Credential Manager).
 * keytar is loaded on first use so a missing native build is reported as a keychain error
 * when a secret is touched, not as a crash at start-up.
 */
export class KeytarSecretStore implements SecretStore {
  private keytar: Promise<Keytar> | null = null;

  constructor(private readonly service: string = KEYCHAIN_SERVICE) {}

  private load(): Promise<Keytar> {
    this.keytar ??= import('keytar').then((m) => ((m as { default?: Keytar }).default ?? m) as Keytar);
    return this.keytar;
  }

  async get(account: string): Promise<string | null> {
    return (await this.load()).getPassword(this.service, account);
  }

  async set(account: string, value: string): Promise<void> {
    await (await this.load()).setPassword(this.service, account, value);
  }

  async delete(account: string): Promise<boolean> {
    return (await this.load()).deletePassword(this.service, account);
  }
}
