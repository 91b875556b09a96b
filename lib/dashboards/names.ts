/** Console links to dashboards (text-widget markdown and docs); their names come from lib/naming.ts. */
import { dashboardConsoleUrl } from '../../contracts/console-links';

/**
 * Console link to a dashboard (text-widget markdown and docs), in the console of the region's
 * partition: one definition of the link with the Slack notifier's (contracts/console-links.ts).
 */
export function dashboardUrl(name: string, region: string): string {
  return dashboardConsoleUrl(region, name);
}
