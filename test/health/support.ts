/** Shared helpers for health template tests. */
import { App, Stack } from 'aws-cdk-lib';
import type { AlarmActions } from '../../lib/alarms/alarm-factory';
import { parseConfig } from '../../lib/config/load';

export const ACCOUNT = '111122223333';

export function stackIn(region: string, app = new App({ context: { 'aws:cdk:bundling-stacks': [] } }), name = `Test-${region}`): Stack {
  return new Stack(app, name, { env: { account: ACCOUNT, region } });
}

export function topicActions(region: string): AlarmActions {
  return {
    topicArns: {
      critical: [`arn:aws:sns:${region}:${ACCOUNT}:acme-alerts-critical`],
      warning: [`arn:aws:sns:${region}:${ACCOUNT}:acme-alerts-warning`],
    },
  };
}

/**
 * Config fragments as the app hands them to the health constructs: validated and defaulted by the
 * config module (parseConfig), never by the constructs themselves.
 */
export const resolvedZones = (hostedZones: readonly object[]) => parseConfig({ prefix: 'acme', hostedZones }).hostedZones;
export const resolvedHealthChecks = (healthChecks: readonly object[]) => parseConfig({ prefix: 'acme', healthChecks }).healthChecks;
export const resolvedEndpoints = (resolverEndpoints: readonly object[]) => parseConfig({ prefix: 'acme', resolverEndpoints }).resolverEndpoints;
