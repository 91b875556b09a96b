import { CfnInsightRule } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { ResolvedSubject } from '../config/resolve';
import { TOP_N_VIEWS, topNRuleBody, topNRuleName } from '../signals/contributor-insights';
import type { LogSource } from '../signals/types';

export interface ContributorInsightsRulesProps {
  readonly prefix: string;
  readonly source: LogSource;
  /** Subjects of this source in this region. */
  readonly subjects: readonly ResolvedSubject[];
}

/** The shared Top-N rules of one source in one region (a fixed number, whatever the fleet size). */
export class ContributorInsightsRules extends Construct {
  readonly rules: readonly CfnInsightRule[];

  constructor(scope: Construct, id: string, props: ContributorInsightsRulesProps) {
    super(scope, id);
    const rules: CfnInsightRule[] = [];
    for (const view of TOP_N_VIEWS.filter((v) => v.source === props.source)) {
      const body = topNRuleBody(view, props.subjects);
      if (!body) continue;
      rules.push(
        new CfnInsightRule(this, view.id, {
          ruleName: topNRuleName(props.prefix, view),
          ruleState: 'ENABLED',
          ruleBody: body,
        }),
      );
    }
    this.rules = rules;
  }
}
