/** User- and log-facing texts the specs fix word for word. */
export const Messages = {
  requestExpired: 'Request expired (>24 hours old)',
  timedOutDuringRestart: 'Video generation timed out during bot restart',
  /** Vertex answered 404 for an operation that was never interrupted. */
  operationVanished: 'Vertex AI lost track of this video (its operation no longer exists). Nothing was delivered; please try again.',
  channelInaccessible: 'Cannot access channel for completion notification',
  unknownStartOutcome:
    'We could not confirm that Google started this video, and sending it again could bill you twice. Please press Retry.',
  processingTimedOut: (minutes: number) => `Video generation took longer than ${minutes} minutes and was stopped`,
  generationTimedOut: (minutes: number) => `Generation timed out after ${minutes} minutes`,
  retryHint: 'You can press Retry, or start again with a new `/veo` command.',
  resumedFooter: 'Resumed after bot restart',
} as const;

/** Log event names the specs use; shared by core and adapters. */
export const LogEvents = {
  resumeStarting: 'Starting resume process for interrupted requests',
  resumeNothing: 'No incomplete requests to resume',
  resumeRequest: 'Resuming request',
  resumeCompleted: 'Resume process completed',
  resumeQueryFailed: 'Failed to query incomplete requests',
  resumeDisabled: 'Task resume disabled by DISABLE_TASK_RESUME',
  resumeError: 'Error while resuming request',
  resumeProgress: 'Resume progress',
  requestExpired: 'Request expired',
  operationExpired: 'Operation expired',
  requestCreated: 'Request created',
  requestCreateFailed: 'Failed to create request',
  duplicateRequest: 'Duplicate request id',
  statusTransition: 'Request status changed',
  statusUpdateFailed: 'Failed to update request status',
  invalidTransition: 'Invalid status transition',
  queueingTime: 'Request queueing time',
  requestTiming: 'Request timing',
  taskTimeout: 'Request processing exceeded its time limit',
  taskError: 'Request processing failed unexpectedly',
  channelInaccessible: 'Channel not accessible for notification',
  notificationFailed: 'Failed to deliver notification',
  cleanupDeleted: 'Deleted expired requests',
  purgeFailed: 'Storage purge failed; retried on the next run',
  purgeCompleted: 'Storage purge completed',
  userForgotten: 'User data forgotten',
} as const;
