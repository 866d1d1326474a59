/**
 * The directory as rectify uses it, over ldapts: find a user by the configured filter (the
 * username escaped per RFC 4515) with the service account, check the password by binding as
 * that user, and list the groups naming the user as a member.
 */
import { Client, InvalidCredentialsError } from 'ldapts';
import { normaliseDn, type LdapConfig } from './ldap-config.ts';

export interface DirectoryUser {
  dn: string;
  displayName: string | null;
  department: string | null;
  /** Group DNs, normalised (lower case). */
  groups: string[];
}

/** Escapes a value for use inside an LDAP search filter (RFC 4515 section 3). */
export function escapeFilterValue(value: string): string {
  return value.replace(
    /[\\*()\0]/g,
    (character) => `\\${character.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

function firstText(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return null;
  const text = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  return text.trim() === '' ? null : text.trim();
}

export interface Directory {
  /** The user when the password is right; null for an unknown user or a wrong password. */
  authenticate(username: string, password: string): Promise<DirectoryUser | null>;
}

export function createLdapDirectory(config: LdapConfig): Directory {
  function connect(): Client {
    return new Client({
      url: config.url,
      timeout: config.timeoutMs,
      connectTimeout: config.timeoutMs,
      tlsOptions: config.url.startsWith('ldaps:') ? config.tls : undefined,
    });
  }

  async function open(dn: string, password: string): Promise<Client> {
    const client = connect();
    try {
      if (config.startTls) await client.startTLS(config.tls);
      await client.bind(dn, password);
      return client;
    } catch (error) {
      await client.unbind().catch(() => undefined);
      throw error;
    }
  }

  return {
    async authenticate(username, password) {
      // An empty password would be an anonymous ("unauthenticated") bind that succeeds.
      if (password === '' || username === '') return null;
      const service = await open(config.bindDn, config.bindPassword);
      let user: DirectoryUser;
      try {
        const filter = config.userFilter.replaceAll('{username}', escapeFilterValue(username));
        const { searchEntries } = await service.search(config.searchBase, {
          scope: 'sub',
          filter,
          attributes: [config.nameAttribute, config.departmentAttribute, 'displayName'],
          sizeLimit: 2,
        });
        if (searchEntries.length !== 1) return null;
        const entry = searchEntries[0]!;
        const dnFilter = escapeFilterValue(entry.dn);
        const groups = await service.search(config.groupSearchBase, {
          scope: 'sub',
          filter: `(|(member=${dnFilter})(uniqueMember=${dnFilter}))`,
          attributes: ['dn'],
        });
        user = {
          dn: entry.dn,
          displayName: firstText(entry.displayName) ?? firstText(entry[config.nameAttribute]),
          department: firstText(entry[config.departmentAttribute]),
          groups: groups.searchEntries.map((group) => normaliseDn(group.dn)),
        };
      } finally {
        await service.unbind().catch(() => undefined);
      }
      try {
        const asUser = await open(user.dn, password);
        await asUser.unbind().catch(() => undefined);
        return user;
      } catch (error) {
        if (error instanceof InvalidCredentialsError) return null;
        throw error;
      }
    },
  };
}
