/**
 * A private OpenLDAP server for tests: Debian's slapd started from a generated slapd.conf
 * (back-mdb) in a temp folder, on a free loopback port, loaded with an LDIF by slapadd. Without
 * /usr/sbin/slapd the LDAP tests skip with one loud line, unless RECTIFY_REQUIRE_LDAP is set (CI),
 * where a missing slapd is a failure.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'ldapts';

export const SLAPD_PATH = process.env.RECTIFY_SLAPD ?? '/usr/sbin/slapd';
const SLAPADD_PATH = process.env.RECTIFY_SLAPADD ?? '/usr/sbin/slapadd';

export const TEST_SUFFIX = 'dc=example,dc=gov';
export const TEST_ROOT_DN = `cn=admin,${TEST_SUFFIX}`;
export const TEST_ROOT_PASSWORD = 'slapd-root-secret';

/** True when slapd can run; prints why not (or throws when RECTIFY_REQUIRE_LDAP is set). */
export function isSlapdAvailable(): boolean {
  if (fs.existsSync(SLAPD_PATH) && fs.existsSync(SLAPADD_PATH)) return true;
  const message = `LDAP tests need OpenLDAP at ${SLAPD_PATH} (apt-get install slapd ldap-utils)`;
  if (process.env.RECTIFY_REQUIRE_LDAP) throw new Error(`MISSING SLAPD: ${message}`);
  console.warn(`!!! LDAP TESTS SKIPPED: ${message}`);
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface TestSlapd {
  url: string;
  /** A client bound as the directory's root, for changing entries during a test. */
  admin(): Promise<Client>;
  stop(): Promise<void>;
}

export async function startSlapd(ldif: string): Promise<TestSlapd> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-slapd-'));
  const dbDir = path.join(folder, 'db');
  fs.mkdirSync(dbDir);
  const config = path.join(folder, 'slapd.conf');
  fs.writeFileSync(
    config,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      'include /etc/ldap/schema/nis.schema',
      `pidfile ${path.join(folder, 'slapd.pid')}`,
      `argsfile ${path.join(folder, 'slapd.args')}`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'database mdb',
      'maxsize 10485760',
      `suffix "${TEST_SUFFIX}"`,
      `rootdn "${TEST_ROOT_DN}"`,
      `rootpw ${TEST_ROOT_PASSWORD}`,
      `directory ${dbDir}`,
      'access to attrs=userPassword by self write by anonymous auth by * none',
      'access to * by users read by * none',
      '',
    ].join('\n'),
  );
  const ldifFile = path.join(folder, 'data.ldif');
  fs.writeFileSync(ldifFile, ldif);
  execFileSync(SLAPADD_PATH, ['-f', config, '-l', ldifFile], { stdio: 'pipe' });
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(SLAPD_PATH, ['-f', config, '-h', `${url}/`, '-d', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Client({ url, connectTimeout: 500, timeout: 500 });
    try {
      await probe.bind(TEST_ROOT_DN, TEST_ROOT_PASSWORD);
      await probe.unbind();
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`slapd did not start on ${url}: ${String(error)}\n${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    async admin() {
      const client = new Client({ url });
      await client.bind(TEST_ROOT_DN, TEST_ROOT_PASSWORD);
      return client;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}
