import { randomUUID } from 'node:crypto';
import type { SecretStore } from '../../ports';
import { LatchkeyError } from '../errors';

const NO_KEYCHAIN =
  'No OS keychain is available, so Latchkey cannot save secrets (it never keeps them in plain files). ' +
  'On Linux, install and unlock a Secret Service such as gnome-keyring (apt-get install gnome-keyring) in your session; ' +
  'on macOS and Windows, unlock your login keychain / Credential Manager. Then try again.';

/** Keychain errors from libsecret, Keychain Services or DPAPI mean "no usable keychain". */
export function toKeychainError(error: unknown): LatchkeyError {
  if (error instanceof LatchkeyError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new LatchkeyError('keychain_unavailable', `${NO_KEYCHAIN} (${detail})`, { cause: error });
}

/** Secrets by id. Values live only in the keychain; callers keep ids. */
export class SecretService {
  constructor(private readonly store: SecretStore) {}

  async status(): Promise<{ available: boolean; message: string | null }> {
    try {
      await this.store.get('latchkey-probe');
      return { available: true, message: null };
    } catch (error) {
      return { available: false, message: toKeychainError(error).message };
    }
  }

  async save(value: string, id: string = randomUUID()): Promise<string> {
    try {
      await this.store.set(id, value);
    } catch (error) {
      throw toKeychainError(error);
    }
    return id;
  }

  async reveal(id: string): Promise<string> {
    let value: string | null;
    try {
      value = await this.store.get(id);
    } catch (error) {
      throw toKeychainError(error);
    }
    if (value === null) throw new LatchkeyError('secret_not_found', 'That secret is no longer in the keychain.');
    return value;
  }

  async delete(id: string): Promise<boolean> {
    try {
      return await this.store.delete(id);
    } catch (error) {
      throw toKeychainError(error);
    }
  }
}
