/** How the reporter asks a prober: a synchronous Lambda invoke with a DnsReportRequest. */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import * as z from 'zod/mini';
import type { DnsReportRequest, DnsReportResponse } from '../../contracts/dns-check';
import { dnsCheckResultSchema } from '../shared/dns-check-result';

/** Synchronous invoke of the prober in `region`; a function error becomes an exception with its message. Ends when `signal` aborts. */
export async function invokeProber(client: Pick<LambdaClient, 'send'>, functionName: string, request: DnsReportRequest, signal?: AbortSignal): Promise<DnsReportResponse> {
  const out = await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(request)) }), signal ? { abortSignal: signal } : {});
  const text = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
  if (out.FunctionError) throw new Error(`${out.FunctionError}: ${text.slice(0, 300)}`);
  return readResponse(text);
}

const responseSchema = z.union([
  z.looseObject({ vantage: z.string(), check: z.string(), query: z.string(), type: z.string(), expected: z.string(), results: z.array(dnsCheckResultSchema) }),
  z.looseObject({ vantage: z.string(), check: z.string(), error: z.string() }),
]);

/** A prober's answer, checked against the contract: anything else is an error of that region. */
export function readResponse(text: string): DnsReportResponse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`the prober answered with something that is not JSON: ${text.slice(0, 200)}`);
  }
  const r = responseSchema.safeParse(json);
  if (!r.success) throw new Error(`the prober's answer is not a report: ${text.slice(0, 200)}`);
  return r.data as DnsReportResponse;
}
