/**
 * Route 53 management events as EventBridge delivers them ("AWS API Call via CloudTrail"), built
 * from the record shapes in the Route 53 Developer Guide ("Logging Amazon Route 53 API calls with
 * AWS CloudTrail": ListHostedZones, CreateHealthCheck, ChangeResourceRecordSets, DeleteHostedZone)
 * and the request parameter names of the Route 53 API reference for the other calls.
 */
export const ZONE = 'Z1PA6795UKMFR9';
export const OTHER_ZONE = 'Z2OTHERZONE000';
export const ACCOUNT = '444455556666';

const iamUser = {
  type: 'IAMUser',
  principalId: 'A1B2C3D4E5F6G7EXAMPLE',
  arn: 'arn:aws:iam::111122223333:user/smithj',
  accountId: '111122223333',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  userName: 'smithj',
};

const assumedRole = {
  type: 'AssumedRole',
  principalId: 'AROAEXAMPLEID:deploy-session',
  arn: 'arn:aws:sts::444455556666:assumed-role/dns-deployer/deploy-session',
  accountId: '444455556666',
  accessKeyId: 'ASIAEXAMPLEKEY',
  sessionContext: {
    sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEID', arn: 'arn:aws:iam::444455556666:role/dns-deployer', accountId: '444455556666', userName: 'dns-deployer' },
    attributes: { mfaAuthenticated: 'false', creationDate: '2024-05-02T09:12:00Z' },
  },
};

type Detail = Record<string, unknown>;

/** Wraps a CloudTrail record in the EventBridge envelope. */
export function viaEventBridge(detail: Detail): Record<string, unknown> {
  return {
    version: '0',
    id: '6f4c3b2a-0000-4000-8000-000000000001',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.route53',
    account: ACCOUNT,
    time: detail.eventTime,
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

function record(eventName: string, requestParameters: unknown, extra: Detail = {}): Detail {
  return {
    eventVersion: '1.08',
    userIdentity: iamUser,
    eventTime: '2015-01-16T00:41:43Z',
    eventSource: 'route53.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '192.0.2.92',
    userAgent: 'Apache-HttpClient/4.3 (java 1.5)',
    requestParameters,
    responseElements: null,
    requestID: '7081d4c6-9d18-11e4-b752-f9c6311f3510',
    eventID: '883b14d9-2f84-4005-8bc5-c7bf0cebc116',
    readOnly: false,
    eventType: 'AwsApiCall',
    apiVersion: '2013-04-01',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...extra,
  };
}

/** The guide's ChangeResourceRecordSets: two CREATEs of A records with a comment. */
export const changeRecordSets = viaEventBridge(
  record(
    'ChangeResourceRecordSets',
    {
      changeBatch: {
        changes: [
          {
            action: 'CREATE',
            resourceRecordSet: {
              name: 'prod.example.com.',
              resourceRecords: [{ value: '192.0.1.1' }, { value: '192.0.1.2' }, { value: '192.0.1.3' }, { value: '192.0.1.4' }],
              tTL: 300,
              type: 'A',
            },
          },
          {
            action: 'CREATE',
            resourceRecordSet: {
              name: 'test.example.com.',
              resourceRecords: [{ value: '192.0.1.1' }, { value: '192.0.1.2' }, { value: '192.0.1.3' }, { value: '192.0.1.4' }],
              tTL: 300,
              type: 'A',
            },
          },
        ],
        comment: 'Adding subdomains',
      },
      hostedZoneId: ZONE,
    },
    {
      additionalEventData: { Note: 'Do not use to reconstruct hosted zone' },
      responseElements: { changeInfo: { comment: 'Adding subdomains', id: '/change/C156SRE0X2ZB10', status: 'PENDING', submittedAt: 'Jan 16, 2015 12:41:43 AM' } },
    },
  ),
);

/** An UPSERT by an assumed role, with the record name in another case and without the trailing dot. */
export function changeBy(changes: { action: string; name: string; type: string }[], zone = ZONE): Record<string, unknown> {
  return viaEventBridge(
    record(
      'ChangeResourceRecordSets',
      {
        hostedZoneId: zone,
        changeBatch: {
          changes: changes.map((c) => ({ action: c.action, resourceRecordSet: { name: c.name, type: c.type, tTL: 60, resourceRecords: [{ value: '203.0.113.10' }] } })),
        },
      },
      { userIdentity: assumedRole, sourceIPAddress: '198.51.100.23', userAgent: 'aws-cli/2.15.0' },
    ),
  );
}

/** The guide's DeleteHostedZone: the zone id is `id`. */
export const deleteHostedZone = viaEventBridge(
  record('DeleteHostedZone', { id: ZONE }, { responseElements: { changeInfo: { id: '/change/C1SIJYUYIKVJWP', status: 'PENDING', submittedAt: 'Jan 16, 2015 12:41:36 AM' } } }),
);

export const disableDnssec = viaEventBridge(record('DisableHostedZoneDNSSEC', { hostedZoneId: ZONE }));
export const enableDnssec = viaEventBridge(record('EnableHostedZoneDNSSEC', { hostedZoneId: ZONE }));
export const deactivateKsk = viaEventBridge(record('DeactivateKeySigningKey', { hostedZoneId: ZONE, name: 'ksk1' }));
export const deleteKsk = viaEventBridge(record('DeleteKeySigningKey', { hostedZoneId: ZONE, name: 'ksk1' }));
export const createKsk = viaEventBridge(
  record('CreateKeySigningKey', {
    callerReference: 'ksk-2024',
    hostedZoneId: ZONE,
    keyManagementServiceArn: 'arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    name: 'ksk2',
    status: 'ACTIVE',
  }),
);
export const deleteQueryLogging = viaEventBridge(record('DeleteQueryLoggingConfig', { id: '87654321-dcba-1234-abcd-1234567890ab' }));
export const deleteHealthCheck = viaEventBridge(record('DeleteHealthCheck', { healthCheckId: 'b3c9cbc6-cd18-43bc-93f8-9e557example' }));

/** The guide's CreateHealthCheck and ListHostedZones: not changes to watch. */
export const createHealthCheck = viaEventBridge(
  record('CreateHealthCheck', { callerReference: '2014-05-06 64832', healthCheckConfig: { iPAddress: '192.0.2.249', port: 80, type: 'TCP' } }),
);
export const listHostedZones = viaEventBridge(record('ListHostedZones', null, { readOnly: true }));

/** A denied ChangeResourceRecordSets: CloudTrail records errorCode/errorMessage and no change happened. */
export const deniedChange = viaEventBridge(
  record(
    'ChangeResourceRecordSets',
    { hostedZoneId: ZONE, changeBatch: { changes: [{ action: 'DELETE', resourceRecordSet: { name: 'www.example.com.', type: 'A' } }] } },
    { errorCode: 'AccessDenied', errorMessage: 'User is not authorized to perform: route53:ChangeResourceRecordSets' },
  ),
);

/**
 * Route 53 domain registration calls (the Route 53 Domains API). The Developer Guide's CloudTrail
 * page records them with `eventSource: route53domains.amazonaws.com`, the action's first letter in
 * lowercase (`updateDomainContact`) and the domain as `requestParameters.domainName.name`; the
 * EventBridge events reference gives their envelope `source: aws.route53domains`. Detection rules
 * published by others match them as `route53.amazonaws.com` with the action as the API spells it
 * (`DisableDomainTransferLock`). Both shapes are built here: the audit must match either.
 */
export function registrarCall(
  action: string,
  requestParameters: Record<string, unknown>,
  shape: 'guide' | 'api-spelling' = 'guide',
  extra: Detail = {},
): Record<string, unknown> {
  const guide = shape === 'guide';
  const event = viaEventBridge(
    record(guide ? action[0].toLowerCase() + action.slice(1) : action, requestParameters, {
      eventSource: guide ? 'route53domains.amazonaws.com' : 'route53.amazonaws.com',
      apiVersion: '2014-05-15',
      responseElements: { operationId: '034e222b-a3d5-4bec-8ff9-35877ff02187' },
      ...extra,
    }),
  );
  return { ...event, source: guide ? 'aws.route53domains' : 'aws.route53' };
}

/** The guide's updateDomainContact: contact details are not logged, the domain is an object. */
export const updateDomainContact = registrarCall('UpdateDomainContact', { domainName: { name: 'example.com' } }, 'guide', {
  additionalEventData: 'Personally-identifying contact information is not logged in the request',
});
