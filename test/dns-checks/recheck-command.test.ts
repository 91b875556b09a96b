/**
 * The command the follow-up alert of a DNS check gives to ask its servers again
 * (contracts/dns-check.ts recheckCommand), and the config file it names
 * (lib/dns-checks/reporter.ts recheckConfigFile): a path relative to the folder `cdk deploy` runs
 * in, never a path of the deploying machine nor text a shell would run.
 */
import * as path from 'node:path';
import { RECHECK_CONFIG_FILE, recheckCommand } from '../../contracts/dns-check';
import { recheckConfigFile } from '../../lib/dns-checks/reporter';

describe('recheckConfigFile', () => {
  const cwd = '/home/ops/dns';

  it('names a config inside the deploy folder by its path from there, with / between folders', () => {
    expect(recheckConfigFile('dns-monitor.yaml', cwd)).toBe('dns-monitor.yaml');
    expect(recheckConfigFile('./config/prod.yaml', cwd)).toBe('config/prod.yaml');
    expect(recheckConfigFile('/home/ops/dns/config/prod.yaml', cwd)).toBe('config/prod.yaml');
    expect(recheckConfigFile('config/../prod.yaml', cwd)).toBe('prod.yaml');
    expect(recheckConfigFile(['config', 'prod.yaml'].join(path.sep), cwd)).toBe('config/prod.yaml');
  });

  it('names no config outside the deploy folder: the alert would carry a path of the deploying machine, or one that does not work there', () => {
    expect(recheckConfigFile('/etc/dns/prod.yaml', cwd)).toBeUndefined();
    expect(recheckConfigFile('../prod.yaml', cwd)).toBeUndefined();
    expect(recheckConfigFile('../../home/ops/other/prod.yaml', cwd)).toBeUndefined();
  });

  it('names no path a shell would read specially, nor one taken for an option, nor a longer one than the alert has room for', () => {
    for (const p of ['my config.yaml', 'prod;rm -rf x.yaml', '$(id).yaml', '`id`.yaml', "it's.yaml", 'a"b.yaml', 'a*.yaml', 'a\nb.yaml', '-c.yaml', '~/prod.yaml']) {
      expect([p, recheckConfigFile(p, cwd)]).toEqual([p, undefined]);
    }
    const longest = `${'d/'.repeat((RECHECK_CONFIG_FILE.maxChars - 10) / 2)}prod.yaml`;
    expect(longest.length).toBeLessThanOrEqual(RECHECK_CONFIG_FILE.maxChars);
    expect(recheckConfigFile(longest, cwd)).toBe(longest);
    expect(recheckConfigFile(`x${longest}x`, cwd)).toBeUndefined();
  });
});

describe('recheckCommand', () => {
  it('names the deployment\'s config file and says where to run it', () => {
    expect(recheckCommand('www', 'config/prod.yaml')).toEqual({ command: 'npx dns-monitor check config/prod.yaml --only www', where: "in the folder this deployment's cdk deploy runs in" });
  });

  it('says CONFIG when it has no config file, or one it may not name (a message published by another version)', () => {
    const unnamed = { command: 'npx dns-monitor check CONFIG --only www', where: 'CONFIG: the config file of this deployment' };
    expect(recheckCommand('www')).toEqual(unnamed);
    expect(recheckCommand('www', '$(id).yaml')).toEqual(unnamed);
    expect(recheckCommand('www', '/etc/prod.yaml')).toEqual(unnamed);
    expect(recheckCommand('www', '')).toEqual(unnamed);
  });
});
