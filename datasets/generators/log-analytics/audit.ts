// One CloudTrail file: `{ "Records": [...] }` of one region, as CloudTrail delivers them (a few MB each). Calls
// from users and roles (from office or external addresses), AWS services (a service name, not an address), console
// logins (failures carry responseElements.ConsoleLogin = "Failure" and no errorCode, as in real trails) and
// failed calls with errorCode and errorMessage.
import { mixSeed, Random, Weighted } from '../access-logs/random.js'
import type { AddressPools } from './addresses.js'
import type { AttackEvent } from './attacks.js'
import { isoTime } from './format.js'
import type { ChunkSpan } from './plan.js'

export const account = '123456789012'
export const regions = new Weighted<string>([
  ['us-east-1', 40],
  ['eu-west-1', 22],
  ['us-west-2', 15],
  ['eu-central-1', 12],
  ['ap-southeast-1', 8],
  ['sa-east-1', 3],
])
const calls = new Weighted<readonly [string, string]>([
  [['s3.amazonaws.com', 'GetObject'], 30],
  [['s3.amazonaws.com', 'PutObject'], 12],
  [['ec2.amazonaws.com', 'DescribeInstances'], 14],
  [['ec2.amazonaws.com', 'RunInstances'], 2],
  [['sts.amazonaws.com', 'AssumeRole'], 12],
  [['sts.amazonaws.com', 'GetCallerIdentity'], 6],
  [['iam.amazonaws.com', 'ListUsers'], 3],
  [['iam.amazonaws.com', 'CreateAccessKey'], 1],
  [['kms.amazonaws.com', 'Decrypt'], 10],
  [['signin.amazonaws.com', 'ConsoleLogin'], 3],
])
const errors = [
  ['AccessDenied', 'User is not authorized to perform this action'],
  ['UnauthorizedOperation', 'You are not authorized to perform this operation.'],
  ['ThrottlingException', 'Rate exceeded'],
  ['NoSuchBucket', 'The specified bucket does not exist'],
] as const
const agents = [
  'aws-cli/2.15.10 Python/3.11.6 Linux/6.5.0 exe/x86_64',
  'Boto3/1.34.30 md/Botocore#1.34.30 ua/2.0 os/linux',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/121.0.0.0',
  'console.amazonaws.com',
]

type Record_ = Record<string, unknown>

function record(
  random: Random,
  ms: number,
  region: string,
  pools: AddressPools,
  forced?: AttackEvent,
): Record_ {
  const [eventSource, eventName] = forced
    ? (['signin.amazonaws.com', 'ConsoleLogin'] as const)
    : calls.pick(random)
  const console_ = eventName === 'ConsoleLogin'
  const service = !console_ && random.chance(0.15)
  const identityType = service
    ? 'AWSService'
    : console_
      ? random.chance(0.1)
        ? 'Root'
        : 'IAMUser'
      : random.pick(['IAMUser', 'AssumedRole', 'AssumedRole'])
  const user = forced?.user ?? `user${random.between(1, 40)}`
  const ip = forced
    ? forced.ip
    : service
      ? random.pick(['ec2.amazonaws.com', 'lambda.amazonaws.com', 'cloudformation.amazonaws.com'])
      : random.chance(0.6)
        ? random.pick(pools.office)
        : pools.clients.pick(random)
  const r: Record_ = {
    eventVersion: '1.09',
    userIdentity: service
      ? { type: 'AWSService', invokedBy: ip }
      : {
          type: identityType,
          principalId: `AIDA${random.uint32().toString(36).toUpperCase()}`,
          arn: `arn:aws:iam::${account}:user/${user}`,
          accountId: account,
          userName: user,
        },
    eventTime: isoTime(ms),
    eventSource,
    eventName,
    awsRegion: console_ ? 'us-east-1' : region,
    sourceIPAddress: ip,
    userAgent: console_ ? agents[2] : random.pick(agents),
    requestParameters: console_
      ? null
      : { bucketName: `bucket-${random.between(1, 20)}`, key: `data/${random.between(1, 1e6)}.json` },
    responseElements: null,
    requestID: random.uint32().toString(16),
    eventID: `${random.uint32().toString(16)}-${random.uint32().toString(16)}`,
    readOnly: eventName.startsWith('Get') || eventName.startsWith('Describe') || eventName.startsWith('List'),
    eventType: console_ ? 'AwsConsoleSignIn' : 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
  }
  if (console_) {
    const failed = forced !== undefined || random.chance(0.08)
    r.responseElements = { ConsoleLogin: failed ? 'Failure' : 'Success' }
    r.additionalEventData = {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: failed ? 'No' : 'Yes',
    }
    if (failed) r.errorMessage = 'Failed authentication'
  } else if (random.chance(0.05)) {
    const [code, message] = random.pick(errors)
    r.errorCode = code
    r.errorMessage = message
  }
  return r
}

export interface AuditFile {
  name: string
  text: string
}

export function auditFile(span: ChunkSpan): AuditFile {
  const { seed, index, first, count, total, pools, attacks, timeAt } = span
  const random = new Random(mixSeed(seed, 0xa0d17, index))
  const region = regions.pick(random)
  const records: Record_[] = []
  let next = 0
  for (let i = first; i < first + count; i++) {
    const ms = timeAt((i + random.float()) / total)
    while (next < attacks.length && attacks[next]!.timeMs <= ms) {
      const a = attacks[next++]!
      if (a.kind === 'console-fail') records.push(record(random, a.timeMs, region, pools, a))
    }
    const r = record(random, ms, region, pools)
    if (random.chance(0.01)) {
      // A record without one of the fields every event has.
      const field = random.pick(['eventTime', 'sourceIPAddress', 'awsRegion', 'eventName'])
      if (field === 'eventName') r.eventName = 42
      else delete r[field]
    }
    records.push(r)
  }
  for (; next < attacks.length; next++)
    if (attacks[next]!.kind === 'console-fail')
      records.push(record(random, attacks[next]!.timeMs, region, pools, attacks[next]))
  const stamp =
    isoTime(timeAt(first / total))
      .replace(/[-:]/g, '')
      .slice(0, 13) + 'Z'
  const name = `${account}_CloudTrail_${region}_${stamp}_${random.uint32().toString(36)}.json${index % 3 === 2 ? '' : '.gz'}`
  return { name, text: JSON.stringify({ Records: records }) }
}
