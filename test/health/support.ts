/** Shared helpers for health template tests. */
import { App, Stack } from 'aws-cdk-lib';
import type { AlarmActions } from '../../lib/alarms/alarm-factory';

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
