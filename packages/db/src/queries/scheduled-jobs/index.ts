export { type JobLease, releaseJobLease, takeJobLease } from './leases';
