export const CHANNELS = ['hotline', 'mailbox', 'web', 'app', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];

export const KINDS = ['complaint', 'request', 'consultation', 'suggestion', 'report', 'praise'] as const;
export type Kind = (typeof KINDS)[number];

export const PRIORITIES = ['normal', 'urgent', 'emergency'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const STATUSES = ['received', 'dispatched', 'returned', 'in_progress', 'replied', 'closed'] as const;
export type CaseStatus = (typeof STATUSES)[number];
