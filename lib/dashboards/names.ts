/** Console links to dashboards (text-widget markdown and docs); their names come from lib/naming.ts. */
/** Console link to a dashboard (text-widget markdown and docs). */
export function dashboardUrl(name: string, region: string): string {
  return `https://console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${name}`;
}
