import { spliceDocument, type CommonFields } from '../documents';
import { IsoFormatter, isValidEventTime } from '../iso-time';
import { JsonObjectSplitter } from '../json-splitter';
import type { LogObjectParser, ObjectContext } from '../types';
import { isolatedRecords } from './isolated-records';
import { idOf, ipOf } from './safe-json';
import { splitRecords } from './split-records';

/*
 * GuardDuty findings exported to S3 by the administrator's publishing destination: gzip JSON
 * lines, one finding a line, in GuardDuty's own format (camelCase, as `GetFindings` returns it:
 * `accountId`, `region`, `type`, `severity` 1.0-10.0, `resource{…}`, `service{action{…}, …}`),
 * under `AWSLogs/<administrator>/GuardDuty/<region>/YYYY/MM/DD/<uuid>.jsonl.gz`. A finding is
 * exported again whenever it is updated: the record id is the finding id with its `updatedAt`,
 * so an unchanged finding exported twice is one document and each update is one more.
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html
 */

type Json = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const at = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json)[key] : undefined;
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : undefined);
const ipv4Of = (details: unknown) => ipOf(at(details, 'ipAddressV4')) ?? ipOf(at(details, 'ipAddressV6'));

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

interface Addresses {
  readonly source?: string;
  readonly destination?: string;
}

/**
 * Who connected to whom, from the finding's action: the remote address is the source of inbound
 * connections, port probes, API calls and logins, the destination of outbound connections (the
 * local address on the other side, when GuardDuty names it).
 */
export function guardDutyAddresses(action: unknown): Addresses {
  const connection = at(action, 'networkConnectionAction');
  if (connection !== undefined) {
    const remote = ipv4Of(at(connection, 'remoteIpDetails'));
    const local = ipv4Of(at(connection, 'localIpDetails'));
    return at(connection, 'connectionDirection') === 'OUTBOUND'
      ? { source: local, destination: remote }
      : { source: remote, destination: local };
  }
  const probe = first(at(at(action, 'portProbeAction'), 'portProbeDetails'));
  if (probe !== undefined) {
    return { source: ipv4Of(at(probe, 'remoteIpDetails')), destination: ipv4Of(at(probe, 'localIpDetails')) };
  }
  for (const name of ['awsApiCallAction', 'kubernetesApiCallAction', 'rdsLoginAttemptAction']) {
    const remote = ipv4Of(at(at(action, name), 'remoteIpDetails'));
    if (remote !== undefined) return { source: remote };
  }
  return {};
}

/** `failure` when GuardDuty says the activity was blocked or the API call failed. */
function outcomeOf(action: unknown): 'success' | 'failure' | undefined {
  for (const name of ['networkConnectionAction', 'portProbeAction', 'dnsRequestAction']) {
    const blocked = at(at(action, name), 'blocked');
    if (typeof blocked === 'boolean') return blocked ? 'failure' : 'success';
  }
  const call = at(action, 'awsApiCallAction');
  if (call !== undefined) return text(at(call, 'errorCode')) ? 'failure' : 'success';
  return undefined;
}

export function guardDutyCommonFields(finding: Json, timestamp: string, ctx: ObjectContext): CommonFields {
  const account = text(finding.accountId);
  const region = text(finding.region);
  const action = at(finding.service, 'action');
  const addresses = guardDutyAddresses(action);
  return {
    logType: 'guardduty',
    timestamp,
    // The account the finding is about; the key's account is the administrator that exported it.
    accountId: account !== undefined && ACCOUNT_ID.test(account) ? account : ctx.accountId,
    region: region !== undefined && REGION.test(region) ? region : ctx.region,
    sourceIp: addresses.source,
    destinationIp: addresses.destination,
    userName: text(at(at(finding.resource, 'accessKeyDetails'), 'userName')),
    action: text(at(at(action, 'awsApiCallAction'), 'api')) ?? text(at(action, 'actionType')),
    outcome: outcomeOf(action),
  };
}

export function createGuardDutyParser(ctx: ObjectContext): LogObjectParser {
  const splitter = new JsonObjectSplitter(0, true);
  const iso = new IsoFormatter();

  const { onRecord, onBad } = isolatedRecords(
    ctx.objectId,
    undefined,
    (sink, json, _m, ordinal, fallbackId) => {
      // Findings are few and nested: parsing each one whole costs little and reads the action simply.
      const finding = JSON.parse(json) as Json;
      const updated = text(finding.updatedAt) ?? text(finding.createdAt);
      const timestamp = updated === undefined ? NaN : Date.parse(updated);
      if (!isValidEventTime(timestamp)) {
        sink.unparsable({
          ordinal,
          id: fallbackId,
          raw: json,
          error: 'missing or invalid updatedAt and createdAt',
        });
        return;
      }
      const findingId = idOf(text(finding.id));
      const id = findingId !== undefined ? (idOf(`${findingId}|${updated}`) ?? fallbackId) : fallbackId;
      sink.record({
        logType: 'guardduty',
        timestamp,
        id,
        ordinal,
        ...spliceDocument(guardDutyCommonFields(finding, iso.format(timestamp), ctx), json),
      });
    },
  );

  return splitRecords(splitter, onRecord, onBad);
}
