export const CHANNELS = ['hotline', 'mailbox', 'web', 'app', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];

export { KINDS, type Kind } from '../catalog/category.entity';

export { PRIORITIES, type Priority } from '../calendar/sla-policy.entity';

export const STATUSES = ['received', 'dispatched', 'returned', 'in_progress', 'replied', 'closed'] as const;
export type CaseStatus = (typeof STATUSES)[number];

export const RESOLUTIONS = ['resolved', 'explained', 'unresolvable'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/**
 * How a case was closed: by the centre at intake (answered, not accepted, merged, transferred to an
 * emergency line) or after the answer (callback, rating).
 */
export const CLOSE_REASONS = ['answered', 'not_accepted', 'merged', 'callback', 'rating', 'transferred'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** The emergency and police lines a call may be handed over to: police, fire, ambulance, traffic accidents. */
export const TRANSFER_TARGETS = ['110', '119', '120', '122'] as const;
export type TransferTarget = (typeof TRANSFER_TARGETS)[number];
