/**
 * The embedded default pricing catalog: list on-demand prices in USD, each with its provider,
 * region, the date it was taken and its source page. Pure data; the app copies it into SQLite
 * (where users edit it) and a topology's `pricing` block overrides it per file.
 */
import { z } from 'zod';

/** Where a price comes from. */
export const PriceOriginSchema = z.strictObject({
  provider: z.enum(['aws', 'gcp', 'azure', 'custom']),
  region: z.string().min(1).max(64).describe('Provider region, e.g. "us-east-1".'),
  takenOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' })
    .describe('Date the price was read from the source.'),
  source: z.string().min(1).max(500).describe('Public page the price was read from.'),
});
export type PriceOrigin = z.infer<typeof PriceOriginSchema>;

/** What an instance-type price is for. */
export const InstanceRoleSchema = z.enum(['compute', 'cache', 'database']);
export type InstanceRole = z.infer<typeof InstanceRoleSchema>;

const usd = z.number().min(0).max(1e6);

/** One instance type: vCPU, memory and USD per hour. */
export const InstancePriceSchema = PriceOriginSchema.extend({
  type: z
    .string()
    .min(1)
    .max(64)
    .describe('Catalog key, e.g. "m7g.large", "cache.r7g.large", "db.m7g.large".'),
  role: InstanceRoleSchema,
  vcpu: z.number().min(0).max(4096),
  memoryGiB: z.number().min(0).max(1e5),
  hourlyUsd: usd,
});
export type InstancePrice = z.infer<typeof InstancePriceSchema>;

/** A usage-priced item (per million, per GB, per hour). */
export const UnitPriceSchema = PriceOriginSchema.extend({
  usd,
  unit: z.string().min(1).max(64).describe('What one price unit is, e.g. "million requests".'),
});
export type UnitPrice = z.infer<typeof UnitPriceSchema>;

/** Names of the usage-priced items the cost model reads. */
export const UNIT_PRICE_KEYS = [
  'loadBalancerHour',
  'loadBalancerLcuHour',
  'gatewayPerMillion',
  'queuePerMillionRequests',
  'serverlessPerMillion',
  'serverlessPerGbSecond',
  'databaseStorageGbMonth',
  'transferCrossZonePerGb',
  'transferCrossRegionPerGb',
  'transferEgressPerGb',
] as const;
export type UnitPriceKey = (typeof UNIT_PRICE_KEYS)[number];

/** The whole catalog. */
export const PricingCatalogSchema = z.strictObject({
  instances: z.array(InstancePriceSchema).max(5000),
  units: z.strictObject(
    Object.fromEntries(UNIT_PRICE_KEYS.map((k) => [k, UnitPriceSchema])) as Record<
      UnitPriceKey,
      typeof UnitPriceSchema
    >,
  ),
  /** Instance type assumed when a pool names none, per role. */
  defaults: z.strictObject({ compute: z.string(), cache: z.string(), database: z.string() }),
  /** Requests carried per new load-balancer connection (keep-alive), for LCU estimates. */
  requestsPerConnection: z.number().min(1).max(1e6),
  /** Queue API requests per message (send, receive, delete). */
  queueRequestsPerMessage: z.number().min(1).max(100),
});
export type PricingCatalog = z.infer<typeof PricingCatalogSchema>;

/** Hours in a billing month (AWS convention: 365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;

/** Date the embedded list prices refer to: entered by hand from the providers' published price pages as of that date, not fetched by a script — verify against the source before quoting. */
const TAKEN = '2025-06-01';
const EC2 = 'https://aws.amazon.com/ec2/pricing/on-demand/';
const ELASTICACHE = 'https://aws.amazon.com/elasticache/pricing/';
const RDS = 'https://aws.amazon.com/rds/postgresql/pricing/';
const GCE = 'https://cloud.google.com/compute/vm-instance-pricing';
const AZURE = 'https://azure.microsoft.com/pricing/details/virtual-machines/linux/';

const aws = (region = 'us-east-1') => ({ provider: 'aws' as const, region, takenOn: TAKEN });

const ec2 = (type: string, vcpu: number, memoryGiB: number, hourlyUsd: number): InstancePrice => ({
  ...aws(),
  source: `${EC2} (Linux, on-demand)`,
  type,
  role: 'compute',
  vcpu,
  memoryGiB,
  hourlyUsd,
});
const cache = (type: string, vcpu: number, memoryGiB: number, hourlyUsd: number): InstancePrice => ({
  ...aws(),
  source: `${ELASTICACHE} (Redis OSS, on-demand node)`,
  type,
  role: 'cache',
  vcpu,
  memoryGiB,
  hourlyUsd,
});
const rds = (type: string, vcpu: number, memoryGiB: number, hourlyUsd: number): InstancePrice => ({
  ...aws(),
  source: `${RDS} (PostgreSQL, single-AZ, on-demand)`,
  type,
  role: 'database',
  vcpu,
  memoryGiB,
  hourlyUsd,
});

/** The catalog shipped with Headroom. */
export const DEFAULT_PRICING_CATALOG: PricingCatalog = {
  instances: [
    ec2('t3.micro', 2, 1, 0.0104),
    ec2('t3.small', 2, 2, 0.0208),
    ec2('t3.medium', 2, 4, 0.0416),
    ec2('t3.large', 2, 8, 0.0832),
    ec2('m7g.medium', 1, 4, 0.0408),
    ec2('m7g.large', 2, 8, 0.0816),
    ec2('m7g.xlarge', 4, 16, 0.1632),
    ec2('m7g.2xlarge', 8, 32, 0.3264),
    ec2('m7g.4xlarge', 16, 64, 0.6528),
    ec2('m7i.large', 2, 8, 0.1008),
    ec2('m7i.xlarge', 4, 16, 0.2016),
    ec2('m7i.2xlarge', 8, 32, 0.4032),
    ec2('m6i.large', 2, 8, 0.096),
    ec2('m6i.xlarge', 4, 16, 0.192),
    ec2('m6i.2xlarge', 8, 32, 0.384),
    ec2('c7g.large', 2, 4, 0.0725),
    ec2('c7g.xlarge', 4, 8, 0.145),
    ec2('c7g.2xlarge', 8, 16, 0.29),
    ec2('c7g.4xlarge', 16, 32, 0.58),
    ec2('c6i.large', 2, 4, 0.085),
    ec2('c6i.xlarge', 4, 8, 0.17),
    ec2('c6i.2xlarge', 8, 16, 0.34),
    ec2('r7g.large', 2, 16, 0.1071),
    ec2('r7g.xlarge', 4, 32, 0.2142),
    cache('cache.t4g.micro', 2, 0.5, 0.016),
    cache('cache.t4g.small', 2, 1.37, 0.032),
    cache('cache.t4g.medium', 2, 3.09, 0.065),
    cache('cache.m7g.large', 2, 6.38, 0.158),
    cache('cache.m7g.xlarge', 4, 12.93, 0.315),
    cache('cache.r7g.large', 2, 13.07, 0.219),
    cache('cache.r7g.xlarge', 4, 26.32, 0.437),
    rds('db.t4g.micro', 2, 1, 0.016),
    rds('db.t4g.medium', 2, 4, 0.065),
    rds('db.m7g.large', 2, 8, 0.168),
    rds('db.m7g.xlarge', 4, 16, 0.337),
    rds('db.m7g.2xlarge', 8, 32, 0.674),
    rds('db.r7g.large', 2, 16, 0.239),
    rds('db.r7g.xlarge', 4, 32, 0.478),
    {
      provider: 'gcp',
      region: 'us-central1',
      takenOn: TAKEN,
      source: GCE,
      type: 'e2-standard-2',
      role: 'compute',
      vcpu: 2,
      memoryGiB: 8,
      hourlyUsd: 0.067,
    },
    {
      provider: 'gcp',
      region: 'us-central1',
      takenOn: TAKEN,
      source: GCE,
      type: 'n2-standard-2',
      role: 'compute',
      vcpu: 2,
      memoryGiB: 8,
      hourlyUsd: 0.0971,
    },
    {
      provider: 'azure',
      region: 'eastus',
      takenOn: TAKEN,
      source: AZURE,
      type: 'D2s_v5',
      role: 'compute',
      vcpu: 2,
      memoryGiB: 8,
      hourlyUsd: 0.096,
    },
  ],
  units: {
    loadBalancerHour: {
      ...aws(),
      source: 'https://aws.amazon.com/elasticloadbalancing/pricing/ (Application Load Balancer)',
      usd: 0.0225,
      unit: 'balancer-hour',
    },
    loadBalancerLcuHour: {
      ...aws(),
      source: 'https://aws.amazon.com/elasticloadbalancing/pricing/ (Application Load Balancer)',
      usd: 0.008,
      unit: 'LCU-hour',
    },
    gatewayPerMillion: {
      ...aws(),
      source: 'https://aws.amazon.com/api-gateway/pricing/ (HTTP API, first 300 million)',
      usd: 1.0,
      unit: 'million requests',
    },
    queuePerMillionRequests: {
      ...aws(),
      source: 'https://aws.amazon.com/sqs/pricing/ (standard queue, after the free tier)',
      usd: 0.4,
      unit: 'million API requests',
    },
    serverlessPerMillion: {
      ...aws(),
      source: 'https://aws.amazon.com/lambda/pricing/ (requests)',
      usd: 0.2,
      unit: 'million requests',
    },
    serverlessPerGbSecond: {
      ...aws(),
      source: 'https://aws.amazon.com/lambda/pricing/ (x86 duration, first 6 billion GB-s)',
      usd: 0.0000166667,
      unit: 'GB-second',
    },
    databaseStorageGbMonth: {
      ...aws(),
      source: `${RDS} (gp3 storage)`,
      usd: 0.115,
      unit: 'GB-month',
    },
    transferCrossZonePerGb: {
      ...aws(),
      source: 'https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer (across AZs, each way)',
      usd: 0.01,
      unit: 'GB',
    },
    transferCrossRegionPerGb: {
      ...aws(),
      source: 'https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer (between US regions)',
      usd: 0.02,
      unit: 'GB',
    },
    transferEgressPerGb: {
      ...aws(),
      source: 'https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer (to the internet, first 10 TB)',
      usd: 0.09,
      unit: 'GB',
    },
  },
  defaults: { compute: 'm7g.large', cache: 'cache.m7g.large', database: 'db.m7g.large' },
  requestsPerConnection: 10,
  queueRequestsPerMessage: 3,
};
