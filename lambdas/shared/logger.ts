/** One logger shape for every handler: Powertools JSON logs, service name from the function's environment. */
import { Logger } from '@aws-lambda-powertools/logger';

export function handlerLogger(defaultServiceName: string): Logger {
  return new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? defaultServiceName });
}
