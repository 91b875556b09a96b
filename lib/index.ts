/** Public API for teams that embed the monitoring in their own CDK app. */
export { DnsMonitoring, type DnsMonitoringProps } from './dns-monitoring';
export { parseConfig, loadConfigFile } from './config/load';
export { ConfigError, type ConfigIssue } from './config/errors';
export type { RawConfig, Config } from './config/schema';
export type { ResolvedConfig, ResolvedSubject } from './config/resolve';
export { buildModel } from './model';
export type { MonitoringModel, SubjectModel } from './model';
export { SIGNALS, signalsFor } from './signals/catalogue';
export type { SignalDef } from './signals/types';
export { type StackAssignments, readAssignments, writeAssignments } from './stacks/stack-assignments';
export { DROPPED_STACK_WARNING, assignmentsPathFor } from './stacks/stack-assignments';
/** cdk-nag (AwsSolutions) and cfn-guard (Control Tower rules) on an app, as `cdk synth` runs them: one call. */
export { addQualityPlugins as addPolicyChecks } from './app/quality-plugins';
