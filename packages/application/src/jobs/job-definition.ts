// A job the product runs unattended: what it is, when (exchange time), what to do after downtime and how often to
// retry. The handlers live with the composition root; these are the facts the scheduler, the queue and the Jobs page
// share.
import type { MissedRunPolicy } from '@optionstrader/contracts';
import type { MarketSchedule } from '@optionstrader/domain';
import type { QueueRetryPolicy } from '../ports/jobs';

export interface JobDefinition {
  name: string;
  title: string;
  description: string;
  /** Null: never scheduled (run by hand or by an event), or turned off by the configuration. */
  schedule: MarketSchedule | null;
  missedRunPolicy: MissedRunPolicy;
  retry: QueueRetryPolicy;
}
